"""Sealed names (issue 10, item 8): no role reads an event's code → name table before every
module of the event is locked, unless the contest's chief judge breaks the seal with a
reason, which is audited. Each test failed on the old rule, where the organiser and the chief
judge read the names at any time, and there was no break of the seal."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import select

from contests.accounts import Actor
from contests.store.models import AuditEventRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.judging.locks import lock_module, unlock_module
from contests.usecases.judging.seal import break_seal, read_draw
from contests.usecases.judging.unblinding import unblind_event
from tests.db.helpers import ORGANISER, counts
from tests.db.test_judging_fixtures import CHIEF, WELDERS, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]
VIEWER = Actor(username="viewer", role="viewer")
OTHER_CHIEF = Actor(username="another-chief", role="chief_judge")


def _named(view) -> bool:
    names = {a.name for a in view.assignments}
    return view.seed is not None and names == {w.name for w in WELDERS} and all(a.employee_no for a in view.assignments)


def _sealed(view) -> bool:
    body = msgspec.json.encode(view).decode()
    hidden = all(a.employee_no is None and a.name is None and a.unit is None and a.order is None for a in view.assignments)
    return view.seed is None and hidden and not any(w.name in body for w in WELDERS)


async def _lock(session, day, module: str) -> None:
    await lock_module(session, CHIEF, day.contest_id, "welder", module, force=True, reason="测试锁定")


async def test_each_role_before_and_after_the_lock(session):
    day = await welder_day(session)
    judge = day.judges["P2"]
    for who in (ORGANISER, CHIEF):
        assert _sealed(await read_draw(session, who, day.contest_id, "welder"))
    for who in (judge, VIEWER):
        with pytest.raises(Forbidden):
            await read_draw(session, who, day.contest_id, "welder")
    await _lock(session, day, "theory")  # one module locked, one open: still sealed
    assert _sealed(await read_draw(session, ORGANISER, day.contest_id, "welder"))
    await _lock(session, day, "practical")
    for who in (ORGANISER, CHIEF):
        view = await read_draw(session, who, day.contest_id, "welder")
        assert _named(view) and {a.blind_code for a in view.assignments} == set(day.codes.values())
    for who in (judge, VIEWER):
        with pytest.raises(Forbidden):
            await read_draw(session, who, day.contest_id, "welder")
    await unlock_module(session, CHIEF, day.contest_id, "welder", "practical", "复核")  # reopened: sealed again
    assert _sealed(await read_draw(session, CHIEF, day.contest_id, "welder"))


async def test_after_unblinding_the_staff_read_the_table(session):
    day = await welder_day(session)
    for module in ("theory", "practical"):
        await _lock(session, day, module)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    assert _named(await read_draw(session, ORGANISER, day.contest_id, "welder"))
    with pytest.raises(Forbidden):
        await read_draw(session, day.judges["P2"], day.contest_id, "welder")


async def test_the_chief_judge_breaks_the_seal_with_a_reason_and_it_is_audited(session):
    day = await welder_day(session)
    view = await break_seal(session, CHIEF, day.contest_id, "welder", "  3号工位选手突发不适，需核对身份 ")
    assert _named(view)
    entry = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "draw.seal_broken"))
    assert (entry.actor, entry.entity, entry.entity_key, entry.reason) == ("chief", "draw", "welder", "3号工位选手突发不适，需核对身份")
    assert msgspec.json.decode(entry.after) == {"commitment": view.commitment, "state": "sealed", "competitors": len(WELDERS)}
    assert view.seed not in entry.after  # the audit log does not carry the table's key
    assert _sealed(await read_draw(session, CHIEF, day.contest_id, "welder"))  # one break, not an opened seal
    await break_seal(session, CHIEF, day.contest_id, "welder", "再次核对")
    entries = await session.scalars(select(AuditEventRow.reason).where(AuditEventRow.action == "draw.seal_broken"))
    assert list(entries) == ["3号工位选手突发不适，需核对身份", "再次核对"]  # every break is a record of its own


@pytest.mark.parametrize("reason", ["", "   ", "\u200b", "\u200b\u2060\ufeff"])
async def test_no_break_without_a_visible_reason(session, reason):
    day = await welder_day(session)
    before = await counts(session)
    with pytest.raises(Conflict) as refused:
        await break_seal(session, CHIEF, day.contest_id, "welder", reason)
    assert [p.path for p in refused.value.problems] == ["reason"]
    assert await counts(session) == before


async def test_only_the_contests_chief_judge_breaks_the_seal(session):
    day = await welder_day(session)
    before = await counts(session)
    for who in (ORGANISER, day.judges["P2"], VIEWER, OTHER_CHIEF):
        with pytest.raises(Forbidden):
            await break_seal(session, who, day.contest_id, "welder", "核对")
    with pytest.raises(NotFound):
        await break_seal(session, CHIEF, day.contest_id, "plumber", "核对")
    assert await counts(session) == before
