"""Bulk import from the organiser's own sheets. Golden files are built here: CSV with and
without BOM, GBK bytes, XLSX written with openpyxl, damaged workbooks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from contests.definition import decode_contest
from contests.errors import ImportRejected
from contests.importing import competitors_template_xlsx, parse_competitors, parse_teams, parse_units
from contests.people import Competitor, Team, Unit
from contests.spreadsheets import MAX_FILE_BYTES, MAX_ROWS, NOT_UTF8

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEADER = "工号,姓名,单位,班组/代表队,赛项"
UNITS = [Unit(code="TL", name="铜陵供电公司"), Unit(code="HF", name="合肥检修公司")]
TEAMS = [Team(code="TL-1", name="一班", unit="TL"), Team(code="HF-1", name="一班", unit="HF")]


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    text = "\r\n".join(lines) + "\r\n"  # Excel writes CRLF
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rejected(data: bytes, kind: str, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(ImportRejected) as info:
        parse_competitors(data, kind, **kwargs)
    return [(p.path, p.rule) for p in info.value.problems]


# ---------------------------------------------------------------- good files


@pytest.mark.parametrize("bom", [True, False])
def test_chinese_headers_with_and_without_bom(bom):
    data = csv_bytes(HEADER, "E001,张三,TL,TL-1,welder", "E002,李四,HF,,welder", bom=bom)
    assert parse_competitors(data, "报名表.csv") == [
        Competitor(employee_no="E001", name="张三", unit="TL", team="TL-1", event="welder"),
        Competitor(employee_no="E002", name="李四", unit="HF", team=None, event="welder"),
    ]


def test_english_headers_in_any_order_with_extra_columns():
    data = csv_bytes("name,event,gender,employee_no,unit", "Zhang San,welder,M,E001,TL")
    assert parse_competitors(data, "csv") == [Competitor(employee_no="E001", name="Zhang San", unit="TL", event="welder")]


def test_title_rows_above_the_header_and_blank_lines_are_skipped():
    data = csv_bytes("2026年焊工技能竞赛报名表,,,,", ",,,,", HEADER, "E001,张三,TL,,welder", ",,,,", "E002,李四,TL,,welder")
    assert [c.employee_no for c in parse_competitors(data, "csv")] == ["E001", "E002"]


@pytest.mark.parametrize(
    "name",
    ["欧阳😀娜娜", "O'Brien; DROP TABLE competitors;--", '"; DELETE FROM units; --', "Robert'); --", "👩‍🔧焊工"],
)
def test_names_are_kept_verbatim(name):
    quoted = '"' + name.replace('"', '""') + '"'
    data = csv_bytes(HEADER, f"E001,{quoted},TL,,welder")
    [competitor] = parse_competitors(data, "csv")
    assert competitor.name == name
    [from_xlsx] = parse_competitors(xlsx_bytes([HEADER.split(","), ["E001", name, "TL", None, "welder"]]), "x.xlsx")
    assert from_xlsx.name == name


def test_xlsx_golden_file_with_numbers_as_employee_numbers():
    rows = [
        ["2026年电工技能竞赛报名表"],
        ["序号", "工号", "姓名", "单位", "班组", "赛项"],
        [1, 1001, "张三", "铜陵供电公司", "一班", "电工"],
        [2, "00123", "李四", "HF", "一班", "electrician"],
    ]
    contest = decode_contest((EXAMPLES / "electrician.toml").read_bytes(), "toml")
    got = parse_competitors(xlsx_bytes(rows), "报名.XLSX", units=UNITS, teams=TEAMS, events=contest.events)
    assert got == [
        Competitor(employee_no="1001", name="张三", unit="TL", team="TL-1", event="electrician"),
        Competitor(employee_no="00123", name="李四", unit="HF", team="HF-1", event="electrician"),
    ]


def test_default_event_when_the_sheet_has_no_event_column():
    data = csv_bytes("工号,姓名,单位", "E001,张三,TL")
    assert parse_competitors(data, "csv", event="welder")[0].event == "welder"
    assert rejected(data, "csv") == [("line 1", "missing required column 赛项 (event)")]


# ---------------------------------------------------------------- bad files


def test_gbk_bytes_are_refused_with_a_clear_message():
    data = (HEADER + "\r\nE001,张三,TL,,welder\r\n").encode("gbk")
    [(path, rule)] = rejected(data, "csv")
    assert path == "file" and rule.startswith(NOT_UTF8)


def test_gbk_bytes_further_down_name_their_line():
    data = csv_bytes(HEADER, "E001,Zhang,TL,,welder") + "E002,李四,TL,,welder\r\n".encode("gbk")
    [(path, rule)] = rejected(data, "csv")
    assert rule == f"{NOT_UTF8}: line 3 holds bytes that are not UTF-8 (GBK?)"


def test_utf16_is_refused():
    data = (HEADER + "\r\nE001,张三,TL,,welder\r\n").encode("utf-16")
    [(_, rule)] = rejected(data, "csv")
    assert rule.startswith(NOT_UTF8) and "UTF-16" in rule


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"this is not a workbook", "not a zip archive"),
        (b"PK\x03\x04" + b"\x00" * 100, "not a zip archive"),
        (None, "not an XLSX workbook"),  # a zip without xl/workbook.xml
        ("truncated", "not a zip archive"),
        ("corrupt xml", "damaged"),
    ],
)
def test_malformed_xlsx_is_refused(data, fragment):
    good = xlsx_bytes([HEADER.split(","), ["E001", "张三", "TL", None, "welder"]])
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    elif data == "truncated":
        data = good[: len(good) // 2]
    elif data == "corrupt xml":
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                dst.writestr(item, b"<worksheet><sheetData><row" if item.filename.startswith("xl/worksheets/") else body)
        data = buffer.getvalue()
    [(path, rule)] = rejected(data, "x.xlsx")
    assert path == "file" and fragment in rule


def test_unknown_and_old_file_types_are_refused():
    assert rejected(b"a", "list.xls")[0][1].startswith("old Excel .xls")
    assert "unknown file type" in rejected(b"a", "list.pdf")[0][1]


def test_empty_file_and_header_only_are_refused():
    assert rejected(b"", "csv") == [("file", "file is empty")]
    assert rejected(csv_bytes(HEADER), "csv") == [("file", "no data rows below the header (line 1)")]
    assert "no header row" in rejected(csv_bytes("a,b,c", "1,2,3"), "csv")[0][1]


def test_oversized_files_are_refused():
    # the limit counts data rows, not the header (issue 10, item 12): MAX_ROWS + 1 data rows are one too many
    rows = [HEADER] + [f"E{i},张三,TL,,welder" for i in range(MAX_ROWS + 1)]
    assert rejected(csv_bytes(*rows), "csv") == [("file", f"file has more than {MAX_ROWS} rows; split it into several imports")]
    assert len(parse_competitors(csv_bytes(*rows[:-1]), "csv")) == MAX_ROWS
    [(_, rule)] = rejected(b"x" * (MAX_FILE_BYTES + 1), "csv")
    assert "at most" in rule


def test_malformed_csv_is_refused_with_its_line():
    data = csv_bytes(HEADER, "E001,张三,TL,,welder", 'E002,"李四,TL,,welder', "E003,王五,TL,,welder")
    [(path, rule)] = rejected(data, "csv")
    assert path.startswith("line ") and "not valid CSV" in rule


# ---------------------------------------------------------------- bad rows: all reported


def test_every_bad_row_is_reported_with_its_line():
    data = csv_bytes(
        "报名表",  # line 1: title
        HEADER,  # line 2
        "E001,张三,TL,TL-1,welder",  # 3: good
        "E002,,TL,,welder",  # 4: empty name
        ",李四,TL,,welder",  # 5: empty employee number
        "E001,王五,TL,,welder",  # 6: duplicate of line 3
        "E007, 赵六,TL,,welder",  # 7: leading space
        'E008,"钱\n七",TL,,welder',  # 8–9: control character inside a quoted cell
        "E009,孙九,,,",  # 10: unit and event empty
        "E 10,周十,TL,,welder",  # 11: space in the employee number
        "E011,吴十一,TL,,welder",  # 12: good
    )
    assert rejected(data, "csv") == [
        ("line 4.姓名", "is empty"),
        ("line 5.工号", "is empty"),
        ("line 6.工号", "'E001' repeats line 3"),
        ("line 7.姓名", "has leading or trailing spaces"),
        ("line 8.姓名", "holds a control character (U+000A)"),
        ("line 10.单位", "is empty"),
        ("line 10.赛项", "is empty"),
        ("line 11.工号", "is a code and may not hold spaces"),
    ]


def test_xlsx_rows_report_their_sheet_row_numbers():
    rows = [
        HEADER.split(","),
        ["E001", "张三", "TL", None, "welder"],
        [None, None, None, None, None],
        ["E003", dt.datetime(2026, 5, 1), "TL", None, "welder"],
        ["E004", "李四", "TL", None, 3.5],
        ["E005", True, "TL", None, "welder"],
    ]
    assert rejected(xlsx_bytes(rows), "xlsx") == [
        ("line 4.姓名", "is a date or time, expected text (format the column as text)"),
        ("line 5.赛项", "is the number 3.5, expected text or a whole number"),
        ("line 6.姓名", "is TRUE/FALSE, expected text"),
    ]


def test_references_are_checked_against_registered_units_teams_and_events():
    contest = decode_contest((EXAMPLES / "welder.toml").read_bytes(), "toml")
    data = csv_bytes(
        HEADER,
        "E001,张三,铜陵供电公司,一班,焊工",  # by names: resolved
        "E002,李四,XX,,welder",  # unknown unit
        "E003,王五,TL,HF-1,welder",  # team of another unit
        "E004,赵六,TL,二班,welder",  # unknown team
        "E005,钱七,TL,,cook",  # unknown event
    )
    assert rejected(data, "csv", units=UNITS, teams=TEAMS, events=contest.events) == [
        ("line 3.单位", "unknown unit 'XX'"),
        ("line 4.班组/代表队", "team 'HF-1' belongs to unit 'HF', not 'TL'"),
        ("line 5.班组/代表队", "unknown team '二班' in unit 'TL'"),
        ("line 6.赛项", "unknown event 'cook'"),
    ]
    good = parse_competitors(
        data.split(b"\r\n")[0] + b"\r\n" + data.split(b"\r\n")[1] + b"\r\n", "csv", units=UNITS, teams=TEAMS, events=contest.events
    )
    assert good == [Competitor(employee_no="E001", name="张三", unit="TL", team="TL-1", event="welder")]


def test_already_registered_employee_numbers_are_refused():
    data = csv_bytes(HEADER, "E001,张三,TL,,welder", "E002,李四,TL,,welder")
    assert rejected(data, "csv", taken={"E002"}) == [("line 3.工号", "'E002' is already registered")]


def test_duplicate_header_columns_are_refused():
    data = csv_bytes("工号,姓名,name,单位,赛项", "E001,张三,Zhang,TL,welder")
    assert rejected(data, "csv") == [("line 1", "columns '姓名' and 'name' both give 姓名")]


# ---------------------------------------------------------------- units, teams, template


def test_units_and_teams_import():
    units = parse_units(csv_bytes("单位代码,单位名称,职工人数", "TL,铜陵供电公司,1200", "HF,合肥检修公司,"), "csv")
    assert units == [Unit(code="TL", name="铜陵供电公司", headcount=1200), Unit(code="HF", name="合肥检修公司")]
    teams = parse_teams(csv_bytes("班组代码,班组名称,单位", "TL-1,一班,铜陵供电公司"), "csv", units=units)
    assert teams == [Team(code="TL-1", name="一班", unit="TL")]
    with pytest.raises(ImportRejected) as info:
        parse_units(csv_bytes("单位代码,单位名称,职工人数", "TL,铜陵,很多", "TL,铜陵2,3"), "csv")
    assert [(p.path, p.rule) for p in info.value.problems] == [
        ("line 2.职工人数", "'很多' is not a whole number of people"),
        ("line 3.单位代码", "'TL' repeats line 2"),
    ]


def test_template_has_the_chinese_headers_and_reads_back():
    contest = decode_contest((EXAMPLES / "welder.toml").read_bytes(), "toml")
    template = competitors_template_xlsx(contest.events)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["工号", "姓名", "单位", "班组/代表队", "赛项"]
    assert rejected(template, "xlsx") == [("file", "no data rows below the header (line 1)")]
    sheet.append(["00042", "张三😀", "TL", None, "welder"])
    filled = io.BytesIO()
    book.save(filled)
    assert parse_competitors(filled.getvalue(), "xlsx") == [Competitor(employee_no="00042", name="张三😀", unit="TL", event="welder")]
