"""Every XLSX export prints on A4, one page wide, with its header row on every page and
columns as wide as their longest (Chinese) label."""

from __future__ import annotations

import io

import openpyxl
import pytest

from contests.campaigns.export import to_xlsx as award_xlsx
from contests.print_setup import column_widths, display_width
from contests.results.exports import to_xlsx as results_xlsx
from tests.campaigns.test_exports import award_list  # noqa: F401 (the fixture)
from tests.results.fixtures import load_contest, standings_of, welder_day


def test_display_width_counts_a_chinese_character_as_two():
    assert display_width("技能操作（板对接焊）") == 20 and display_width("88.00") == 5 and display_width(None) == 0
    assert column_widths([("名次", "姓名"), ("1", "欧阳建国")]) == [6, 10]


def _assert_printable(book: openpyxl.Workbook) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.oddHeader.center.text, sheet.title  # the title on every page
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
            longest = max(display_width(c.value if not isinstance(c.value, float) else f"{c.value:.2f}") for c in column)
            width = sheet.column_dimensions[column[0].column_letter].width
            assert width >= min(longest, 60), (sheet.title, column[0].value, width, longest)


def test_results_workbook_prints():
    contest = load_contest()
    book = openpyxl.load_workbook(io.BytesIO(results_xlsx([standings_of(contest, welder_day(contest))])))
    _assert_printable(book)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_award_workbook_prints(award_list, lang):  # noqa: F811
    _assert_printable(openpyxl.load_workbook(io.BytesIO(award_xlsx(award_list, lang))))


def test_the_registration_template_prints_and_keeps_its_form_widths():
    from contests.importing import competitors_template_xlsx

    sheet = openpyxl.load_workbook(io.BytesIO(competitors_template_xlsx()))["选手报名"]
    assert sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["A"].width >= 16  # room to write in, not the width of the label
