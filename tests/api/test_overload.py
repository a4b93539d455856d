"""A busy database is a retryable overload, not a 500 (issue 10, item 2): 503 problem+json
naming it, with `Retry-After`, and nothing stored.

- SQLite: another connection holds the write lock past the busy timeout (lowered through
  the database URL's `?timeout=`), so the request's write gets "database is locked";
- the connection pool has no free connection in time (SQLite and PostgreSQL);
- PostgreSQL: a real lock timeout (55P03), and the deadlock and serialization failures
  (40P01, 40001) as the driver raises them.
"""

from __future__ import annotations

import asyncio
import sqlite3

import httpx
import pytest
from litestar import Litestar, get
from litestar.testing import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api import problems
from api.app import create_app
from contests.store import make_engine, session_factory
from contests.store.overload import overload, transient
from tests.api.conftest import SECRET, new_contest

pytestmark = pytest.mark.db


def assert_overload(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "/problems/overloaded" and body["status"] == 503
    assert "nothing was stored, send the same request again" in body["detail"], body


def test_sqlite_database_is_locked_answers_503_with_retry_after(api_db, client, organiser, run, row_counts):
    if make_url(api_db).get_backend_name() != "sqlite":
        pytest.skip("SQLite's single writer lock")
    cid = new_contest(client, organiser)
    before = row_counts()
    holder = sqlite3.connect(make_url(api_db).database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock, longer than the app waits
    try:
        with TestClient(create_app(f"{api_db}?timeout=0.2", secret=SECRET), raise_server_exceptions=False) as app:
            response = app.post(f"/contests/{cid}/units", json={"code": "NEW", "name": "新单位"}, headers=organiser)
    finally:
        holder.rollback()
        holder.close()
    assert_overload(response)
    assert "database is locked" in response.json()["detail"]
    assert row_counts() == before


def test_no_free_pooled_connection_answers_503(api_db):
    async def go() -> httpx.Response:
        engine = make_engine(api_db, pool_size=1, max_overflow=0, pool_timeout=0.1)
        try:
            async with engine.connect() as held:  # the only connection of the pool
                await held.execute(text("SELECT 1"))
                async with session_factory(engine)() as session:
                    return await answer_of(session.execute(text("SELECT 1")))
        finally:
            await engine.dispose()

    assert_overload(asyncio.run(go()))


def test_postgresql_lock_timeout_deadlock_and_serialization_failure_answer_503(api_db):
    if make_url(api_db).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL's own failures; run with TEST_DATABASE_URL")

    async def go() -> list[httpx.Response]:
        engine = make_engine(api_db)
        try:
            async with engine.connect() as holder, engine.connect() as waiter:
                await holder.execute(text("LOCK TABLE units IN ACCESS EXCLUSIVE MODE"))
                await waiter.execute(text("SET LOCAL lock_timeout = '100ms'"))
                answers = [await answer_of(waiter.execute(text("SELECT count(*) FROM units")))]
            async with engine.connect() as connection:
                for sqlstate in ("40P01", "40001"):
                    # the driver's own exceptions for these states, raised inside a statement as the server would
                    statement = f"DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '{sqlstate}'; END $$"
                    answers.append(await answer_of(connection.execute(text(statement))))
                    await connection.rollback()
            return answers
        finally:
            await engine.dispose()

    lock, deadlock, serialization = asyncio.run(go())
    for response in (lock, deadlock, serialization):
        assert_overload(response)
    assert "lock timeout" in lock.json()["detail"]
    assert "deadlock" in deadlock.json()["detail"] and "serialization failure" in serialization.json()["detail"]


def test_other_database_errors_stay_500_and_only_deadlocks_are_retried(api_db):
    async def go():
        engine = make_engine(api_db)
        try:
            async with engine.connect() as connection:
                try:
                    await connection.execute(text("SELECT * FROM no_such_table"))
                except Exception as exc:  # noqa: BLE001 - the error itself is what is checked
                    return exc
        finally:
            await engine.dispose()

    error = asyncio.run(go())
    assert overload(error) is None and not transient(error)
    assert asyncio.run(answer_of(raising(error))).status_code == 500


# ---------------------------------------------------------------- helpers


async def raising(exc: BaseException):
    raise exc


async def answer_of(awaitable) -> httpx.Response:
    """The service's answer to the error `awaitable` raises (through the app's problem mapping)."""
    try:
        await awaitable
    except Exception as exc:  # noqa: BLE001 - the error is handed to the app to answer
        error = exc
    else:
        raise AssertionError("no error was raised")

    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise error

    app = Litestar([boom], plugins=[problems.plugin()])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        return await http.get("/boom")
