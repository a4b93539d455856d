"""The wheel carries what `biwu serve --demo` reads (issue 10 item 12).

`pip install .` into a clean venv, then `biwu serve --demo`, crashed with FileNotFoundError:
the example contests lived only in the top-level examples/ folder, outside every package.
They now ship as package data of `contests` (contests/examples links to examples/, which
users keep reading) and the demo loads them with importlib.resources.

The test builds the wheel from a copy of the source tree (so no build/ or egg-info lands in
the work tree), lists its contents, then imports biwu from the wheel file itself (a zip: no
file-system path can leak in) and loads every example the demo seeds. About 10 s, most of
it pip fetching the declared setuptools for the isolated build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "api", "contests", "scoring", "examples")
EXAMPLES = {"welder.toml", "electrician.toml", "five-smalls-2026.json"}


def _wheel(tmp_path: Path) -> Path:
    tree = tmp_path / "src"
    tree.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, tree / name)
    out = tmp_path / "dist"
    build = [sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "--quiet", "--wheel-dir", str(out)]
    subprocess.run(build, check=True, timeout=300)
    [wheel] = out.glob("biwu-*.whl")
    return wheel


def test_the_wheel_ships_the_examples_and_the_demo_loads_them_from_it(tmp_path):
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("contests/examples/")}
    assert EXAMPLES <= shipped, sorted(names)
    assert {n for n in names if n.startswith("examples/")} == set()  # no top-level "examples" package in site-packages

    # examples/ also ships labour-competition and honours files: only contests (with [[events]]) go to the demo
    contests = sorted(Path(n).stem for n in shipped if n.endswith(".toml") and b"[[events]]" in (ROOT / "examples" / n).read_bytes())
    script = (
        "import api.demo as demo\n"
        "assert '.whl' in demo.__file__, demo.__file__\n"
        f"print(sorted(demo.load_example(name).id for name in {contests!r}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(wheel)}  # the wheel first: the editable install of the work tree does not answer
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "welder" in done.stdout and "electrician" in done.stdout
