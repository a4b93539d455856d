"""One-measurer aspects on the judging day (issue 16; panel "single", examples/lathe.toml):
any one judge of the panel measures a cell, a second judge's value is refused, the judge who
measured corrects it with a reason, and once measured the cell is owed by nobody (progress,
sheets and sign-offs do not wait on the other judges)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import msgspec
import pytest
from sqlalchemy import func, select

from contests.people import Competitor, Judge
from contests.store import session_factory
from contests.store.models import MarkRow
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.appeals import decide_appeal, file_appeal
from contests.usecases.judging.locks import sign_sheet
from contests.usecases.judging.marking import MarksRejected, submit_marks
from contests.usecases.judging.progress import marking_progress
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling
from contests.usecases.judging.sheets import get_sheet
from scoring.scheme import Measurement
from tests.db.helpers import example
from tests.db.test_judging_fixtures import CHIEF, batch, set_up_day, sign_and_lock, with_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _two_inspectors():
    """The lathe example with two judges on the practical (it declares one inspector)."""
    contest = with_contest(example("lathe"), conflict_policy="none")
    events = [msgspec.structs.replace(e, panel_size={**e.panel_size, "practical": 2}) for e in contest.events]
    return msgspec.structs.replace(contest, events=events)


LATHE = _two_inspectors()
TURNERS = [
    Competitor(employee_no="L1", name="车工一", unit="TL", event="lathe"),
    Competitor(employee_no="L2", name="车工二", unit="HF", event="lathe"),
]
JUDGES = [
    Judge(code="Q1", name="检测员一", unit="ZJ"),
    Judge(code="Q2", name="检测员二", unit="ZJ"),
    Judge(code="T1", name="理论", unit="ZJ"),
]
PANELS = {"theory": ["T1"], "practical": ["Q1", "Q2"]}


def _full_marks_value(a: Measurement) -> float:
    """A value inside the drawing's window (full marks) for each measured rule."""
    if a.rule == "tolerance":
        return a.tolerance.nominal
    if a.rule == "grades":
        return a.grades.required
    if a.rule == "time":
        return a.time_limit.limit
    return 1.0  # pass_fail


def _measured_practical() -> dict[str, float]:
    practical = LATHE.event("lathe").module("practical")
    return {a.id: _full_marks_value(a) for a in practical.scheme.aspects() if isinstance(a, Measurement)}


async def _stored(session) -> int:
    return await session.scalar(select(func.count()).select_from(MarkRow))


async def test_a_second_measurer_is_refused_and_the_cell_is_owed_by_nobody(session):
    day = await set_up_day(session, LATHE, "lathe", TURNERS, JUDGES, PANELS)
    q1, q2 = day.judges["Q1"], day.judges["Q2"]
    measured = _measured_practical()
    await submit_marks(session, q1, day.contest_id, batch(day, "practical", {"L1": measured, "L2": measured}))
    before = await _stored(session)

    # judge Q2 measures a cell Q1 has measured: refused at the value, naming the rule; nothing stored
    with pytest.raises(MarksRejected) as refused:
        await submit_marks(session, q2, day.contest_id, batch(day, "practical", {"L1": {"d18": 18.01}}))
    [problem] = refused.value.problems
    assert problem.path == "marks[0].value"
    assert "measured by one judge" in problem.rule and "judge Q1" in problem.rule
    assert await _stored(session) == before

    # Q1 corrects the measurement with a reason
    corrected = await submit_marks(session, q1, day.contest_id, batch(day, "practical", {"L1": {"d18": 18.04}}, reason="复测"))
    assert (corrected.corrected, corrected.marks[0].version, corrected.marks[0].value) == (1, 2, Decimal("18.04"))

    # nobody owes a measured cell: progress, Q2's sheet and Q2's sign-off
    progress = await marking_progress(session, CHIEF, day.contest_id, "lathe")
    practical = next(m for m in progress.modules if m.module_id == "practical")
    assert practical.owed == 0
    assert {j.judge: j.owed for j in practical.judges} == {"Q1": 0, "Q2": 0}
    sheet = await get_sheet(session, q2, day.contest_id, "lathe", "practical")
    assert [row.owed for row in sheet.rows] == [[], []]
    signed = await sign_sheet(session, q2, day.contest_id, "lathe", "practical")
    assert signed.judge == "Q2"


async def test_an_unmeasured_cell_is_owed_by_every_judge_of_the_panel(session):
    day = await set_up_day(session, LATHE, "lathe", TURNERS, JUDGES, PANELS)
    measured = _measured_practical()
    await submit_marks(session, day.judges["Q1"], day.contest_id, batch(day, "practical", {"L1": measured}))
    progress = await marking_progress(session, CHIEF, day.contest_id, "lathe")
    practical = next(m for m in progress.modules if m.module_id == "practical")
    assert {j.judge: j.owed for j in practical.judges} == {"Q1": len(measured), "Q2": len(measured)}
    sheet = await get_sheet(session, day.judges["Q2"], day.contest_id, "lathe", "practical")
    by_code = {row.blind_code: row.owed for row in sheet.rows}
    assert by_code[day.code("L1")] == [] and sorted(by_code[day.code("L2")]) == sorted(measured)


async def test_two_judges_in_one_request_batch_are_not_both_stored(session):
    """The same cell from Q2 after Q1 in one go: Q1's value stands, Q2's is refused."""
    day = await set_up_day(session, LATHE, "lathe", TURNERS, JUDGES, PANELS)
    await submit_marks(session, day.judges["Q1"], day.contest_id, batch(day, "practical", {"L2": {"d24": 24.0}}))
    with pytest.raises(MarksRejected):
        await submit_marks(session, day.judges["Q2"], day.contest_id, batch(day, "practical", {"L2": {"d24": 24.0, "d38": 38.0}}))
    # Q2 may measure a cell nobody has measured
    ok = await submit_marks(session, day.judges["Q2"], day.contest_id, batch(day, "practical", {"L2": {"d38": 38.0}}))
    assert ok.created == 1


async def test_the_sheet_shows_the_drawing_and_the_rule(session):
    day = await set_up_day(session, LATHE, "lathe", TURNERS, JUDGES, PANELS)
    sheet = await get_sheet(session, day.judges["Q1"], day.contest_id, "lathe", "practical")
    aspects = {a.id: a for a in sheet.aspects}
    assert (aspects["d18"].drawing, aspects["d24"].drawing, aspects["d18"].panel) == ("18 ±0.03", "24 +0.021/0", "single")
    assert aspects["d24"].rule_text == "超差不得分 / any excess scores 0"
    theory = await get_sheet(session, day.judges["T1"], day.contest_id, "lathe", "theory")
    assert all((a.drawing, a.rule_text, a.panel) == (None, None, None) for a in theory.aspects)


async def test_judges_racing_to_measure_one_cell_store_one_value(session, engine):
    """Six judges measure the same cell at the same instant over separate sessions (separate
    requests): one value is stored, every other request is refused naming the rule."""
    judges = [Judge(code=f"Q{k}", name=f"检测员{k}", unit="ZJ") for k in range(1, 7)] + [JUDGES[2]]
    contest = msgspec.structs.replace(
        LATHE, events=[msgspec.structs.replace(e, panel_size={**e.panel_size, "practical": 6}) for e in LATHE.events]
    )
    day = await set_up_day(session, contest, "lathe", TURNERS, judges, {"theory": ["T1"], "practical": [f"Q{k}" for k in range(1, 7)]})
    factory = session_factory(engine)

    async def measure(code: str):
        async with factory() as own:
            try:
                return await submit_marks(own, day.judges[code], day.contest_id, batch(day, "practical", {"L1": {"d18": 18.0}}))
            except MarksRejected as refused:
                return refused

    answers = await asyncio.gather(*(measure(f"Q{k}") for k in range(1, 7)))
    stored = [a for a in answers if not isinstance(a, MarksRejected)]
    refused = [a for a in answers if isinstance(a, MarksRejected)]
    assert len(stored) == 1 and len(refused) == 5
    assert all("measured by one judge" in r.problems[0].rule for r in refused)
    async with factory() as fresh:
        assert await _stored(fresh) == 1


async def test_an_appeal_corrects_the_measurer_never_adds_a_second_value(session):
    day = await set_up_day(session, LATHE, "lathe", TURNERS, JUDGES, PANELS)
    measured = _measured_practical()
    await submit_marks(session, day.judges["Q1"], day.contest_id, batch(day, "practical", {"L1": measured, "L2": measured}))
    await sign_and_lock(session, day, {"practical": ["Q1", "Q2"]})
    filing = AppealFiling(event_id="lathe", module_id="practical", blind_code=day.code("L1"), grounds="Φ18 复测", appellant="领队")
    appeal = await file_appeal(session, CHIEF, day.contest_id, filing)

    def upheld(judge: str) -> AppealDecision:
        correction = AppealCorrection(judge=judge, aspect_id="d18", value=Decimal("18.05"))
        return AppealDecision(decision="upheld", reason="复测 Φ18", corrections=[correction])

    with pytest.raises(Conflict) as refused:
        await decide_appeal(session, CHIEF, day.contest_id, appeal.id, upheld("Q2"))
    assert refused.value.problems[0].path == "corrections[0].judge" and "judge Q1" in refused.value.problems[0].rule
    decided = await decide_appeal(session, CHIEF, day.contest_id, appeal.id, upheld("Q1"))
    assert [(c.judge, c.new, c.version) for c in decided.corrections] == [("Q1", Decimal("18.05"), 2)]
