"""CSV and XLSX exports open in the usual tools and agree with the JSON snapshot."""

from __future__ import annotations

import csv
import io

import msgspec
import openpyxl
import pytest

from contests.results import from_json, text_units, to_csv, to_json, to_xlsx
from contests.results.exports import sheet_name
from scoring.errors import RuleError
from tests.results.fixtures import EMOJI_NAME, SCRIPT_NAME, standings_of

ZH_HEAD = ["名次", "检录号", "姓名", "单位", "代表队"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_a_bom_chinese_headers_and_exact_numbers(contest, welder):
    s = from_json(to_json(standings_of(contest, welder)))
    header, *rows = read_csv(to_csv(s))
    assert header == [*ZH_HEAD, "理论知识", "技能操作（板对接焊）", "总分", "奖项", "称号", "名次依据"]
    assert len(rows) == len(s.rows)
    for line, row in zip(rows, s.rows):
        assert line[0] == str(row.rank)
        assert line[1:5] == [row.blind_code, row.name, row.unit, ""]
        assert [text_units(v, s.places) for v in line[5:7]] == list(row.module_units)
        assert text_units(line[7], s.places) == row.total_units
        assert line[8] == (row.award or "") and line[9] == "、".join(row.titles)
    assert rows[0][7] == "88.00" and rows[0][8] == "一等奖" and rows[0][9] == "技术能手"
    names = [line[2] for line in rows]
    assert SCRIPT_NAME in names and EMOJI_NAME in names and "O'Brien; DROP TABLE marks;--" in names


def test_csv_in_english_and_for_a_disqualified_competitor(contest, electrician):
    s = standings_of(contest, electrician)
    header, *rows = read_csv(to_csv(s, lang="en"))
    assert header[:5] == ["Rank", "Code", "Name", "Unit", "Team"]
    assert header[5:] == ["Theory", "Motor-control wiring", "Fault finding", "Total", "Award", "Titles", "Decided by"]
    assert rows[-1][0] == "" and rows[-1][-1] == "disqualified: no place"
    assert rows[0][4] == s.rows[0].team and rows[0][9] == "Second prize"
    with pytest.raises(RuleError):
        to_csv(s, lang="fr")


def test_csv_defuses_formulas_in_names(contest, welder):
    s = standings_of(contest, welder)
    rows = list(s.rows)
    rows[0] = msgspec.structs.replace(rows[0], name='=HYPERLINK("http://x")', unit="+1 车间")
    _, *lines = read_csv(to_csv(msgspec.structs.replace(s, rows=tuple(rows))))
    assert lines[0][2] == '\'=HYPERLINK("http://x")' and lines[0][3] == "'+1 车间"


def test_blind_csv_has_codes_only(contest, welder):
    s = standings_of(contest, welder, reveal=False)
    _, *rows = read_csv(to_csv(s))
    assert all(line[1] and line[2:5] == ["", "", ""] for line in rows)


def test_xlsx_sheets_headers_and_values_agree_with_the_json(contest, welder, electrician):
    snapshots = [from_json(to_json(standings_of(contest, d))) for d in (welder, electrician)]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(snapshots)))
    assert book.sheetnames == ["焊工", "电工", "获奖名单"]
    for s in snapshots:
        sheet = book[s.event_name]
        assert sheet.freeze_panes == "A2"
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0][:5]) == ZH_HEAD and values[0][5 + len(s.modules)] == "总分"
        assert len(values) == 1 + len(s.rows)
        for cells, row in zip(values[1:], s.rows):
            assert cells[0] == (row.rank or None)
            assert cells[1:5] == (row.blind_code, row.name, row.unit, row.team)
            scores = cells[5 : 6 + len(s.modules)]
            assert all(isinstance(v, (int, float)) for v in scores)  # numbers, not text
            assert [round(v * 10**s.places) for v in scores] == [*row.module_units, row.total_units]
            assert cells[6 + len(s.modules)] == row.award
        total = sheet.cell(row=2, column=6 + len(s.modules))
        assert total.number_format == "0.00"


def test_xlsx_award_list_sheet(contest, welder, electrician):
    snapshots = [standings_of(contest, d) for d in (welder, electrician)]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(snapshots)))["获奖名单"]
    header, *lines = sheet.iter_rows(values_only=True)
    assert header == ("赛项", "奖项", "名次", "检录号", "姓名", "单位", "总分", "称号")
    expected = [
        (s.event_name, r.award, r.rank, r.blind_code, r.name, r.unit, r.total_units, "、".join(r.titles) or None)
        for s in snapshots
        for r in s.rows
        if r.award or r.titles
    ]
    got = [(*line[:6], round(line[6] * 100), line[7]) for line in lines]
    assert got == expected
    assert got[0][:5] == ("焊工", "一等奖", 1, welder.code("W03"), "张强")
    assert sheet.freeze_panes == "A2"


def test_xlsx_writes_formula_like_names_as_text(contest, welder):
    s = standings_of(contest, welder)
    rows = list(s.rows)
    rows[0] = msgspec.structs.replace(rows[0], name="=1+1")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([msgspec.structs.replace(s, rows=tuple(rows))])))
    cell = book["焊工"]["C2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_sheet_names_are_legal_and_unique():
    taken: set[str] = set()
    assert sheet_name("焊工", taken) == "焊工"
    assert sheet_name("焊工", taken) == "焊工 (2)"
    assert sheet_name("a/b:c*d?[e]\\", taken) == "a_b_c_d__e__"
    long = "2026年全国职工职业技能大赛焊工（板对接、管对接、角焊缝）决赛成绩"
    name = sheet_name(long, taken)
    assert len(name) <= 31 and long.startswith(name)
    assert len(sheet_name(long, taken)) <= 31 and len(taken) == 5
    assert sheet_name("history", taken) == "history (2)"
    assert sheet_name("'''", taken) == "Sheet"


def test_xlsx_award_sheet_title_and_english(contest, welder):
    s = standings_of(contest, welder)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([s], award_title="2026年获奖名单")))
    assert book.sheetnames == ["焊工", "2026年获奖名单"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([s], lang="en")))
    assert book.sheetnames == ["Welder", "Award list"]
    assert book["Welder"]["A1"].value == "Rank"
