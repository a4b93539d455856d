"""Reads of the judging day run a fixed number of queries, whatever their size (no N+1):
counted with SQLAlchemy's `before_cursor_execute` event."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from contests.usecases.judging.appeals import file_appeal, list_appeals
from contests.usecases.judging.locks import lock_module
from contests.usecases.judging.requests import AppealFiling
from tests.db.helpers import ORGANISER
from tests.db.test_judging_races import CHIEF, race_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]


@contextmanager
def counted(engine):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_listing_appeals_runs_the_same_queries_for_1_and_for_20_appeals(session, engine):
    contest_id = await race_contest(session, 1, 20)
    filed = []
    for m in range(20):
        await lock_module(session, CHIEF, contest_id, "e000", f"m{m}", force=True, reason="强制")
    queries = {}
    for n in (1, 20):
        while len(filed) < n:
            k = len(filed)
            filing = AppealFiling(event_id="e000", module_id=f"m{k}", blind_code="1", grounds="复核", appellant="领队")
            filed.append(await file_appeal(session, ORGANISER, contest_id, filing))
        session.expunge_all()
        with counted(engine) as statements:
            listed = await list_appeals(session, ORGANISER, contest_id)
        assert len(listed) == n
        queries[n] = len(statements)
    assert queries[1] == queries[20], queries
