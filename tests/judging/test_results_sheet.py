"""Reading a module's results sheet (contests/judging/results_sheet.py), without a database:
the key column, aspect columns by id, name or 成绩, exact values, and every bad cell named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from contests.errors import ImportRejected
from contests.judging.results_sheet import SheetAspect, parse_results

THEORY = [SheetAspect("theory_mark", "理论考试成绩", "Theory exam mark")]
PRACTICAL = [SheetAspect("groove_preparation", "坡口准备", "Groove preparation"), SheetAspect("cap_height", "余高", "Cap height")]


def xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), book.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_a_theory_export_with_a_title_row_by_employee_number():
    sheet = parse_results(
        xlsx([["理论考试成绩表"], ["序号", "工号", "姓名", "成绩"], [1, 1001, "张三", 85.5], [2, "1002", "李四", 90]]), "t.xlsx", THEORY
    )
    assert (sheet.key, sheet.key_header) == ("employee_no", "工号")
    assert [(r.line, r.key, [(m.aspect_id, m.value) for m in r.marks]) for r in sheet.lines] == [
        (3, "1001", [("theory_mark", "85.5")]),
        (4, "1002", [("theory_mark", "90")]),
    ]


def test_a_paper_sheet_by_blind_code_with_aspect_names_ids_and_a_reason():
    data = "检录号,坡口准备,cap_height,更正原因\n1234,3,0.5,\n1240,,1.5,誊写错误\n".encode()
    sheet = parse_results(data, "p.csv", PRACTICAL)
    assert sheet.key == "blind_code" and sheet.empty_cells == 1
    assert [(r.key, [m.aspect_id for m in r.marks], r.reason) for r in sheet.lines] == [
        ("1234", ["groove_preparation", "cap_height"], None),
        ("1240", ["cap_height"], "誊写错误"),
    ]


@pytest.mark.parametrize(
    ("rows", "paths"),
    [
        ([["工号", "检录号", "成绩"], ["1", "2", 3]], ["line 1"]),  # two keys
        ([["工号", "备注"], ["1", "x"]], ["line 1"]),  # no aspect column
        ([["姓名", "成绩"], ["张三", 1]], ["file"]),  # no key column
        ([["工号", "成绩"], ["1", "八十"], ["1", 70], [None, 60], ["2", True], ["3", dt.date(2026, 5, 1)]], [
            "line 2.成绩", "line 3.工号", "line 4.工号", "line 5.成绩", "line 6.成绩",
        ]),
    ],
)  # fmt: skip
def test_every_bad_cell_is_named_by_line_and_column(rows, paths):
    with pytest.raises(ImportRejected) as refused:
        parse_results(xlsx(rows), "bad.xlsx", THEORY)
    assert [p.path for p in refused.value.problems] == paths
