"""A whole period of a labour competition from XLSX/CSV with Chinese headers (issue 12
item 3): all-or-nothing with a row report; plans importable the same way."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from contests.errors import ImportRejected
from contests.store.labour import LabourPlanRow, LabourReportRow, LabourReportVersionRow
from contests.usecases.labour import period_import, plans, reports, standings, verification
from tests.db.labour_helpers import ON_TIME, ORG, set_up

pytestmark = [pytest.mark.db, pytest.mark.anyio]

HEADER = [
    "序号",
    "班组编号",
    "班组名称",
    "赛产量（t）",
    "赛成本（元）",
    "赛质量（%）",
    "赛安全",
    "赛纪律",
    "发生损失工时事故",
    "出勤率低于95%",
    "备注",
]
GOOD = [
    [1, "T-A", "炼钢一班", 1062, 490000, 98.5, 1, 0, 0, 97, ""],
    [2, "T-B", "轧钢二班", 760, 309000, 99.2, 0, 1, 0, 94, "出勤率偏低"],
    [3, "T-C", "动力三班", 900, 380000, 96.0, 3, 0, "", 100, ""],
]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年1月班组六赛报表"])  # a title row above the header
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows) -> bytes:
    return "\n".join(",".join("" if c is None else str(c) for c in row) for row in rows).encode("utf-8-sig")


async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_a_whole_period_from_xlsx_then_verified_ranks_as_the_worked_example(session):
    cid = await set_up(session)
    report = await period_import.import_period(session, ORG, cid, "2026-01", "reports", xlsx([HEADER, *GOOD]), "一月.xlsx", today=ON_TIME)
    assert (report.created, report.resubmitted, report.late) == (3, 0, [])
    for r in await reports.list_reports(session, ORG, cid, state="submitted"):
        await verification.verify_report(session, ORG, cid, r.id)
    rows = (await standings.period_standings(session, cid, "2026-01")).rows
    assert [(r.participant, r.total, r.vetoes) for r in rows] == [("T-A", 94.43, []), ("T-B", 89.67, ["出勤率低于95%"]), ("T-C", 45.5, [])]


async def test_bad_rows_are_all_reported_and_nothing_is_written(session):
    cid = await set_up(session)
    bad = [
        [1, "T-A", "炼钢一班", 1062, 490000, 98.5, 1.5, 0, 0, 97, ""],  # half an incident
        [2, "T-X", "无此班组", 760, 309000, 99.2, 0, 1, 0, 94, ""],  # unknown team
        [3, "T-C", "动力三班", "九百", 380000, "", 3, 0, "", 100, ""],  # text and an empty cell
        [4, "T-A", "炼钢一班", 1062, 490000, 98.5, 1, 0, 0, 97, ""],  # T-A twice
    ]
    with pytest.raises(ImportRejected) as info:
        await period_import.import_period(session, ORG, cid, "2026-01", "reports", csv([HEADER, *bad]), "jan.csv", today=ON_TIME)
    assert [(p.path, p.rule) for p in info.value.problems] == [
        ("line 2.赛安全", "incidents are counted in whole numbers"),
        ("line 3.班组编号", "unknown participant 'T-X'"),
        ("line 4.赛产量", "'九百' is not a number"),
        ("line 4.赛质量", "is empty"),
        ("line 5.班组编号", "'T-A' is already on line 2"),
    ]
    assert await count(session, LabourReportRow) == 0


async def test_a_row_the_stored_state_refuses_rolls_back_every_row(session):
    cid = await set_up(session)
    await period_import.import_period(session, ORG, cid, "2026-01", "reports", csv([HEADER, GOOD[1]]), "b.csv", today=ON_TIME)
    (b,) = await reports.list_reports(session, ORG, cid)
    await verification.verify_report(session, ORG, cid, b.id)
    with pytest.raises(ImportRejected) as info:
        await period_import.import_period(session, ORG, cid, "2026-01", "reports", csv([HEADER, *GOOD]), "all.csv", today=ON_TIME)
    assert [p.path for p in info.value.problems] == ["line 3"] and "verified" in info.value.problems[0].rule
    assert (await count(session, LabourReportRow), await count(session, LabourReportVersionRow)) == (1, 1)


async def test_a_missing_column_names_the_column(session):
    cid = await set_up(session)
    header = [h for h in HEADER if h != "赛纪律"]
    rows = [[c for k, c in enumerate(r) if HEADER[k] != "赛纪律"] for r in GOOD]
    with pytest.raises(ImportRejected, match="赛纪律"):
        await period_import.import_period(session, ORG, cid, "2026-01", "reports", csv([header, *rows]), "x.csv", today=ON_TIME)


async def test_plans_import_needs_a_reason_for_a_change_after_a_report(session):
    cid = await set_up(session)
    await period_import.import_period(session, ORG, cid, "2026-01", "reports", csv([HEADER, GOOD[0]]), "a.csv", today=ON_TIME)
    before = await count(session, LabourPlanRow)
    sheet = [["班组编号", "赛产量计划", "赛成本计划", "调整原因"], ["T-A", 1050, 500000, ""], ["T-B", 820, 300000, ""]]
    with pytest.raises(ImportRejected) as info:
        await period_import.import_period(session, ORG, cid, "2026-01", "plans", csv(sheet), "plans.csv")
    assert [p.path for p in info.value.problems] == ["line 2"] and "needs a reason" in info.value.problems[0].rule
    assert await count(session, LabourPlanRow) == before  # T-B's row was not kept either
    sheet[1][3] = "集团计划调整"
    done = await period_import.import_period(session, ORG, cid, "2026-01", "plans", csv(sheet), "plans.csv")
    assert done.created == 2
    history = await plans.plan_history(session, cid, "T-A", "2026-01")
    assert [(p.plans["output"], p.reason) for p in history] == [(1000, None), (1050, "集团计划调整")]
