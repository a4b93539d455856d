"""`biwu serve --workers N` (issue 15, item 7): several processes on one PostgreSQL database,
none holding anything another could contradict.

The real test runs two servers on the same database, as a reverse proxy would see them: A is
`biwu serve --workers 2` without BIWU_SECRET, B an app in this process built with the key
stored in the database (a third worker, started cheaply). A token issued by A works on B and
B's on A (A signs with the stored key); a theory mark corrected through B shows in
A's standings at once, although A had them cached (the cache's key is read from the database
on every request); the same batch sent to A with B's Idempotency-Key is answered from the key
and stores nothing twice. With any of these kept in a process's memory (a random key per
process, a cache cleared only by the worker that wrote, keys remembered in memory), it fails.
SQLite is refused for more than one worker, so that part runs in the PostgreSQL pass only.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from api.app import create_app
from api.cli import main
from contests.store.models import MarkRow
from contests.usecases.accounts.signing_key import signing_key
from tests.api.conftest import run_on
from tests.benchmarks.service import PASSWORD
from tests.benchmarks.standings import _seed
from tests.servers import free_port, wait_until_up

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]


def _postgresql_only(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("several workers need PostgreSQL (SQLite is refused); run with TEST_DATABASE_URL")


def test_sqlite_is_refused_for_several_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    started: list = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kw: started.append(kw))
    db = f"sqlite+aiosqlite:///{tmp_path / 'never.db'}"
    result = CliRunner().invoke(main, ["serve", "--db", db, "--workers", "2"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for --workers" in result.output and "needs PostgreSQL" in result.output
    assert not started and not (tmp_path / "never.db").exists()  # refused before migrating anything


def test_workers_get_the_database_and_its_stored_key(api_db: str, monkeypatch: pytest.MonkeyPatch):
    _postgresql_only(api_db)
    started: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append((app, kw)))
    monkeypatch.setenv("BIWU_SECRET", "")  # none given: the stored key (both restored after the test, as serve sets them)
    monkeypatch.setenv("BIWU_DATABASE_URL", "")
    result = CliRunner().invoke(main, ["serve", "--db", api_db, "--workers", "3", "--port", "8123"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "3 workers" in result.output
    [(app, options)] = started
    assert app == "api.workers:worker_app"
    assert options == {"host": "127.0.0.1", "port": 8123, "log_level": "info", "access_log": False, "factory": True, "workers": 3}
    assert os.environ["BIWU_DATABASE_URL"] == api_db and len(os.environ["BIWU_SECRET"]) >= 32


def _start(stack: ExitStack, url: str, workers: int, log: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BIWU_SECRET"}  # each server reads the key stored in the database
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port), "--db", url]
    server = subprocess.Popen([*command, "--workers", str(workers)], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT)
    stack.callback(_stop, server)
    return f"http://127.0.0.1:{port}", server


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a worker still starting under load: kill the whole group's parent
        server.kill()
        server.wait()


def _token(client: httpx.Client | TestClient, username: str) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _theory_versions(url: str, cid: int) -> int:
    async def go(session) -> int:
        where = (MarkRow.contest_id == cid, MarkRow.module_id == "theory", MarkRow.version > 1)
        return int(await session.scalar(select(func.count()).select_from(MarkRow).where(*where)))

    return run_on(url, go)


def test_two_servers_on_one_database_agree(api_db: str, tmp_path: Path):
    _postgresql_only(api_db)
    cid = asyncio.run(_seed(api_db, 6))[0]
    path = f"/contests/{cid}/events/welder/standings"
    with ExitStack() as stack:
        base_a, server_a = _start(stack, api_db, 2, tmp_path / "a.log")
        a = stack.enter_context(httpx.Client(base_url=base_a, timeout=60))  # one keep-alive connection: one worker of A
        b = stack.enter_context(TestClient(create_app(api_db, secret=run_on(api_db, signing_key))))  # B: a worker in this process
        wait_until_up(base_a, server_a, tmp_path / "a.log", 90)
        chief = _token(a, "bench-chief")
        assert b.get(path, headers=chief).status_code == 200  # A's token on B: one signing key
        before = a.get(path, headers=chief)
        assert a.get(path, headers=chief).headers["x-standings-cache"] == "hit"
        row = before.json()["rows"][0]
        mark = {"module_id": "theory", "blind_code": row["blind_code"], "aspect_id": "theory_mark", "reason": "复核更正"}
        batch = {"marks": [mark | {"value": 0}]}  # the leader's theory mark was 40 to 100 (the seed's range)
        judge = _token(b, "bench-t1") | {"Idempotency-Key": "workers-test-1"}
        written = b.post(f"/contests/{cid}/events/welder/marks", json=batch, headers=judge)
        assert written.status_code == 201, written.text
        replayed = a.post(f"/contests/{cid}/events/welder/marks", json=batch, headers=judge)
        assert replayed.status_code == 201 and replayed.json() == written.json()  # B's key, answered by A
        other = {"marks": [mark | {"value": 1}]}
        assert a.post(f"/contests/{cid}/events/welder/marks", json=other, headers=judge).status_code == 409
        assert _theory_versions(api_db, cid) == 1  # the replay stored nothing
        after = a.get(path, headers=chief)
        assert after.headers["x-standings-cache"] == "miss"  # A's cached answer died with B's change
        fresh = b.get(path, headers=chief).json()
        assert _without_time(after.json()) == _without_time(fresh) != _without_time(before.json())


def _without_time(standings: dict) -> dict:
    return {k: v for k, v in standings.items() if k != "computed_at"}  # each worker stamps its own computation
