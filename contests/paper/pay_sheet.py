"""The reward pay sheet (奖金发放表): one line per person paid, the amount in figures and in
Chinese capitals (大写金额, exact to the fen), the total in both, and a column for each
payee's signature and the date. As PDF (to sign) and XLSX (for the pay office), both set up
for A4.

Lines come from a five-smalls award list (one per proposer's share); any other prize list
can build `PayLine`s itself.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import msgspec

from contests.campaigns.award_list import AwardList
from contests.campaigns.money import format_yuan
from contests.paper.capital_amount import capital_amount
from contests.paper.document import printed_list
from contests.paper.heading import Heading
from contests.paper.table import PrintTable
from contests.print_setup import print_setup
from contests.safe_cells import SafeCells

HEADERS = ("序号", "姓名", "工号", "单位", "项目", "等级", "金额（元）", "金额（大写）", "领款人签字", "日期")
SIGN_COLUMNS = 2  # the signature and date columns, blank to fill in
PAY_SIGNERS = ("制表人", "审核人", "财务负责人", "组委会")
SIGN_BLANK = "　" * 6  # room for a signature: the column is as wide as six characters


class PayLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    employee_no: str
    unit: str
    item: str  # what the money is for (the submission's title, the award)
    grade: str
    amount_fen: int


def pay_lines(award_list: AwardList) -> list[PayLine]:
    """One line per proposer's share, in the award list's order."""
    return [
        PayLine(
            name=s.name, employee_no=s.employee_no, unit=s.unit or e.unit_name, item=e.title, grade=e.grade_name, amount_fen=s.amount_fen
        )
        for e in award_list.entries
        for s in e.shares
    ]


def pay_table(lines: Sequence[PayLine]) -> PrintTable:
    body = tuple(
        (
            str(k),
            p.name,
            p.employee_no,
            p.unit,
            p.item,
            p.grade,
            format_yuan(p.amount_fen),
            capital_amount(p.amount_fen),
            SIGN_BLANK,
            SIGN_BLANK,
        )
        for k, p in enumerate(lines, start=1)
    )
    total = sum(p.amount_fen for p in lines)
    totals = (("合计", "", "", "", f"{len(lines)}人", "", format_yuan(total), capital_amount(total), "", ""),)
    return PrintTable(headers=HEADERS, rows=body, numeric=frozenset({0, 6}), totals=totals, row_height_factor=2.4)


def pay_sheet_pdf(title: str, lines: Sequence[PayLine], *, organiser: str, made_at: dt.datetime) -> bytes:
    heading = Heading(organiser=organiser, title=f"{title}奖金发放表", published_at=made_at, signers=PAY_SIGNERS, time_label="制表时间")
    return printed_list(heading, pay_table(lines), notice=False)


def pay_sheet_xlsx(title: str, lines: Sequence[PayLine], *, organiser: str) -> bytes:
    """The same sheet as a workbook: a title row, the header row (repeated on every printed
    page), amounts as numbers with two places, capitals as text, the total row."""
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)
    head = cells.style(bold=True, bg_color="#E8E8E8", border=1, align="center")
    boxed, money = cells.style(border=1, num_format="@"), cells.style(border=1, num_format="#,##0.00")
    sheet = book.add_worksheet("奖金发放表")
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, "")
    cells.text(
        sheet,
        0,
        0,
        f"{title}奖金发放表（主办单位：{organiser}）" if organiser else f"{title}奖金发放表",
        cells.style(bold=True, font_size=14, align="center"),
    )
    for k, text in enumerate(HEADERS):
        cells.text(sheet, 1, k, text, head)
    table = pay_table(lines)
    for r, line in enumerate((*table.rows, *table.totals), start=2):
        for k, text in enumerate(line):
            if k == 6:
                cells.number(sheet, r, k, _fen_of(lines, r - 2) / 100, money)
            else:
                cells.text(sheet, r, k, text, boxed)
        sheet.set_row(r, 30)  # room to sign
    print_setup(sheet, title=f"{title}奖金发放表", header_row=1, lines=(HEADERS, *table.rows, *table.totals))
    book.close()
    return buffer.getvalue()


def _fen_of(lines: Sequence[PayLine], index: int) -> int:
    return lines[index].amount_fen if index < len(lines) else sum(p.amount_fen for p in lines)


__all__ = ["PAY_SIGNERS", "PayLine", "pay_lines", "pay_sheet_pdf", "pay_sheet_xlsx", "pay_table"]
