"""Appeals: filed within the window after the module lock, decided once; an upheld appeal's
corrections become new mark versions linked to it, although the module is locked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import select, update

from contests.store.models import AppealCorrectionRow, AuditEventRow, MarkRow, ModuleLockRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.judging.appeals import decide_appeal, file_appeal, get_appeal, list_appeals
from contests.usecases.judging.locks import lock_module
from contests.usecases.judging.marking import MarksRejected, mark_history, submit_marks
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling
from contests.usecases.judging.standings import compute_standings
from tests.db.helpers import ORGANISER, counts, example
from tests.db.test_judging_fixtures import CHIEF, WELDER_PANELS, batch, mark_welder_day, sign_and_lock, welder_day, with_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _filing(day, employee_no: str = "W2", module: str = "practical") -> AppealFiling:
    return AppealFiling(event_id="welder", module_id=module, blind_code=day.code(employee_no), grounds="余高测量有误", appellant="铜陵领队")


async def _locked_day(session, definition=None):
    day = await welder_day(session, definition)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    return day


async def _age_lock(session, day, minutes: int) -> None:
    """Move the practical module's lock into the past (as if the clock had run on)."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)
    await session.execute(update(ModuleLockRow).where(ModuleLockRow.module_id == "practical").values(created_at=past))
    await session.commit()


async def test_appeals_open_with_the_lock_and_close_with_the_window(session):
    day = await welder_day(session, with_contest(example("welder"), appeal_window_minutes=30))
    await mark_welder_day(session, day)
    with pytest.raises(Conflict, match="not locked: appeals open when"):
        await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    await sign_and_lock(session, day, WELDER_PANELS)
    await _age_lock(session, day, 29)
    filed = await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    assert filed.status == "open" and (filed.deadline - dt.datetime.now(dt.UTC)).total_seconds() < 60
    await _age_lock(session, day, 31)
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    assert "appeal window of 30 minutes after the lock of welder/practical" in err.value.problems[0].rule
    assert await counts(session) == before


async def test_an_upheld_appeal_corrects_locked_marks_with_links_and_audit(session):
    day = await _locked_day(session)
    appeal = await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    before = await compute_standings(session, CHIEF, day.contest_id, "welder")
    # W2's cap height was 1.5 mm for P2–P5 (P1 is recused): re-measured 0.9 mm → the top band
    corrections = [AppealCorrection(judge=f"P{k}", aspect_id="cap_height", value=Decimal("0.9")) for k in range(2, 6)]
    decided = await decide_appeal(
        session, CHIEF, day.contest_id, appeal.id, AppealDecision(decision="upheld", reason="复测余高0.9mm", corrections=corrections)
    )
    assert (decided.status, decided.decided_by, decided.reason) == ("upheld", "chief", "复测余高0.9mm")
    assert [(c.judge, c.old, c.new, c.version) for c in decided.corrections] == [
        (f"P{k}", Decimal("1.5"), Decimal("0.9"), 2) for k in range(2, 6)
    ]
    history = await mark_history(session, CHIEF, day.contest_id, "welder", "practical", day.code("W2"), "cap_height", judge="P3")
    assert [(h.version, h.value, h.appeal_id, h.by) for h in history] == [
        (1, Decimal("1.5"), None, "judge-p3"),
        (2, Decimal("0.9"), appeal.id, "chief"),
    ]
    assert history[1].reason == f"appeal {appeal.id}: 复测余高0.9mm"
    assert len((await session.scalars(select(AppealCorrectionRow))).all()) == 4
    after = await compute_standings(session, CHIEF, day.contest_id, "welder")
    w2 = day.code("W2")
    assert after.row(w2).total_units - before.row(w2).total_units == round(0.7 * 4 * 0.8 * 100)  # +4 visual marks
    event = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "appeal.upheld"))
    assert msgspec.json.decode(event.after)["corrections"][0] == {
        "judge": "P2",
        "aspect_id": "cap_height",
        "old": "1.5",
        "new": "0.9",
        "version": 2,
    }
    # the module stays locked for everyone else
    with pytest.raises(MarksRejected, match="locked"):
        await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W2": {"cap_height": 1.5}}, reason="改回"))


async def test_an_appeal_is_decided_once(session):
    day = await _locked_day(session)
    appeal = await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    rejected = await decide_appeal(session, CHIEF, day.contest_id, appeal.id, AppealDecision(decision="rejected", reason="测量无误"))
    assert (rejected.status, rejected.corrections) == ("rejected", [])
    before = await counts(session)
    upheld = AppealDecision(
        decision="upheld", reason="改判", corrections=[AppealCorrection(judge="P2", aspect_id="cap_height", value=Decimal("0.9"))]
    )
    with pytest.raises(Conflict, match="already rejected by chief .* the decision is final"):
        await decide_appeal(session, CHIEF, day.contest_id, appeal.id, upheld)
    assert await counts(session) == before
    assert await get_appeal(session, CHIEF, day.contest_id, appeal.id) == rejected
    assert await list_appeals(session, ORGANISER, day.contest_id, "welder") == [rejected]


async def test_decisions_need_a_reason_and_fitting_corrections(session):
    day = await _locked_day(session)
    appeal = await file_appeal(session, ORGANISER, day.contest_id, _filing(day))
    before = await counts(session)
    refused = [
        (AppealDecision(decision="rejected", reason="   "), "reason"),
        (AppealDecision(decision="upheld", reason="改判"), "corrections"),
        (
            AppealDecision(
                decision="rejected", reason="无误", corrections=[AppealCorrection(judge="P2", aspect_id="cap_height", value=Decimal(1))]
            ),
            "corrections",
        ),
    ]
    for decision, path in refused:
        with pytest.raises(Conflict) as err:
            await decide_appeal(session, CHIEF, day.contest_id, appeal.id, decision)
        assert err.value.problems[0].path == path
    bad = AppealDecision(decision="upheld", reason="改判", corrections=[
        AppealCorrection(judge="P1", aspect_id="cap_height", value=Decimal(1)),  # recused from W2 (unit TL)
        AppealCorrection(judge="T1", aspect_id="cap_height", value=Decimal(1)),  # not on the panel
        AppealCorrection(judge="P2", aspect_id="groove_preparation", value=Decimal("2.5")),  # not 0–3 integer
        AppealCorrection(judge="P3", aspect_id="cap_height", value=Decimal("1.5")),  # already the mark
        AppealCorrection(judge="P4", aspect_id="nothing", value=Decimal(1)),
    ])  # fmt: skip
    with pytest.raises(Conflict) as err:
        await decide_appeal(session, CHIEF, day.contest_id, appeal.id, bad)
    assert [p.path for p in err.value.problems] == [
        f"corrections[{i}].{f}" for i, f in enumerate(("judge", "judge", "value", "value", "aspect_id"))
    ]
    with pytest.raises(Forbidden):
        await decide_appeal(session, ORGANISER, day.contest_id, appeal.id, AppealDecision(decision="rejected", reason="x"))
    with pytest.raises(NotFound):
        await decide_appeal(session, CHIEF, day.contest_id, appeal.id + 1, AppealDecision(decision="rejected", reason="x"))
    assert await counts(session) == before


async def test_an_appeal_names_one_competitor_of_the_draw(session):
    day = await _locked_day(session)
    both = msgspec.structs.replace(_filing(day), employee_no="W2")
    neither = msgspec.structs.replace(_filing(day), blind_code=None)
    with pytest.raises(Conflict, match="exactly one"):
        await file_appeal(session, ORGANISER, day.contest_id, both)
    with pytest.raises(Conflict, match="exactly one"):
        await file_appeal(session, ORGANISER, day.contest_id, neither)
    with pytest.raises(NotFound):
        await file_appeal(session, ORGANISER, day.contest_id, msgspec.structs.replace(_filing(day), blind_code="1"))
    with pytest.raises(Forbidden):
        await file_appeal(session, day.judges["P2"], day.contest_id, _filing(day))
    by_number = await file_appeal(session, CHIEF, day.contest_id, msgspec.structs.replace(neither, employee_no="W2"))
    assert by_number.blind_code == day.code("W2") and by_number.filed_by == "chief"
    assert (await session.scalar(select(MarkRow.id).where(MarkRow.version > 1))) is None
    with pytest.raises(Conflict, match="already locked"):
        await lock_module(session, CHIEF, day.contest_id, "welder", "practical")
