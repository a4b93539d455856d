"""One transaction per use-case: the change and its audit event commit together or not at
all, a failing commit reaches the caller, races end in a Conflict, values stay exact."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError

from contests import audit
from contests.people import Unit
from contests.store import session_factory
from contests.store.models import AuditEventRow, MarkRow, UnitRow
from contests.usecases.accounts.users import add_user
from contests.usecases.core import lookup
from contests.usecases.core.audit_log import list_audit
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.setup import people
from tests.db.helpers import ORGANISER, counts, insert_mark, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]
NEW = Unit(code="WH", name="芜湖供电公司")


async def _fresh_counts(engine) -> dict[str, int]:
    async with session_factory(engine)() as other:
        return await counts(other)


async def test_a_failing_commit_raises_and_persists_nothing(session, engine, monkeypatch):
    contest_id = await welder_contest(session)
    before = await _fresh_counts(engine)

    async def broken_commit():
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(session, "commit", broken_commit)
    with pytest.raises(OperationalError, match="disk I/O"):
        await people.add_unit(session, ORGANISER, contest_id, NEW)
    monkeypatch.undo()
    assert await _fresh_counts(engine) == before
    assert await counts(session) == before  # the session was rolled back, not left dirty


async def test_a_constraint_failing_at_commit_time_is_a_conflict_and_persists_nothing(session, engine):
    contest_id = await welder_contest(session)
    before = await _fresh_counts(engine)

    def sabotage(sync_session):
        # runs inside commit: orphan every contest-scoped row, which the database refuses
        sync_session.execute(text("DELETE FROM contests"))

    event.listen(session.sync_session, "before_commit", sabotage)
    try:
        with pytest.raises(Conflict):
            await people.add_unit(session, ORGANISER, contest_id, NEW)
    finally:
        event.remove(session.sync_session, "before_commit", sabotage)
    assert await _fresh_counts(engine) == before


async def test_the_change_and_its_audit_event_are_one_transaction(session, monkeypatch):
    contest_id = await welder_contest(session)
    before = await counts(session)

    def unwritable_audit(session, *args, **kwargs):
        session.add(AuditEventRow(actor=None, action="x", entity="x", entity_key="x"))  # NOT NULL violated

    monkeypatch.setattr(audit, "record", unwritable_audit)
    with pytest.raises(Conflict):
        await people.add_unit(session, ORGANISER, contest_id, NEW)
    assert await counts(session) == before
    assert await session.scalar(select(UnitRow).where(UnitRow.code == "WH")) is None


async def test_a_race_past_the_checks_ends_in_a_conflict_with_a_reason(session, monkeypatch):
    contest_id = await welder_contest(session)
    before = await counts(session)

    async def nothing_there(*args):
        return None  # as if another writer inserted the row after our check

    monkeypatch.setattr(lookup, "unit_row", nothing_there)
    with pytest.raises(Conflict) as err:
        await people.add_unit(session, ORGANISER, contest_id, Unit(code="TL", name="again"))
    assert (err.value.problems[0].path, err.value.problems[0].rule) == ("code", "unit code 'TL' is already used in this contest")
    monkeypatch.undo()
    assert await counts(session) == before


async def test_concurrent_writers_of_the_same_key_one_wins(session, engine):
    contest_id = await welder_contest(session)
    factory = session_factory(engine)

    async def add(name: str):
        async with factory() as own:
            return await people.add_unit(own, ORGANISER, contest_id, Unit(code="WH", name=name))

    results = await asyncio.gather(add("甲"), add("乙"), return_exceptions=True)
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Unit"]
    assert [u.code for u in await people.list_units(session, contest_id)].count("WH") == 1


async def test_marks_are_exact_decimals(session):
    contest_id = await welder_contest(session, judges=True)
    values = ["0.1", "0.2", "0.3", "12345678.1234", "2.5000", "0"]
    for k, value in enumerate(values):
        await insert_mark(session, contest_id, value=value, aspect=f"a{k}")
    session.expire_all()
    stored = (await session.scalars(select(MarkRow.value).order_by(MarkRow.id))).all()
    assert stored == [Decimal(v) for v in values]
    assert all(isinstance(v, Decimal) for v in stored)
    assert stored[0] + stored[1] == stored[2]


async def test_audit_log_lists_newest_first_with_utc_times(session):
    await add_user(session, "viewer1", "password1", "viewer")
    contest_id = await welder_contest(session)
    entries = await list_audit(session, contest_id)
    assert [e.action for e in entries][:2] == ["competitor.add", "competitor.add"]
    assert entries[-1].action == "contest.create" and all(e.contest_id == contest_id for e in entries)
    assert all(e.at.tzinfo is not None and e.at.utcoffset() == dt.timedelta(0) for e in entries)
    everything = await list_audit(session, None, limit=1000)
    assert everything[-1].action == "user.add" and everything[-1].contest_id is None
    assert len(everything) == len(entries) + 1
    page = await list_audit(session, contest_id, limit=2, offset=1)
    assert page == entries[1:3]
    assert entries[0].after == {"employee_no": "E003", "name": "王五", "unit": "HF", "team": None, "event": "welder"}
    with pytest.raises(NotFound):
        await list_audit(session, 999)
    with pytest.raises(ValueError):
        await list_audit(session, None, limit=0)
