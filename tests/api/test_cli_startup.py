"""`biwu --help` and `biwu import` start without the web stack (issue 15, point 6): each runs
in a fresh interpreter, which then lists what it imported. Nothing here is timed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from api.cli import DEFAULT_URL, ROLES
from contests import accounts, store
from tests.api.conftest import new_contest

WEB_STACK = ("litestar", "uvicorn", "jinja2", "granian", "api.app", "api.auth")

# runs the command as `biwu` does, then prints the web-stack modules the process loaded
PROBE = """
import json, sys
from api.cli import main
try:
    main(sys.argv[1:], prog_name="biwu")
except SystemExit as exit:
    code = exit.code
web = sorted(m for m in sys.modules if m.split(".")[0] in {stack} or m in {stack})
print("\\nLOADED " + json.dumps(web))
sys.exit(code)
"""


def _biwu(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(stack=repr(set(WEB_STACK))), *args], capture_output=True, text=True, timeout=120
    )
    loaded = json.loads(done.stdout.rsplit("LOADED ", 1)[1])
    return done, loaded


def test_help_loads_no_web_stack():
    done, loaded = _biwu("--help")
    assert done.returncode == 0, done.stderr
    assert "import" in done.stdout and "serve" in done.stdout
    assert loaded == []


@pytest.mark.db
def test_import_loads_no_web_stack(client, headers, api_db, tmp_path):
    cid = new_contest(client, headers["organiser"])
    sheet = tmp_path / "选手.csv"
    sheet.write_text("工号,姓名,单位,赛项\nS1,甲,TL,welder\n", encoding="utf-8")
    done, loaded = _biwu("import", str(cid), str(sheet), "--db", api_db)
    assert done.returncode == 0, done.stderr
    assert f"imported 1 competitors into contest {cid}" in done.stdout
    assert loaded == []


def test_cli_constants_mirror_the_library():
    """The CLI keeps its own copies so that its start-up imports nothing but click."""
    assert ROLES == accounts.ROLES
    assert DEFAULT_URL == store.DEFAULT_URL
