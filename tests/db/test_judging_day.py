"""A whole contest day at the use-case level, for both example events: marks on blind
codes, a correction, sign-offs and locks, unblinding, publication, an upheld appeal and
republication, and every total checked against a computation done by hand here.

Sources of the rules exercised (shared RULES.md): theory 30% + practical 70% (Anhui 2021),
5-judge trimmed mean (CNPC 2007), the plate butt-joint visual table and its vetoes (2022
national vocational college contest), the electrician safety module whose deductions stop
at its allocation, and team score = best 3 members (Zoucheng contest rules).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from contests.store.models import AuditEventRow, MarkRow
from contests.usecases.core.audit_log import list_audit
from contests.usecases.judging.appeals import decide_appeal, file_appeal
from contests.usecases.judging.judge_analytics import judge_analytics
from contests.usecases.judging.marking import mark_history, submit_marks
from contests.usecases.judging.progress import marking_progress
from contests.usecases.judging.publishing import get_published, get_published_breakdowns, list_published, publish_standings
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling, TimeBatch, TimeInput
from contests.usecases.judging.standings import compute_standings
from contests.usecases.judging.times import record_times
from contests.usecases.judging.unblinding import unblind_event
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import (
    CHIEF,
    ELECTRICIAN_MARKS,
    ELECTRICIAN_PANELS,
    ELECTRICIAN_THEORY,
    ELECTRICIAN_TIMES,
    WELDER_PANELS,
    WELDER_THEORY,
    WELDER_TIMES,
    batch,
    electrician_day,
    mark_welder_day,
    sign_and_lock,
    welder_day,
    welder_practical,
)

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def units(x: float) -> int:
    """Hundredths, rounded half up, as the contests declare (2 places, half_up, on the total)."""
    return int(Decimal(repr(x)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP") * 100)


# ---------------------------------------------------------------- welder, by hand
#
# practical (scheme 125 → scaled to 100, ×0.8): visual table (100) + workmanship 5 × 5
# judgement aspects, each (trimmed panel mean / 3) × 5. total = 0.3 theory + 0.7 practical.
W1 = 0.3 * 90 + 0.7 * (100 + 25) * 0.8  # P1 recused; groove [3,3,3,2] → drop 3 and 2 → 3
W2 = 0.3 * 80 + 0.7 * ((100 - 16 + 12) + 5 * (2 / 3 * 5)) * 0.8  # cap 1.5 mm → 12; all 2s
W3 = 0.3 * 95 + 0.7 * (0 + 25) * 0.8  # a pore: the whole visual criterion is 0
W4 = 0.3 * 70 + 0.7 * ((100 - 16) + 5 * (2 / 3 * 5)) * 0.8  # cap unfinished → cap 0; [3,2,2,2,1] → 2
W5 = 0.3 * 60 + 0.7 * ((100 - 20 + 8) + 25) * 0.8  # undercut 16 mm → 8
W6 = 0.3 * 60 + 0.7 * ((100 - 20 + 14) + 25) * 0.8  # undercut 15 mm → 14
W5_AFTER_APPEAL = W6  # the appeal finds 15 mm: band ≤ 15 → 14


async def test_the_welder_day(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await record_times(
        session,
        CHIEF,
        day.contest_id,
        "welder",
        "practical",
        TimeBatch(times=[TimeInput(blind_code=day.code(k), seconds=Decimal(v)) for k, v in WELDER_TIMES.items()]),
    )

    # corrections with their reasons: T1 changes W2's 80 to 85 by mistake, then back; all kept
    t1 = day.judges["T1"]
    await submit_marks(session, t1, day.contest_id, batch(day, "theory", {"W2": {"theory_mark": 85}}, reason="read the wrong line"))
    await submit_marks(
        session, t1, day.contest_id, batch(day, "theory", {"W2": {"theory_mark": WELDER_THEORY["W2"]}}, reason="85 was W1's neighbour's")
    )
    history = await mark_history(session, CHIEF, day.contest_id, "welder", "theory", day.code("W2"), "theory_mark", judge="T1")
    assert [(h.version, h.value) for h in history] == [(1, 80), (2, 85), (3, 80)]

    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    assert [(m.module_id, m.owed, m.unsigned) for m in progress.modules] == [("theory", 0, 1), ("practical", 0, 5)]
    assert [j.recused for j in progress.modules[1].judges] == [2, 0, 0, 0, 0]

    provisional = await compute_standings(session, CHIEF, day.contest_id, "welder")
    assert provisional.snapshot == 0 and provisional.blind and all(r.name is None for r in provisional.rows)
    assert _totals(provisional, day) == {
        "W1": units(W1),
        "W2": units(W2),
        "W3": units(W3),
        "W4": units(W4),
        "W5": units(W5),
        "W6": units(W6),
    }
    assert _totals(provisional, day) == {"W1": 9700, "W2": 8709, "W3": 4250, "W4": 7737, "W5": 8128, "W6": 8464}

    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    first = await publish_standings(session, ORGANISER, day.contest_id, "welder")
    assert (first.number, first.changes, first.standings.snapshot, first.definition_version) == (1, [], 1, 1)
    rows = first.standings.rows
    assert [r.name for r in rows] == ["张三", "李四", "周八", "孙七", "赵六", "王五"]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r.award for r in rows] == ["一等奖", "二等奖", "二等奖", "二等奖", "三等奖", "三等奖"]
    assert [bool(r.titles) for r in rows] == [True] * 5 + [False]  # top 5, theory and practical both pass
    assert rows[0].module_units == (9000, units(125 * 0.8))

    # W5 appeals the undercut measurement; upheld: every judge's 16 mm becomes 15 mm
    appeal = await file_appeal(
        session, ORGANISER, day.contest_id,
        AppealFiling(event_id="welder", module_id="practical", employee_no="W5", grounds="咬边长度测量有误", appellant="芜湖领队"),
    )  # fmt: skip
    assert appeal.status == "open" and appeal.blind_code == day.code("W5")
    corrections = [AppealCorrection(judge=f"P{k}", aspect_id="undercut", value=Decimal(15)) for k in range(1, 6)]
    decided = await decide_appeal(
        session, CHIEF, day.contest_id, appeal.id, AppealDecision(decision="upheld", reason="复测为15mm", corrections=corrections)
    )
    assert decided.status == "upheld" and [(c.judge, c.old, c.new, c.version) for c in decided.corrections] == [
        (f"P{k}", 16, 15, 2) for k in range(1, 6)
    ]
    second = await publish_standings(session, ORGANISER, day.contest_id, "welder")
    assert second.number == 2
    assert _totals(second.standings, day)["W5"] == units(W5_AFTER_APPEAL) == 8464
    changed = {(c.competitor, c.field): (c.old, c.new) for c in second.changes}
    code = day.code("W5")
    assert changed[(code, "total")] == ("81.28", "84.64")
    assert changed[(code, "modules.practical")] == ("90.40", "95.20")
    assert {c.competitor for c in second.changes} <= {day.code("W5"), day.code("W6")}
    # W5 and W6 now tie on total and practical: less practical time puts W6 (1750.5 s) first
    assert [r.name for r in second.standings.rows][2:4] == ["周八", "孙七"]
    assert second.standings.rows[2].decided_by_en == "tie: less Practical: plate butt joint time"

    # published snapshots stay as they were, and are public
    assert (await get_published(session, day.contest_id, "welder", 1)) == first
    assert (await get_published(session, day.contest_id, "welder")).number == 2
    assert [s.number for s in await list_published(session, day.contest_id)] == [1, 2]
    breakdowns = await get_published_breakdowns(session, day.contest_id, "welder", 1)
    assert breakdowns[day.code("W3")].modules[1].sections[0].vetoed  # the pore
    analytics = await judge_analytics(session, CHIEF, day.contest_id, "welder")
    assert [j.judge for j in analytics.modules[1].judges] == ["P1", "P2", "P3", "P4", "P5"]

    actions = {e.action for e in await list_audit(session, day.contest_id, limit=1000)}
    assert {"marks.submit", "mark.correct", "times.record", "sheet.sign", "module.lock", "event.unblind",
            "standings.publish", "appeal.file", "appeal.upheld"} <= actions  # fmt: skip


def _totals(standings, day) -> dict[str, int]:
    by_code = {r.blind_code: r.total_units for r in standings.rows}
    return {no: by_code[code] for no, code in day.codes.items()}


# ---------------------------------------------------------------- electrician, by hand
#
# motor control (scheme 50 → scaled 100, ×2): correctness 20 (−5 per wiring error, never
# below 0), neatness 10 and tool use 10 (judgements, (mean / 3) × 10), safety 10 (−5 per
# occurrence, never below 0; two damaged devices disqualify). Panel mean of 3 (M1 of unit
# TL is recused from TL's E1–E3 → mean of 2). Fault finding (100): 3 faults pass/fail × 20,
# repair marks out of 30, record judgement out of 10. total = .3 theory + .4 motor + .3 fault.
E1 = 0.3 * 85 + 0.4 * (20 + 10 + 10 * 2 / 3 + 10) * 2 + 0.3 * (60 + (30 + 30 + 27) / 3 + 10)
E2 = 0.3 * 70 + 0.4 * (0 + 10 * 2 / 3 + 10 * 2 / 3 + 0) * 2 + 0.3 * (40 + 20 + 10 * 2 / 3)  # 5 errors: 20 → 0; safety −15 → 0
E4 = 0.3 * 90 + 0.4 * 50 * 2 + 0.3 * 100
E5 = E1  # the same marks as E1; ties are broken by less total time


async def test_the_electrician_day(session):
    day = await electrician_day(session)
    motor, fault = ELECTRICIAN_MARKS["motor_control"], ELECTRICIAN_MARKS["fault_finding"]
    for module_id, by_judge in (("motor_control", motor), ("fault_finding", fault)):
        for judge, marks in by_judge.items():
            await submit_marks(session, day.judges[judge], day.contest_id, batch(day, module_id, marks))
    theory = ELECTRICIAN_THEORY
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", {k: {"theory_mark": v} for k, v in theory.items()}))
    for module_id, times in ELECTRICIAN_TIMES.items():
        entries = [TimeInput(blind_code=day.code(k), seconds=Decimal(v)) for k, v in times.items()]
        await record_times(session, CHIEF, day.contest_id, "electrician", module_id, TimeBatch(times=entries))

    await sign_and_lock(session, day, ELECTRICIAN_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "electrician")
    published = await publish_standings(session, ORGANISER, day.contest_id, "electrician")
    rows = {r.employee_no: r for r in published.standings.rows}
    assert {k: rows[k].total_units for k in ("E1", "E2", "E4", "E5")} == {
        "E1": units(E1),
        "E2": units(E2),
        "E4": units(E4),
        "E5": units(E5),
    }
    assert (units(E1), units(E2), units(E4)) == (9253, 5167, 9700)
    assert rows["E3"].disqualified and rows["E3"].rank == 0  # two damaged devices
    assert [r.employee_no for r in published.standings.rows] == ["E4", "E5", "E1", "E2", "E3"]
    assert rows["E5"].decided_by_en == "tie: less total time"  # 2600 s against E1's 2700 s
    assert rows["E2"].module_units[1] == units((10 * 2 / 3 * 2) * 2)  # both sections stopped at 0
    teams = {t.code: (t.rank, t.score_units, t.members_counted) for t in published.standings.teams}
    assert teams == {"HF-1": (1, units(E4) + units(E5), 2), "TL-1": (2, units(E1) + units(E2), 2)}  # E3 has no result


async def test_no_mark_is_stored_twice_or_lost_over_the_day(session):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await mark_welder_day(session, day)  # a tablet resending everything without keys: all unchanged
    marks = (await session.scalars(select(MarkRow))).all()
    expected = sum(len(a) for j in ("P1", "P2", "P3", "P4", "P5") for a in welder_practical(j).values()) + len(WELDER_THEORY)
    assert len(marks) == expected and all(m.version == 1 for m in marks)
    submits = (await session.scalars(select(AuditEventRow).where(AuditEventRow.action == "marks.submit"))).all()
    assert len(submits) == 6  # one per judge's first batch; the resends changed nothing
