"""A lost race, forced, on every use-case that `retrying` runs again (issue 10, item 1).

The race is made deterministic: just before our session sends its first write (where its
write transaction begins), a rival (another engine, another connection) commits the same change. Our insert then collides with the
rival's rows, the transaction is rolled back and the attempt runs again. The rollback
expired every row our session had loaded; an attempt that used such a row lazy-loaded it
and raised MissingGreenlet (a 500). Each attempt now loads what it reads, so the retry
finds the rival's rows: the marks or times are "unchanged", a second publication is a 409.
A PostgreSQL deadlock victim is such a loser too, and runs again.
Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

from contests.store import make_engine, session_factory
from contests.store.models import CompletionTimeRow, MarkRow, SnapshotRow
from contests.usecases.core.errors import Conflict
from contests.usecases.core.retrying import retrying
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.publishing import publish_standings
from contests.usecases.judging.requests import TimeBatch, TimeInput
from contests.usecases.judging.times import record_times
from contests.usecases.judging.unblinding import unblind_event
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import CHIEF, WELDER_PANELS, batch, mark_welder_day, sign_and_lock, welder_day, welder_practical

pytestmark = [pytest.mark.db, pytest.mark.anyio]


WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


@asynccontextmanager
async def rival_commits_first(engine: AsyncEngine, url: str, rival: Callable[[Any], Awaitable[Any]]):
    """While inside: the first write our engine sends (INSERT, UPDATE, DELETE or SQLite's
    BEGIN IMMEDIATE) waits until `rival(session)`,
    on its own engine, has committed. The listener runs inside SQLAlchemy's greenlet, where
    `await_only` may wait for a coroutine."""
    own = make_engine(url)
    fired: list[Any] = []

    async def run_rival() -> None:
        async with session_factory(own)() as session:
            fired.append(await rival(session))

    def before(conn, cursor, statement: str, *args) -> None:
        if not fired and statement.lstrip().upper().startswith(WRITES):
            fired.append("started")
            await_only(run_rival())

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield fired
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)
        await own.dispose()
    assert len(fired) == 2, "the rival never ran: no race was forced"


async def _count(session, model, contest_id: int) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(model.contest_id == contest_id))


async def test_identical_marks_with_another_key_retry_and_find_the_winners_marks(session, engine, database_url):
    day = await welder_day(session)
    judge = day.judges["P2"]
    marks = batch(day, "practical", {"W3": welder_practical("P2")["W3"]})

    async def rival(other):
        return await submit_marks(other, judge, day.contest_id, marks, idempotency_key="tablet")

    async with rival_commits_first(engine, database_url, rival) as fired:
        ours = await submit_marks(session, judge, day.contest_id, marks, idempotency_key="phone")
    assert (fired[1].created, ours.created, ours.unchanged) == (len(marks.marks), 0, len(marks.marks))
    assert await _count(session, MarkRow, day.contest_id) == len(marks.marks)


async def test_identical_times_retry_and_find_the_winners_times(session, engine, database_url):
    day = await welder_day(session)
    times = TimeBatch(times=[TimeInput(blind_code=day.code("W5"), seconds=Decimal("1800.5"))])

    async def rival(other):
        return await record_times(other, day.judges["P3"], day.contest_id, "welder", "practical", times)

    async with rival_commits_first(engine, database_url, rival) as fired:
        ours = await record_times(session, CHIEF, day.contest_id, "welder", "practical", times)
    assert (fired[1].created, ours.created, ours.unchanged) == (1, 0, 1)
    assert await _count(session, CompletionTimeRow, day.contest_id) == 1


async def test_a_publication_that_lost_the_race_is_refused_not_a_500(session, engine, database_url):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")

    async def rival(other):
        return await publish_standings(other, ORGANISER, day.contest_id, "welder")

    async with rival_commits_first(engine, database_url, rival) as fired:
        with pytest.raises(Conflict, match="nothing changed since snapshot 1"):
            await publish_standings(session, ORGANISER, day.contest_id, "welder")
    assert fired[1].number == 1
    assert await _count(session, SnapshotRow, day.contest_id) == 1


class _Deadlock(Exception):
    sqlstate = "40P01"  # as the asyncpg error that SQLAlchemy wraps carries it


async def test_a_deadlock_victim_runs_again_and_other_database_errors_do_not(session):
    calls: list[int] = []

    async def attempt(fail_with: Exception):
        calls.append(1)
        if len(calls) == 1:
            raise DBAPIError("UPDATE …", None, fail_with)
        return "stored"

    assert await retrying(session, lambda: attempt(_Deadlock("deadlock detected")), conflict="raced") == "stored"
    assert len(calls) == 2
    calls.clear()
    with pytest.raises(DBAPIError):
        await retrying(session, lambda: attempt(ValueError("disk I/O error")), conflict="raced")
    assert len(calls) == 1
