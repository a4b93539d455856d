"""Results imported from elsewhere (issue 9 item 2): a module's results by employee number or
by blind code, entered as one panel seat's marks with the batch's validation, audit and
all-or-nothing rule; and the warning about competitors registered after the draw."""

from __future__ import annotations

import io
from decimal import Decimal

import msgspec
import pytest
import xlsxwriter
from sqlalchemy import func, select

from contests.errors import ImportRejected
from contests.people import Competitor
from contests.store.models import AuditEventRow, MarkRow
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.progress import marking_progress
from contests.usecases.judging.provisional import provisional_standings
from contests.usecases.judging.results_import import import_results
from contests.usecases.setup.draws import run_draw
from contests.usecases.setup.late_registration import register_competitor
from tests.db.helpers import ORGANISER
from tests.db.test_judging_fixtures import CHIEF, WELDER_THEORY, login, mark_welder_day, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


async def _marks(session, contest_id: int, module: str = "theory") -> list[tuple]:
    query = select(MarkRow.aspect_id, MarkRow.value, MarkRow.version, MarkRow.created_by).where(
        MarkRow.contest_id == contest_id, MarkRow.module_id == module
    )
    return sorted((a, v, n, by) for a, v, n, by in (await session.execute(query)).all())


async def _actions(session, contest_id: int) -> list[str]:
    query = select(AuditEventRow.action).where(AuditEventRow.contest_id == contest_id).order_by(AuditEventRow.id)
    return [a for a in await session.scalars(query) if a.startswith(("marks.", "mark.", "results."))]


async def test_the_theory_exam_by_employee_number_fills_the_panels_only_seat(session):
    day = await welder_day(session)
    rows = [["2026年焊工理论考试成绩"], ["序号", "工号", "姓名", "成绩"]]
    rows += [[k, no, "某人", float(v) + 0.5] for k, (no, v) in enumerate(WELDER_THEORY.items(), start=1)]
    report = await import_results(session, ORGANISER, day.contest_id, "welder", "theory", xlsx(rows), "理论成绩.xlsx")
    assert (report.judge, report.key, report.rows, report.created, report.corrected) == ("T1", "employee_no", 6, 6, 0)
    stored = await _marks(session, day.contest_id)
    assert [v for _, v, _, _ in stored] == sorted(Decimal(v) + Decimal("0.5") for v in WELDER_THEORY.values())
    assert {by for *_, by in stored} == {"organiser"}  # who typed them in; the seat is T1
    assert await _actions(session, day.contest_id) == ["marks.submit", "results.import"]
    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    theory = next(m for m in progress.modules if m.module_id == "theory")
    assert (theory.owed, theory.judges[0].judge, theory.judges[0].marked) == (0, "T1", 6)


async def test_a_paper_sheet_by_blind_code_names_its_judge_and_corrections_need_a_reason(session):
    day = await welder_day(session)
    code = day.code("W3")
    sheet = csv("检录号,groove_preparation,tack_welding", f"{code},3,2")
    with pytest.raises(Conflict, match="name the judge whose marks these are"):
        await import_results(session, ORGANISER, day.contest_id, "welder", "practical", sheet, "p2.csv")
    report = await import_results(session, CHIEF, day.contest_id, "welder", "practical", sheet, "p2.csv", judge="P2")
    assert (report.judge, report.key, report.created) == ("P2", "blind_code", 2)
    changed = csv("检录号,groove_preparation,tack_welding", f"{code},2,2")
    with pytest.raises(ImportRejected) as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "practical", changed, "p2.csv", judge="P2")
    assert [(p.path, "a correction needs a reason" in p.rule) for p in refused.value.problems] == [("line 2.groove_preparation", True)]
    fixed = csv("检录号,groove_preparation,tack_welding,更正原因", f"{code},2,2,纸质评分表誊写错误")
    report = await import_results(session, ORGANISER, day.contest_id, "welder", "practical", fixed, "p2.csv", judge="P2")
    assert (report.created, report.corrected, report.unchanged) == (0, 1, 1)
    assert await _actions(session, day.contest_id) == ["marks.submit", "results.import", "mark.correct", "results.import"]


async def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(session):
    day = await welder_day(session)
    await register_competitor(session, ORGANISER, day.contest_id, Competitor(employee_no="W9", name="迟到", unit="TL", event="welder"))
    sheet = csv(
        "工号,姓名,成绩",
        "W1,张三,88",
        "W2,李四,120",  # above the aspect's 100
        "W3,王五,八十",  # not a number
        "W1,张三,70",  # repeats line 2
        "NOBODY,某人,60",
        "W9,迟到,60",  # registered after the draw
    )
    with pytest.raises(ImportRejected) as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "theory", sheet, "theory.csv")
    report = {p.path: p.rule for p in refused.value.problems}
    assert set(report) == {"line 4.成绩", "line 5.工号"}  # the file is read first: its cells must be numbers, one row each
    assert "not a number" in report["line 4.成绩"] and "repeats line 2" in report["line 5.工号"]
    sheet = csv("工号,成绩", "W1,88", "W2,120", "NOBODY,60", "W9,60", "W3,0.123456")
    with pytest.raises(ImportRejected) as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "theory", sheet, "theory.csv")
    report = {p.path: p.rule for p in refused.value.problems}
    assert list(report) == ["line 3.成绩", "line 4.工号", "line 5.工号", "line 6.成绩"]  # then every row at once, in line order
    assert "120 refused" in report["line 3.成绩"]  # the engine's range check, on the row and column
    assert "no competitor with employee number 'NOBODY'" in report["line 4.工号"]
    assert "registered after the draw" in report["line 5.工号"]
    assert await _marks(session, day.contest_id) == []
    assert await _actions(session, day.contest_id) == []


async def test_who_may_import_and_which_seat(session):
    day = await welder_day(session)
    sheet = csv("工号,成绩", "W1,88")
    with pytest.raises(Forbidden):
        await import_results(session, login("T1"), day.contest_id, "welder", "theory", sheet, "t.csv")
    with pytest.raises(Conflict, match="not on the panel"):
        await import_results(session, ORGANISER, day.contest_id, "welder", "theory", sheet, "t.csv", judge="P2")
    recused = csv("工号,groove_preparation", "W1,3")  # P1 is of W1's unit
    with pytest.raises(ImportRejected, match="conflict of interest") as refused:
        await import_results(session, ORGANISER, day.contest_id, "welder", "practical", recused, "p1.csv", judge="P1")
    assert refused.value.problems[0].path == "line 2.工号"
    assert await session.scalar(select(func.count()).select_from(MarkRow)) == 0


async def test_a_resend_with_its_key_gets_the_first_answer(session):
    day = await welder_day(session)
    sheet = csv("工号,成绩", "W1,88")
    first = await import_results(session, ORGANISER, day.contest_id, "welder", "theory", sheet, "t.csv", idempotency_key="imp-1")
    again = await import_results(session, ORGANISER, day.contest_id, "welder", "theory", sheet, "t.csv", idempotency_key="imp-1")
    assert msgspec.to_builtins(again) == msgspec.to_builtins(first)
    assert await _actions(session, day.contest_id) == ["marks.submit", "results.import"]


# ---------------------------------------------------------------- registered after the draw


async def test_registering_after_the_draw_is_warned_everywhere_the_organiser_looks(session):
    day = await welder_day(session)
    late = Competitor(employee_no="W7", name="迟报名", unit="HF", event="welder")
    answer = await register_competitor(session, ORGANISER, day.contest_id, late)
    assert answer.after_draw.redraw is True and [c.employee_no for c in answer.after_draw.competitors] == ["W7"]
    assert "drawn again" in answer.after_draw.message
    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    assert [c.name for c in progress.after_draw.competitors] == ["迟报名"]
    await mark_welder_day(session, day)
    standings = await provisional_standings(session, CHIEF, day.contest_id, "welder")
    assert len(standings.rows) == 6 and standings.after_draw.redraw is False  # marked: the draw is fixed
    assert "draw is fixed" in standings.after_draw.message


async def test_a_redraw_before_marking_includes_the_newcomer_and_ends_the_warning(session):
    day = await welder_day(session)
    late = Competitor(employee_no="W7", name="迟报名", unit="HF", event="welder")
    assert (await register_competitor(session, ORGANISER, day.contest_id, late)).after_draw is not msgspec.UNSET
    drawn = await run_draw(session, ORGANISER, day.contest_id, "welder", seed=7)
    assert len(drawn.assignments) == 7
    progress = await marking_progress(session, CHIEF, day.contest_id, "welder")
    assert progress.after_draw is msgspec.UNSET and b"after_draw" not in msgspec.json.encode(progress)


# ---------------------------------------------------------------- the publish preview


async def test_the_publish_preview_shows_what_would_change_and_confirming_publishes_it(session):
    from contests.usecases.judging.appeals import decide_appeal, file_appeal
    from contests.usecases.judging.publish_preview import confirm_publication, preview_publication
    from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling
    from contests.usecases.judging.unblinding import unblind_event
    from tests.db.helpers import counts
    from tests.db.test_judging_fixtures import WELDER_PANELS, sign_and_lock

    day = await welder_day(session)
    await mark_welder_day(session, day)
    blind = await preview_publication(session, ORGANISER, day.contest_id, "welder")
    assert (
        not blind.ready and [b.path for b in blind.blockers][:1] == ["event_id"] and "modules.practical" in [b.path for b in blind.blockers]
    )
    await sign_and_lock(session, day, WELDER_PANELS)
    await unblind_event(session, CHIEF, day.contest_id, "welder")
    before = await counts(session)
    first = await preview_publication(session, ORGANISER, day.contest_id, "welder")
    assert await counts(session) == before  # a preview writes nothing
    assert (first.ready, first.previous, first.number, first.changes) == (True, None, 1, [])
    assert [r.name for r in first.standings.rows][:1] and len(first.standings.rows) == 6
    with pytest.raises(Forbidden):
        await preview_publication(session, CHIEF, day.contest_id, "welder")
    published = await confirm_publication(session, ORGANISER, day.contest_id, "welder", None)
    assert published.standings.rows == first.standings.rows
    same = await preview_publication(session, ORGANISER, day.contest_id, "welder")
    assert not same.ready and "nothing changed since snapshot 1" in same.blockers[0].rule
    filing = AppealFiling(event_id="welder", module_id="practical", blind_code=day.code("W2"), grounds="余高测量有误", appellant="领队")
    appeal = await file_appeal(session, ORGANISER, day.contest_id, filing)
    corrections = [AppealCorrection(judge=f"P{k}", aspect_id="cap_height", value=Decimal("0.9")) for k in range(2, 6)]
    decision = AppealDecision(decision="upheld", reason="复测余高0.9mm", corrections=corrections)
    await decide_appeal(session, CHIEF, day.contest_id, appeal.id, decision)
    again = await preview_publication(session, ORGANISER, day.contest_id, "welder")
    assert (again.ready, again.previous, again.number) == (True, 1, 2)
    changed = {(c.competitor, c.field) for c in again.changes}
    assert (day.code("W2"), "total") in changed and (day.code("W2"), "modules.practical") in changed
    with pytest.raises(Conflict, match="expected_previous|was published since"):
        await confirm_publication(session, ORGANISER, day.contest_id, "welder", None)  # shown against nothing: stale
    second = await confirm_publication(session, ORGANISER, day.contest_id, "welder", 1)
    assert second.number == 2 and {(c.competitor, c.field) for c in second.changes} == changed


async def test_a_competitor_import_after_the_draw_reports_who_is_left_out(session):
    from contests.usecases.setup.imports import import_registrations

    day = await welder_day(session)
    sheet = "工号,姓名,单位,赛项\nW8,补报甲,HF,welder\n".encode()
    report = await import_registrations(session, ORGANISER, day.contest_id, "competitors", sheet, "补报.csv")
    assert report.created == 1 and [(w.event_id, [c.employee_no for c in w.competitors]) for w in report.after_draw] == [("welder", ["W8"])]
