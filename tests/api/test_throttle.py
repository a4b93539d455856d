"""Login throttling (issue 10, item 7): by account and by client address, 429 problem+json
with Retry-After, logged as events; argon2 bounded off the event loop. The flood runs
concurrently with a legitimate login of another account, which still succeeds."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Iterator

import pytest
from litestar.testing import AsyncTestClient, TestClient
from sqlalchemy import select

from api.app import create_app
from api.shared_counts import DatabaseStore
from api.throttle import LoginLimits, SharedFailedLogins
from contests.store import make_engine
from contests.store.shared_counts import SharedCountRow
from contests.usecases.accounts import hashing
from tests.api.conftest import PASSWORD, SECRET

pytestmark = pytest.mark.db


def _events(caplog, name: str) -> list[dict]:
    return [r.msg for r in caplog.records if r.name == "biwu.events" and isinstance(r.msg, dict) and r.msg.get("event") == name]


def _is_throttle(response, path: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["status"] == 429 and body["type"] == "/problems/too-many-requests"
    assert body["errors"][0]["path"] == path and "try again in" in body["errors"][0]["rule"]


def test_a_flood_on_one_account_is_throttled_while_another_account_logs_in(api_db, client, caplog):
    """16 clients at once, 40 wrong passwords for the chief judge, concurrently with the
    organiser's right password: the organiser gets a token; the flood gets 429s."""
    app = create_app(api_db, secret=SECRET, login_limits=LoginLimits(per_address=1000, failures=5))

    async def flood() -> tuple[list[int], int]:
        async with AsyncTestClient(app) as http:
            wrong = [http.post("/auth/token", data={"username": "chief", "password": f"guess-{k:04d}"}) for k in range(40)]
            right = http.post("/auth/token", data={"username": "org", "password": PASSWORD.format("org")})
            answers = await asyncio.gather(*wrong[:20], right, *wrong[20:])
            statuses = [r.status_code for r in answers]
            return statuses[:20] + statuses[21:], statuses[20]

    with caplog.at_level(logging.INFO, logger="biwu"):
        statuses, organiser = asyncio.run(flood())
    assert organiser == 200
    assert set(statuses) <= {401, 429} and statuses.count(429) >= 30  # at most 5 failures get through (+ those in flight)
    assert len(_events(caplog, "login.failed")) == statuses.count(401)
    assert {e["by"] for e in _events(caplog, "login.throttled")} == {"account"}
    assert all("password" not in e and "guess" not in str(e) for e in _events(caplog, "login.failed"))


def test_a_throttled_account_is_refused_even_with_the_right_password(api_db, client):
    app = create_app(api_db, secret=SECRET, login_limits=LoginLimits(per_address=1000, failures=3))
    with TestClient(app) as http:
        for k in range(3):
            assert http.post("/auth/token", data={"username": "viewer", "password": f"wrong-{k}-xxxx"}).status_code == 401
        _is_throttle(http.post("/auth/token", data={"username": "viewer", "password": PASSWORD.format("viewer")}), "username")
        assert http.post("/auth/token", data={"username": "judge1", "password": PASSWORD.format("judge1")}).status_code == 200


def test_too_many_attempts_from_one_address_get_429_with_retry_after(api_db, client, caplog):
    app = create_app(api_db, secret=SECRET, login_limits=LoginLimits(per_address=5, failures=100))
    with TestClient(app) as http, caplog.at_level(logging.INFO, logger="biwu"):
        for k in range(5):
            assert http.post("/auth/token", data={"username": f"someone{k}", "password": "not-it-at-all"}).status_code == 401
        response = http.post("/auth/token", data={"username": "org", "password": PASSWORD.format("org")})
        _is_throttle(response, "client")
        assert http.get("/health").status_code == 200  # only logins are limited
    assert [e["by"] for e in _events(caplog, "login.throttled")] == ["address"]
    assert len(_events(caplog, "login.failed")) == 5


class _Counted:
    """`SharedFailedLogins` on the test database, called like a plain object: each call runs
    to its end on one event loop (the engine's connections belong to it). `_failures` is the
    usernames the table holds a row for: what the lock keeps, wherever it keeps it."""

    def __init__(self, runner: asyncio.Runner, store: DatabaseStore) -> None:
        self._runner, self._store = runner, store
        self._logins: SharedFailedLogins | None = None

    def __call__(self, limit: int, window: float) -> _Counted:
        self._logins = SharedFailedLogins(self._store, limit, window)
        return self

    def attempt(self, username: str) -> int | None:
        return self._runner.run(self._logins.attempt(username))

    def finish(self, username: str, succeeded: bool | None) -> None:
        self._runner.run(self._logins.finish(username, succeeded))

    @property
    def _failures(self) -> list[str]:
        async def keys() -> list[str]:
            async with self._store.engine.connect() as conn:
                return list((await conn.scalars(select(SharedCountRow.key).where(SharedCountRow.key.like("failed-login::%")))).all())

        return self._runner.run(keys())


@pytest.fixture
def failed_logins(api_db) -> Iterator[_Counted]:
    """A `SharedFailedLogins` maker on the module's database, whose count table starts empty."""
    with asyncio.Runner() as runner:
        engine = make_engine(api_db)
        store = DatabaseStore(engine)
        try:
            runner.run(store.delete_all())
            yield _Counted(runner, store)
        finally:
            runner.run(engine.dispose())


def test_failed_logins_forget_old_failures_and_a_success_clears_them(monkeypatch, failed_logins):
    now = [1000.0]
    monkeypatch.setattr("api.throttle.time.time", lambda: now[0])
    failed = failed_logins(limit=3, window=60.0)
    for _ in range(3):
        assert failed.attempt("wang") is None
        failed.finish("wang", False)
    assert failed.attempt("wang") == 61
    assert failed.attempt("li") is None
    now[0] += 61
    assert failed.attempt("wang") is None
    failed.finish("wang", True)
    assert failed.attempt("wang") is None


def test_attempts_in_flight_count_against_the_limit(failed_logins):
    failed = failed_logins(limit=2, window=60.0)
    assert failed.attempt("wang") is None and failed.attempt("wang") is None
    assert failed.attempt("wang") == 1  # both still being checked: a third must wait
    failed.finish("wang", None)  # an overloaded check counts as nothing
    assert failed.attempt("wang") is None


def test_failed_logins_take_bounded_memory(monkeypatch, failed_logins):
    """A spray of random usernames: each row lives for its window (plus the checking time),
    and every write purges expired ones, so the table holds about the names of the last window."""
    now = [1000.0]
    monkeypatch.setattr("api.throttle.time.time", lambda: now[0])
    failed = failed_logins(limit=3, window=60.0)
    for k in range(150):  # more names than the bound below
        now[0] += 2.0  # one new username every 2 s: a row lives 121 s, so about 60 are live at once
        failed.attempt(f"user{k}")
        failed.finish(f"user{k}", False)
    assert len(failed._failures) <= 100


def test_password_hashing_is_bounded_and_runs_off_the_event_loop(monkeypatch):
    """More hashes than workers plus queue → HashingBusy at once (→ 503), and the loop keeps
    turning while the hashes run in their own threads."""
    monkeypatch.setattr(hashing, "MAX_WAITING", 2)

    async def crowd() -> tuple[int, int, int]:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        tick = asyncio.create_task(ticker())
        tasks = [asyncio.create_task(hashing.hash_password(f"口令-{k}-abcdefgh")) for k in range(hashing.HASH_WORKERS + 6)]
        results = await asyncio.gather(*tasks, return_exceptions=True)
        tick.cancel()
        busy = sum(isinstance(r, hashing.HashingBusy) for r in results)
        done = sum(isinstance(r, str) for r in results)
        return busy, done, ticks

    busy, done, ticks = asyncio.run(crowd())
    assert done == hashing.HASH_WORKERS + 2 and busy == 4
    assert ticks > done  # the event loop ran between the hashes


@pytest.mark.skipif(not hasattr(os, "getpriority") or sys.platform != "linux", reason="per-thread niceness is Linux's")
def test_hashing_threads_run_at_a_lower_cpu_priority():
    asyncio.run(hashing.hash_password("口令-优先级-abcdefgh"))
    pool = [t for t in threading.enumerate() if t.name.startswith("argon2")]
    assert pool and all(os.getpriority(os.PRIO_PROCESS, t.native_id) >= hashing.HASH_NICENESS for t in pool)
