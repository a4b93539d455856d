"""The README's walk-through works as written (issue 10, "Done when").

Every ```sh block of README.md is run, in order, as one bash script against a live server:
`biwu serve --demo` on a free loopback port with a fresh SQLite file, the way `make run`
starts it. A block preceded by `<!-- readme-walkthrough: not run (why) -->` is left out
(the quick-start `make` commands, the command-line synopsis). `http://localhost:8000` is
replaced by the test server's address; the script runs in a temporary folder holding links
to the repository's examples/ and scripts/, so the files the walk-through writes (c.csv,
报名表.xlsx …) stay out of the work tree; `xdg-open` fetches the page instead of opening a
browser.

What the README shows is what is checked. A block is cut into steps at each expected
answer, a comment line starting with `# {` or `# [` (continued by lines starting `#   `).
Every `"key":value` with a literal value in it must appear in what the step printed:
`"<…>"` stands for a value that differs on every run (only the key is checked), and a text
ending in `…` is a prefix. Every HTTP status of a step must be 2xx, or one the step's
expected answer shows (`"status":409`), and that status must occur. Any failing command
stops the script (`set -euo pipefail`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SKIP = "<!-- readme-walkthrough: not run"
README_BASE = "http://localhost:8000"
PAIR = re.compile(r'"([^"]+)":("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)')
PRELUDE = """set -euo pipefail
curl() { command curl -w '%{stderr}@@status %{http_code}\\n' "$@"; }
xdg-open() { curl -s -o /dev/null "$1"; }
"""


@dataclass
class Step:
    block: int
    code: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)

    def label(self) -> str:
        first = next((line for line in self.code if line.strip() and not line.startswith("#")), "")
        return f"README block {self.block}: {first.strip()[:100]}"


# ---------------------------------------------------------------- reading the README


def sh_blocks(text: str) -> list[list[str]]:
    """The lines of every ```sh block that is not marked "not run", in order."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    keep, previous = True, ""
    for line in text.splitlines():
        if current is None and line.strip() == "```sh":
            current, keep = [], not previous.startswith(SKIP)
        elif current is not None and line.strip() == "```":
            if keep:
                blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
        if line.strip():
            previous = line.strip()
    return blocks


def steps(blocks: list[list[str]]) -> list[Step]:
    out: list[Step] = []
    for b, lines in enumerate(blocks, start=1):
        step = Step(b)
        for line in lines:
            expecting = line.startswith(("# {", "# [")) or (step.expected and line.startswith("#   "))
            if expecting:
                step.expected.append(line[2:])
                continue
            if step.expected:
                out.append(step)
                step = Step(b)
            step.code.append(line)
        out.append(step)
    return [s for s in out if any(line.strip() for line in s.code)]


def script(all_steps: list[Step], base: str) -> str:
    body = [PRELUDE]
    for k, step in enumerate(all_steps):
        body.append(f"printf '\\n@@step {k}\\n'; printf '\\n@@step {k}\\n' >&2")  # an answer need not end in a newline
        body += [line.replace(README_BASE, base) for line in step.code]
    return "\n".join(body) + "\n"


def split(output: str) -> dict[int, str]:
    parts: dict[int, str] = {}
    for chunk in re.split(r"^@@step ", output, flags=re.M)[1:]:
        number, _, rest = chunk.partition("\n")
        parts[int(number)] = rest
    return parts


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder: Path, port: int) -> subprocess.Popen:
    biwu = Path(sys.executable).with_name("biwu")
    command = [str(biwu)] if biwu.exists() else [sys.executable, "-c", "from api.cli import main; main()"]
    command += ["serve", "--demo", "--host", "127.0.0.1", "--port", str(port), "--db", "sqlite+aiosqlite:///./biwu.db"]
    env = {**os.environ, "BIWU_SECRET": "readme-walkthrough-" + "s" * 32}
    with (folder / "server.log").open("wb") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(base: str, server: subprocess.Popen, folder: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"biwu serve --demo exited: {(folder / 'server.log').read_text('utf-8', 'replace')[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as response:
                if json.loads(response.read()).get("status") == "ok":
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail("the demo server did not answer /health in time")


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in ("examples", "scripts"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    port = free_port()
    base = f"http://localhost:{port}"
    server = serve(folder, port)
    try:
        wait_for(base, server, folder)
        all_steps = steps(sh_blocks(README.read_text("utf-8")))
        (folder / "walkthrough.sh").write_text(script(all_steps, base), "utf-8")
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(["bash", "walkthrough.sh"], cwd=folder, env=env, capture_output=True, text=True, timeout=240)
        yield all_steps, done, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---------------------------------------------------------------- checks


def expected_pairs(step: Step) -> list[tuple[str, str]]:
    return PAIR.findall(" ".join(step.expected))


def missing(pairs: list[tuple[str, str]], printed: str) -> list[str]:
    out = []
    for key, value in pairs:
        if value.startswith('"<') and value.endswith('>"'):
            wanted = f'"{key}":"'
        elif value.endswith('…"'):
            wanted = f'"{key}":{value[:-2]}'
        else:
            wanted = f'"{key}":{value}'
        if wanted not in printed:
            out.append(wanted)
    return out


def test_the_readme_walkthrough_runs_as_written(walkthrough):
    all_steps, done, folder = walkthrough
    assert len(all_steps) > 30, "the README's shell blocks were not found"
    stdout, stderr = split(done.stdout), split(done.stderr)
    last = max(stdout, default=-1)
    assert done.returncode == 0, f"stopped in step {last} ({all_steps[last].label() if last >= 0 else '?'}):\n{done.stderr[-3000:]}"
    assert last == len(all_steps) - 1
    problems = []
    for k, step in enumerate(all_steps):
        statuses = [int(s) for s in re.findall(r"^@@status (\d+)$", stderr.get(k, ""), flags=re.M)]
        shown = {int(v) for key, v in expected_pairs(step) if key == "status" and v.isdigit()}
        wrong = [s for s in statuses if not 200 <= s < 300 and s not in shown]
        if wrong or not shown <= set(statuses):
            problems.append(f"{step.label()}: HTTP {statuses}, the README shows {sorted(shown) or '2xx'}")
        if gone := missing(expected_pairs(step), stdout.get(k, "")):
            problems.append(f"{step.label()}: printed {stdout.get(k, '')[:300]!r} without {gone}")
    assert problems == [], "\n".join(problems)


def test_the_walkthrough_leaves_the_files_it_promises(walkthrough):
    _, done, folder = walkthrough
    assert done.returncode == 0
    for name in ("报名表.xlsx", "成绩.xlsx", "奖金发放表.xlsx"):
        assert (folder / name).read_bytes()[:2] == b"PK", name  # XLSX is a zip


def test_no_variable_is_reused_for_two_things():
    """`$E` was once the welder event and then the employee's token."""
    assigned: dict[str, str] = {}
    clashes = []
    for lines in sh_blocks(README.read_text("utf-8")):
        for line in lines:
            for name, value in re.findall(r"(?:^|;\s*)([A-Z][A-Z0-9]*)=([^;]*)", line.strip()):
                if assigned.setdefault(name, value.strip()) != value.strip():
                    clashes.append(f"{name}: {assigned[name]} / {value.strip()}")
    assert clashes == []


def test_the_readme_needs_no_macos_only_command():
    for lines in sh_blocks(README.read_text("utf-8")):
        assert not [line for line in lines if re.match(r"\s*open\s", line)]
    assert shutil.which("bash")
