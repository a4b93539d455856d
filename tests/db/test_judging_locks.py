"""Sign-offs, locks, unlocks and unblinding: who may, when, and what each refuses."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import select

from contests.accounts import Actor
from contests.store.models import AuditEventRow, ModuleLockRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.locks import list_locks, lock_module, sign_sheet, unlock_module
from contests.usecases.judging.marking import MarksRejected, submit_marks
from contests.usecases.judging.progress import marking_progress
from contests.usecases.judging.unblinding import get_unblinding, unblind_event
from tests.db.helpers import ORGANISER, counts
from tests.db.test_judging_fixtures import (
    CHIEF,
    WELDER_PANELS,
    add_logins,
    batch,
    login,
    mark_welder_day,
    sign_and_lock,
    welder_day,
    welder_practical,
)

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_a_sheet_is_signed_only_when_complete_and_again_after_a_change(session):
    day = await welder_day(session)
    p2 = day.judges["P2"]
    marks = welder_practical("P2")
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {k: v for k, v in marks.items() if k != "W6"}))
    with pytest.raises(Conflict) as err:
        await sign_sheet(session, p2, day.contest_id, "welder", "practical")
    assert "still owes" in err.value.problems[0].rule and len(err.value.problems) == 1 + 13  # W6's 13 aspects
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W6": marks["W6"]}))
    signed = await sign_sheet(session, p2, day.contest_id, "welder", "practical")
    assert (signed.judge, signed.marks) == ("P2", sum(len(a) for a in marks.values()))
    assert await sign_sheet(session, p2, day.contest_id, "welder", "practical") == signed  # unchanged: no new signature
    await submit_marks(session, p2, day.contest_id, batch(day, "practical", {"W6": {"tack_welding": 2}}, reason="更正"))
    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    assert not progress.modules[1].judges[1].signed  # the correction came after the signature
    again = await sign_sheet(session, p2, day.contest_id, "welder", "practical")
    assert again.marks == signed.marks + 1
    with pytest.raises(Forbidden):
        await sign_sheet(session, day.judges["T1"], day.contest_id, "welder", "practical")


async def test_a_module_with_owed_marks_locks_only_by_force_with_a_reason(session):
    day = await welder_day(session)
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", {"W1": {"theory_mark": 90}}))
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await lock_module(session, CHIEF, day.contest_id, "welder", "theory")
    paths = [p.path for p in err.value.problems]
    assert paths[0] == "force" and paths.count("owed") == 5 and paths[-1] == "unsigned"
    with pytest.raises(Conflict, match="needs a reason"):
        await lock_module(session, CHIEF, day.contest_id, "welder", "theory", force=True)
    assert await counts(session) == before
    lock = await lock_module(session, CHIEF, day.contest_id, "welder", "theory", force=True, reason="理论成绩由纸质答卷补录")
    assert (lock.state, lock.forced, lock.owed, lock.unsigned, lock.seq) == ("locked", True, 5, 1, 1)
    assert lock.appeal_deadline is not None and (lock.appeal_deadline - lock.at).total_seconds() == 120 * 60


async def test_after_the_lock_marks_change_only_after_an_audited_unlock(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    p2 = day.judges["P2"]
    fix = batch(day, "practical", {"W1": {"tack_welding": 2}}, reason="复核")
    before = await counts(session)
    with pytest.raises(MarksRejected, match="locked"):
        await submit_marks(session, p2, day.contest_id, fix)
    with pytest.raises(Conflict, match="already locked"):
        await lock_module(session, CHIEF, day.contest_id, "welder", "practical")
    with pytest.raises(Conflict, match="needs a reason"):
        await unlock_module(session, CHIEF, day.contest_id, "welder", "practical", "  ")
    for who in (ORGANISER, p2):
        with pytest.raises(Forbidden):
            await unlock_module(session, who, day.contest_id, "welder", "practical", "想改分")
    assert await counts(session) == before
    unlocked = await unlock_module(session, CHIEF, day.contest_id, "welder", "practical", "P2 申请复核 W1 定位焊")
    assert (unlocked.state, unlocked.seq, unlocked.appeal_deadline) == ("unlocked", 2, None)
    event = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "module.unlock"))
    assert (event.actor, event.reason, msgspec.json.decode(event.before)["state"]) == ("chief", "P2 申请复核 W1 定位焊", "locked")
    assert (await submit_marks(session, p2, day.contest_id, fix)).corrected == 1
    with pytest.raises(Conflict, match="unsigned|not ready"):
        await lock_module(session, CHIEF, day.contest_id, "welder", "practical")  # P2's signature is stale
    await sign_sheet(session, p2, day.contest_id, "welder", "practical")
    relocked = await lock_module(session, CHIEF, day.contest_id, "welder", "practical")
    assert relocked.seq == 3
    states = (
        await session.scalars(select(ModuleLockRow.state).where(ModuleLockRow.module_id == "practical").order_by(ModuleLockRow.seq))
    ).all()
    assert states == ["locked", "unlocked", "locked"]
    assert [(v.module_id, v.state, v.seq) for v in await list_locks(session, ORGANISER, day.contest_id, "welder")] == [
        ("theory", "locked", 1), ("practical", "locked", 3),
    ]  # fmt: skip


async def test_unblinding_waits_for_every_lock_and_happens_once(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, {"theory": ["T1"]})
    with pytest.raises(Conflict) as err:
        await unblind_event(session, CHIEF, day.contest_id, "welder")
    assert [p.path for p in err.value.problems] == ["modules.practical"]
    assert await get_unblinding(session, day.contest_id, "welder") is None
    await sign_and_lock(session, day, {"practical": WELDER_PANELS["practical"]})
    with pytest.raises(Forbidden):
        await unblind_event(session, ORGANISER, day.contest_id, "welder")
    done = await unblind_event(session, CHIEF, day.contest_id, "welder")
    assert (done.event_id, done.by) == ("welder", "chief")
    assert await get_unblinding(session, day.contest_id, "welder") == done
    with pytest.raises(Conflict, match="already unblinded"):
        await unblind_event(session, CHIEF, day.contest_id, "welder")
    with pytest.raises(Conflict, match="upheld appeal"):
        await unlock_module(session, CHIEF, day.contest_id, "welder", "practical", "too late")
    assert (await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "event.unblind"))).actor == "chief"


async def test_only_the_contests_own_chief_judge_acts(session):
    day = await welder_day(session)
    other = Actor(username="another-chief", role="chief_judge")
    await add_logins(session, [other])
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", {"W1": {"theory_mark": 90}}))
    with pytest.raises(Forbidden, match="chief judge is chief"):
        await lock_module(session, other, day.contest_id, "welder", "theory", force=True, reason="x")
    with pytest.raises(Forbidden):
        await lock_module(session, login("T1"), day.contest_id, "welder", "theory", force=True, reason="x")
