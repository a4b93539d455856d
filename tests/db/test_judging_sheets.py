"""Marking sheets and progress: what a judge and the chief judge see while marking."""

from __future__ import annotations

import pytest

from contests.accounts import Actor
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.judging.judge_analytics import judge_analytics
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.progress import marking_progress
from contests.usecases.judging.sheets import get_sheet
from tests.db.helpers import ORGANISER, welder_contest
from tests.db.test_judging_fixtures import CHIEF, batch, mark_welder_day, welder_day, welder_practical

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_a_sheet_lists_codes_aspects_own_marks_owed_cells_and_recusals(session):
    day = await welder_day(session)
    await submit_marks(session, day.judges["P1"], day.contest_id, batch(day, "practical", {"W3": {"groove_preparation": 3, "pore": 0}}))
    sheet = await get_sheet(session, day.judges["P1"], day.contest_id, "welder", "practical")
    assert (sheet.judge, sheet.blind, sheet.locked, sheet.signed) == ("P1", True, False, False)
    # issue 10: the rows P1 is recused from (W1, W2: P1's own unit) are not on P1's sheet (they were, marked recused)
    assert [r.blind_code for r in sheet.rows] == sorted((day.code(w) for w in ("W3", "W4", "W5", "W6")), key=int)
    aspects = {a.id: a for a in sheet.aspects}
    assert len(aspects) == 22 and sum(a.owed for a in sheet.aspects) == 13  # 8 bands + 5 judgements
    cap, groove, pore = aspects["cap_height"], aspects["groove_preparation"], aspects["pore"]
    assert (cap.kind, cap.rule, cap.max_marks, cap.unit, cap.bands[0].upto, cap.bands[0].marks) == ("measurement", "bands", 16, "mm", 1, 16)
    assert (groove.kind, groove.max_marks, groove.descriptors[3], groove.criterion) == ("judgement", 5, "优秀", "workmanship")
    assert (pore.kind, pore.effect, pore.owed, pore.max_marks) == ("veto", "criterion", False, None)
    rows = {r.blind_code: r for r in sheet.rows}
    w3 = rows[day.code("W3")]
    assert day.code("W1") not in rows and not hasattr(w3, "recused")  # P1 is of W1's unit; no row says "recused"
    assert [(m.aspect_id, m.value, m.version) for m in w3.marks] == [("pore", 0, 1), ("groove_preparation", 3, 1)]
    assert len(w3.owed) == 12 and "groove_preparation" not in w3.owed
    assert sheet.owed == 4 * 13 - 1  # four welders P1 may mark, one cell done


async def test_only_the_panel_and_the_chief_judge_read_a_sheet(session):
    day = await welder_day(session)
    await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W1": {"groove_preparation": 3}}))
    as_chief = await get_sheet(session, CHIEF, day.contest_id, "welder", "practical", judge="P2")
    assert as_chief.judge == "P2" and as_chief.owed == 6 * 13 - 1
    bare = await get_sheet(session, CHIEF, day.contest_id, "welder", "practical")
    assert bare.judge is None and all(r.marks == [] for r in bare.rows)
    for who, judge in ((day.judges["T1"], None), (day.judges["P3"], "P2"), (ORGANISER, None)):
        with pytest.raises(Forbidden):
            await get_sheet(session, who, day.contest_id, "welder", "practical", judge=judge)
    with pytest.raises(NotFound):
        await get_sheet(session, CHIEF, day.contest_id, "welder", "practical", judge="T1")
    with pytest.raises(NotFound):
        await get_sheet(session, CHIEF, day.contest_id, "welder", "oral")


async def test_no_sheet_before_the_draw(session):
    contest_id = await welder_contest(session)  # a contest that names no chief judge: any chief login reads
    with pytest.raises(Conflict, match="not been drawn"):
        await get_sheet(session, CHIEF, contest_id, "welder", "practical")
    with pytest.raises(Forbidden):  # no login is linked to a judge of it
        await get_sheet(session, Actor(username="judge-p2", role="judge"), contest_id, "welder", "practical")


async def test_progress_shows_who_owes_what(session):
    day = await welder_day(session)
    marks = welder_practical("P2")
    await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {k: v for k, v in marks.items() if k != "W4"}))
    await submit_marks(session, day.judges["P3"], day.contest_id, batch(day, "practical", {"W4": {"groove_preparation": 2, "pore": 1}}))
    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    assert (progress.competitors, progress.unblinded) == (6, False)
    theory, practical = progress.modules
    assert (theory.owed, [j.judge for j in theory.judges]) == (6, ["T1"])
    judges = {j.judge: j for j in practical.judges}
    assert (judges["P1"].owed, judges["P1"].recused, judges["P1"].marked) == (4 * 13, 2, 0)
    p2 = judges["P2"]
    assert (p2.owed, [c.blind_code for c in p2.owed_cells], len(p2.owed_cells[0].aspects)) == (13, [day.code("W4")], 13)
    p3 = judges["P3"]
    assert (p3.owed, p3.marked) == (6 * 13 - 1, 2)  # the veto counts as marked, never as owed
    assert practical.owed == 4 * 13 + 13 + (6 * 13 - 1) + 2 * 6 * 13
    with pytest.raises(Forbidden):
        await marking_progress(session, day.judges["P2"], day.contest_id, "welder")


async def test_analytics_flag_a_severe_judge(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    harsh = {
        no: {a: 1 for a in ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")}
        for no in ("W3", "W4", "W5", "W6")
    }
    await submit_marks(session, day.judges["P1"], day.contest_id, batch(day, "practical", harsh, reason="统一复核"))
    report = await judge_analytics(session, CHIEF, day.contest_id, "welder")
    practical = report.modules[1]
    assert {j.judge: j.flagged for j in practical.judges} == {"P1": True, "P2": False, "P3": False, "P4": False, "P5": False}
    assert practical.judges[0].offset < -0.5 and practical.spread_count > 0
    assert {s.blind_code for s in practical.spreads} <= set(day.codes.values())
