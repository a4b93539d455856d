"""The queries of one uncached provisional ranking (issue 15): each is a round trip to the
database (on SQLite, to aiosqlite's thread), so a ranking reads the contest's field stamp once
and passes it to every held read, reads every module's panel in one query and the state of
the marks store in one query, whatever the number of modules. Counted with SQLAlchemy's
`before_cursor_execute`; no time is asserted."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from contests.usecases.judging.provisional import provisional_standings
from tests.db.test_judging_fixtures import CHIEF, mark_welder_day, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_an_uncached_ranking_reads_the_field_stamp_once_and_each_kind_of_state_once(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await session.commit()
    first = await provisional_standings(session, CHIEF, day.contest_id, "welder")  # this worker's first read holds the event
    engine = (await session.connection()).engine.sync_engine
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", count)
    try:
        again = await provisional_standings(session, CHIEF, day.contest_id, "welder")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert again == first
    assert sum("from field_stamps" in s for s in seen) == 1, seen
    assert sum("from panel_members" in s for s in seen) == 1, seen  # the welder event has two modules
    assert sum("max(marks.id)" in s for s in seen) == 1, seen
    assert sum(s.startswith("select contests.") for s in seen) == 1, seen
    # contest, definition, stamp, panels, marks state, times, unblinding, newest audit event; on
    # PostgreSQL also each module's count of marks (`current_marks`: ids commit out of order there)
    recounts = 0 if engine.dialect.name == "sqlite" else 2
    assert len(seen) <= 8 + recounts, seen
