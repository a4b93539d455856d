"""Hostile and oversized uploads are refused with a 4xx naming the limit, and write nothing
(issue 10, items 4 and 12). The file is read in a worker process, bounded in bytes, rows,
columns, cells and time (contests.spreadsheets.Limits); nothing here measures time: the
/health latency during a bomb is measured by `make bench` (tests/benchmarks/uploads.py).

The workbooks are written by hand, as an attacker would: openpyxl pads every row to the
column of its last cell and fills gaps between rows, so a few bytes of XML can stand for
millions of cells.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

import pytest

from contests import spreadsheets
from contests.spreadsheets import Limits
from tests.api.conftest import new_contest

pytestmark = pytest.mark.db

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ("工号", "姓名", "单位", "赛项")


def column(n: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def cell(row: int, col: int, text: str) -> str:
    return f'<c r="{column(col)}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(rows: Iterable[str], dimension: str | None = None) -> bytes:
    """An XLSX whose only sheet holds `rows` (each a `<row>` element), written as it streams."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for row in rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def header_row() -> str:
    return '<row r="1">' + "".join(cell(1, k + 1, h) for k, h in enumerate(HEADER)) + "</row>"


def competitor_rows(first: int, count: int) -> Iterable[str]:
    for line in range(first, first + count):
        values = (f"B{line:06d}", f"选手{line}", "TL", "welder")
        yield f'<row r="{line}">' + "".join(cell(line, k + 1, v) for k, v in enumerate(values)) + "</row>"


def upload(client, cid: int, organiser: dict, data: bytes, name: str = "bomb.xlsx"):
    return client.post(f"/contests/{cid}/competitors/import", files={"file": (name, data, "application/octet-stream")}, headers=organiser)


def refused(response, status: int, fragment: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fragment in response.json()["detail"], response.json()["detail"]
    return response.json()["detail"]


@pytest.fixture(scope="module")
def cid(client, headers) -> int:
    return new_contest(client, headers["organiser"])


def test_the_cell_bomb_of_far_away_cells_is_refused_by_its_width(client, cid, organiser, row_counts):
    # one cell at column XFD per row: 40 bytes of XML that openpyxl pads to 16,384 cells, so
    # these 28 rows are the issue's ~450,000 inline cells in a few KB
    before = row_counts()
    rows = [header_row(), *(f'<row r="{r}">{cell(r, 16384, "x")}</row>' for r in range(2, 30))]
    detail = refused(upload(client, cid, organiser, workbook(rows)), 413, "columns")
    assert "16384" in detail and f"at most {spreadsheets.MAX_COLUMNS}" in detail
    assert row_counts() == before


def test_a_sheet_declaring_a_million_rows_is_refused_before_it_is_read(client, cid, organiser, row_counts):
    before = row_counts()
    data = workbook([header_row(), *competitor_rows(2, 3)], dimension="A1:XFD1048576")
    refused(upload(client, cid, organiser, data), 413, "the sheet declares 16384 columns")
    data = workbook([header_row(), *competitor_rows(2, 3)], dimension="A1:CV1048576")
    refused(upload(client, cid, organiser, data), 413, f"more than {spreadsheets.MAX_CELLS} cells")
    assert row_counts() == before


def test_rows_are_counted_while_the_sheet_is_read(client, cid, organiser, row_counts, monkeypatch):
    monkeypatch.setattr(spreadsheets, "LIMITS", Limits(rows=1_000))
    before = row_counts()
    data = workbook(f'<row r="{r}">{cell(r, 1, "x")}</row>' for r in range(1, 5_001))  # no dimension declared
    refused(upload(client, cid, organiser, data), 413, "more than 1000 rows")
    assert row_counts() == before


def test_cells_are_counted_while_the_sheet_is_read(client, cid, organiser, row_counts, monkeypatch):
    monkeypatch.setattr(spreadsheets, "LIMITS", Limits(cells=2_000))
    before = row_counts()
    data = workbook([header_row(), *competitor_rows(2, 1_000)])  # 4,004 cells
    refused(upload(client, cid, organiser, data), 413, "more than 2000 cells")
    assert row_counts() == before


def test_a_zip_that_unpacks_past_the_limit_is_refused_from_its_directory(client, cid, organiser, row_counts):
    before = row_counts()
    padding = " " * (spreadsheets.MAX_UNPACKED_BYTES + 1)  # deflates to ~100 KB
    data = workbook([header_row(), padding])
    assert len(data) < 1_000_000
    refused(upload(client, cid, organiser, data), 413, f"at most {spreadsheets.MAX_UNPACKED_BYTES} allowed")
    assert row_counts() == before


def test_reading_is_bounded_in_time(client, cid, organiser, row_counts, monkeypatch):
    # a bound no worker can meet: the worker is stopped and the file refused
    monkeypatch.setattr(spreadsheets, "LIMITS", Limits(seconds=0.001))
    before = row_counts()
    data = workbook([header_row(), *competitor_rows(2, 3)])
    refused(upload(client, cid, organiser, data), 413, "took longer than 0.001 s")
    assert row_counts() == before


def test_a_csv_row_wider_than_the_column_limit_is_refused(client, cid, organiser, row_counts):
    before = row_counts()
    data = ("工号,姓名,单位,赛项\n" + "," * 100_000 + "\n").encode()
    refused(upload(client, cid, organiser, data, "wide.csv"), 413, f"at most {spreadsheets.MAX_COLUMNS} allowed")
    assert row_counts() == before


def test_the_row_limit_counts_data_rows_not_the_header(client, organiser, monkeypatch):
    monkeypatch.setattr(spreadsheets, "LIMITS", Limits(rows=3))
    cid = new_contest(client, organiser)  # E001–E003 registered
    rows = ["2026年焊工竞赛报名表", "工号,姓名,单位,赛项"]  # a title row and the header: neither is data
    four = "\n".join([*rows, *(f"X{k},选手{k},TL,welder" for k in range(4))]).encode()
    refused(upload(client, cid, organiser, four, "four.csv"), 413, "more than 3 rows")
    three = "\n".join([*rows, *(f"X{k},选手{k},TL,welder" for k in range(3))]).encode()
    response = upload(client, cid, organiser, three, "three.csv")
    assert response.status_code == 201, response.text
    assert response.json() == {"created": 3, "kind": "competitors"}


def test_a_wrong_file_names_its_first_500_problems_and_counts_the_rest(client, cid, organiser, row_counts):
    before = row_counts()
    data = ("工号,姓名,单位,赛项\n" + "".join(f"Z{k},,TL,welder\n" for k in range(600))).encode()  # every name empty
    response = upload(client, cid, organiser, data, "names.csv")
    assert response.status_code == 409, response.text
    errors = response.json()["errors"]
    assert len(errors) == 501 and errors[-1] == {"path": "file", "rule": "… and 100 more problems: is this the right file?"}
    assert row_counts() == before
