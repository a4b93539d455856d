"""Blind until unblinded: nothing a judge can read (sheets, batch answers, sign-offs, mark
histories, refusals, the draw) names a competitor, their unit or employee number before the
chief judge unblinds the event. Each answer is encoded as the API would send it and searched."""

from __future__ import annotations

import msgspec
import pytest

from contests.usecases.core.access import Forbidden
from contests.usecases.judging.locks import sign_sheet
from contests.usecases.judging.marking import MarksRejected, mark_history, submit_marks
from contests.usecases.judging.sheets import get_sheet
from contests.usecases.judging.unblinding import unblind_event
from contests.usecases.setup.draws import get_draw
from tests.db.test_judging_fixtures import (
    CHIEF,
    UNITS,
    WELDER_PANELS,
    WELDERS,
    batch,
    mark_welder_day,
    sign_and_lock,
    welder_day,
    welder_practical,
)

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def _leaks(answer: object) -> list[str]:
    body = msgspec.json.encode(answer).decode("utf-8")
    found = [c.name for c in WELDERS if c.name in body]
    found += [c.employee_no for c in WELDERS if f'"{c.employee_no}"' in body or f" {c.employee_no} " in body]
    found += [u.name for u in UNITS if u.name in body] + [u.code for u in UNITS if f'"{u.code}"' in body]
    return found


async def test_nothing_a_judge_reads_names_a_competitor_before_unblinding(session):
    day = await welder_day(session)
    answers: dict[str, object] = {}
    for judge, module in (("P1", "practical"), ("P2", "practical"), ("T1", "theory")):
        answers[f"empty sheet {judge}"] = await get_sheet(session, day.judges[judge], day.contest_id, "welder", module)
    answers["draw"] = await get_draw(session, day.contest_id, "welder", reveal_names=False)
    for judge in ("P1", "P2", "P3", "P4", "P5"):
        marks = batch(day, "practical", welder_practical(judge))
        answers[f"batch {judge}"] = await submit_marks(session, day.judges[judge], day.contest_id, marks, idempotency_key=f"{judge}-1")
    theory = batch(day, "theory", {w.employee_no: {"theory_mark": 80} for w in WELDERS})
    answers["batch T1"] = await submit_marks(session, day.judges["T1"], day.contest_id, theory)
    with pytest.raises(MarksRejected) as refusal:  # P1 may not mark W1, of P1's own unit
        await submit_marks(session, day.judges["P1"], day.contest_id, batch(day, "practical", {"W1": {"tack_welding": 3}}))
    answers["conflict refusal"] = refusal.value.problems
    with pytest.raises(Forbidden) as refusal:
        await get_sheet(session, day.judges["T1"], day.contest_id, "welder", "practical")
    answers["panel refusal"] = refusal.value.problems
    for judge in ("P1", "P2"):
        answers[f"sign-off {judge}"] = await sign_sheet(session, day.judges[judge], day.contest_id, "welder", "practical")
        answers[f"full sheet {judge}"] = await get_sheet(session, day.judges[judge], day.contest_id, "welder", "practical")
    answers["history"] = await mark_history(
        session, day.judges["P2"], day.contest_id, "welder", "practical", day.code("W1"), "groove_preparation"
    )
    answers["chief's view of P3"] = await get_sheet(session, CHIEF, day.contest_id, "welder", "practical", judge="P3")
    sheet = answers["full sheet P1"]  # P1's two own-unit welders are left off the sheet (issue 10; it listed all 6)
    assert sheet.blind and len(sheet.rows) == 4 and all(r.name is None and r.unit is None and r.employee_no is None for r in sheet.rows)
    assert {what: _leaks(answer) for what, answer in answers.items()} == {what: [] for what in answers}


async def test_after_unblinding_sheets_name_the_competitors(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    # issue 10: a judge's sheet leaves off the competitors they are recused from (P1's sheet
    # showed W1 marked recused), so the named row is read on P2's sheet
    own = await get_sheet(session, day.judges["P1"], day.contest_id, "welder", "practical")
    assert day.code("W1") not in {r.blind_code for r in own.rows} and day.code("W2") not in {r.blind_code for r in own.rows}
    sheet = await get_sheet(session, day.judges["P2"], day.contest_id, "welder", "practical")
    assert not sheet.blind
    assert {r.blind_code: (r.employee_no, r.name) for r in sheet.rows}[day.code("W1")] == ("W1", "张三")
    assert {r.unit for r in sheet.rows} == {"铜陵供电公司", "合肥检修公司", "芜湖供电公司"}
    assert set(_leaks(sheet)) >= {"张三", "W1", "铜陵供电公司"}  # the search above would have seen them
