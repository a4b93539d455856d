"""The printed results, award list and pay sheet: read back with poppler (text, pages, images)."""

from __future__ import annotations

import datetime as dt
import io
import math

import msgspec
import openpyxl
import pytest

from contests.campaigns.definition import PublicNotice
from contests.paper.award_list import award_list_pdf, award_table
from contests.paper.capital_amount import capital_amount
from contests.paper.document import LANDSCAPE, MARGIN, PORTRAIT, orientation
from contests.paper.heading import Notice
from contests.paper.pay_sheet import PayLine, pay_lines, pay_sheet_pdf, pay_sheet_xlsx
from contests.paper.results_list import results_pdf, results_table
from contests.paper.table import MIN_SIZE, PrintTable, fitting_size
from tests.campaigns.test_exports import award_list  # noqa: F401 (the fixture)
from tests.paper import poppler
from tests.results.fixtures import load_contest, standings_of, welder_day

pytestmark = poppler.needs_poppler
PUBLISHED = dt.datetime(2026, 11, 30, 8, 5, tzinfo=dt.UTC)  # 16:05 in Beijing
NOTICE = Notice(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 7), contact="工会办公室 0562-1234567")


@pytest.fixture(scope="module")
def standings():
    contest = load_contest()
    return standings_of(contest, welder_day(contest))


def big_standings(standings, n: int):
    """The welder snapshot with n rows of long Chinese names and units (a big event)."""
    base = standings.rows[0]
    rows = tuple(
        msgspec.structs.replace(base, rank=k, blind_code=f"{k:04d}", name=f"欧阳建国{k}", unit=f"国网安徽省电力有限公司第{k}检修分公司")
        for k in range(1, n + 1)
    )
    return msgspec.structs.replace(standings, rows=rows)


def test_results_pdf_prints_the_names_title_block_notice_and_signatures(standings):
    pdf = results_pdf([(standings, PUBLISHED)], organiser="某某集团公司工会", notice=NOTICE)
    text = poppler.text(pdf)
    for row in standings.rows:
        if row.name and row.name.isalnum():  # the fixture's emoji and script names are not CJK text
            assert row.name in text
    assert "一等奖" in text and "技术能手" in text
    assert "主办单位：某某集团公司工会" in text and "第1次发布" in text
    assert "2026年11月30日 16:05（北京时间）" in text
    assert "公示期：2026年12月1日至2026年12月7日" in text and "0562-1234567" in text
    for signer in ("裁判长（签字）", "监督仲裁（签字）", "组委会（签字）"):
        assert signer in text
    assert poppler.page_count(pdf) == 1 and poppler.footers(pdf) == [(1, 1)]
    assert poppler.page_size(pdf) == pytest.approx(PORTRAIT, abs=1)
    assert len(poppler.rasterise(pdf)) == 1


def test_a_long_list_repeats_the_header_and_numbers_every_page(standings):
    big = big_standings(standings, 150)
    pdf = results_pdf([(big, PUBLISHED)], organiser="")
    pages = poppler.page_count(pdf)
    table = results_table(big)
    frame = orientation(table)[1] - 2 * MARGIN
    row = fitting_size(table, orientation(table)[0] - 2 * MARGIN) * table.row_height_factor
    least = math.ceil(151 * row / frame)  # the rows alone; the title block and signatures add at most one page
    assert least <= pages <= least + 1
    assert poppler.footers(pdf) == [(k, pages) for k in range(1, pages + 1)]
    for page in range(1, pages + 1):
        assert "姓名" in poppler.text(pdf, page=page)  # the header row on every page
    text = poppler.text(pdf)
    for k in range(1, 151):  # no name or unit split across lines: each is whole on one line
        assert f"欧阳建国{k} " in text or f"欧阳建国{k}\n" in text
        assert f"国网安徽省电力有限公司第{k}检修分公司" in text
    assert "主办单位：__________" in text  # no organiser given: a line to fill in
    assert len(poppler.rasterise(pdf)) == pages


def test_a_wide_table_turns_landscape_and_shrinks_rather_than_wrapping(standings):
    narrow = results_table(standings)
    assert orientation(narrow) == PORTRAIT
    wide = PrintTable(headers=tuple(f"技能操作模块{k}" for k in range(16)), rows=(tuple("99.99" for _ in range(16)),))
    assert orientation(wide) == LANDSCAPE
    assert MIN_SIZE <= fitting_size(wide, LANDSCAPE[0] - 60) < 10


def test_award_list_pdf_shows_what_the_notice_declares_and_never_employee_numbers(award_list):  # noqa: F811
    hidden = award_table(award_list, PublicNotice())
    assert "工号" not in hidden.headers and "奖金（元）" not in hidden.headers
    shown = award_table(award_list, PublicNotice(show_amounts=True))
    assert "奖金（元）" in shown.headers and "工号" not in shown.headers
    pdf = award_list_pdf(award_list, PublicNotice(), organiser="国网铜陵供电公司工会", published_at=PUBLISHED, period=NOTICE)
    text = poppler.text(pdf)
    assert "获奖名单公示" in text and "变压器油位远程监测装置 S1" in text
    assert "张S1" in text and award_list.entries[0].grade_name in text
    assert "S1-1" not in text  # an employee number
    assert "评审委员会（签字）" in text and poppler.page_count(pdf) == 1


def test_pay_sheet_has_capitals_totals_and_signature_columns(award_list):  # noqa: F811
    lines = pay_lines(award_list)
    pdf = pay_sheet_pdf(award_list.name, lines, organiser="工会", made_at=PUBLISHED)
    text = poppler.text(pdf)
    assert "奖金发放表" in text and "领款人签字" in text and "制表时间" in text
    for line in lines:
        assert capital_amount(line.amount_fen) in text
    assert sum(p.amount_fen for p in lines) == award_list.total_paid_fen
    assert capital_amount(award_list.total_paid_fen) in text and "5,000.00" in text
    assert "S1-1" in text  # finance's sheet identifies by employee number


def test_pay_sheet_workbook_is_set_up_for_print(award_list):  # noqa: F811
    lines = pay_lines(award_list)
    book = openpyxl.load_workbook(io.BytesIO(pay_sheet_xlsx(award_list.name, lines, organiser="工会")))
    sheet = book["奖金发放表"]
    assert "奖金发放表" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:8] == ["序号", "姓名", "工号", "单位", "项目", "等级", "金额（元）", "金额（大写）"]
    total = sheet.cell(row=len(lines) + 3, column=7).value
    assert round(total * 100) == award_list.total_paid_fen
    assert sheet.cell(row=len(lines) + 3, column=8).value == capital_amount(award_list.total_paid_fen)
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide
    assert sheet.page_setup.orientation == "landscape"


def test_formula_like_names_stay_text_in_the_pay_sheet():
    lines = [PayLine(name="=HYPERLINK(1)", employee_no="E1", unit="车间", item="改进", grade="一等奖", amount_fen=1)]
    sheet = openpyxl.load_workbook(io.BytesIO(pay_sheet_xlsx("五小", lines, organiser="")))["奖金发放表"]
    assert sheet["B3"].value == "=HYPERLINK(1)" and sheet["B3"].data_type == "s"
