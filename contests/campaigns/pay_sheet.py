"""The pay office's sheet (奖金发放表) of a published award list: one line per proposer's
part, with the 工号, the share and the amount in fen and in yuan, and a blank column for the
recipient's signature. It is for the organiser and finance only: the public list (公示)
never carries employee numbers, and carries amounts only when the campaign declares it.

Amounts come from integer fen: the CSV as exact decimal text, the XLSX as numbers with a
0.00 format (exact to the fen below 10^13 yuan). Each award's lines sum to its reward and
all lines to the list's total paid (the split is the award list's largest-remainder split).
Every cell goes through `contests.safe_cells` (a title is text, never a formula).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Literal

from contests.campaigns.award_list import AwardList
from contests.campaigns.money import format_yuan
from contests.print_setup import print_setup
from contests.safe_cells import SafeCells, csv_row

Lang = Literal["zh", "en"]

PAY_COLUMNS = (
    ("place", "序号", "No."),
    ("submission", "成果编号", "Submission"),
    ("title", "成果名称", "Title"),
    ("unit", "申报单位", "Unit"),
    ("grade", "等级", "Grade"),
    ("reward", "项目奖金（元）", "Award (yuan)"),
    ("employee_no", "工号", "Employee no."),
    ("name", "姓名", "Name"),
    ("proposer_unit", "所在单位", "Proposer's unit"),
    ("share", "分配比例（%）", "Share (%)"),
    ("amount_fen", "应发金额（分）", "Amount (fen)"),
    ("amount", "应发金额（元）", "Amount (yuan)"),
    ("signature", "领款人签字", "Signature"),
)
_NUMERIC = {"place", "reward", "share", "amount_fen", "amount"}
_TOTAL = {"zh": "合计", "en": "Total"}
_SHEET = {"zh": "奖金发放表", "en": "Pay sheet"}


def pay_headers(lang: Lang = "zh") -> list[str]:
    return [zh if lang == "zh" else en for _, zh, en in PAY_COLUMNS]


def pay_rows(award_list: AwardList, lang: Lang = "zh") -> list[list[str]]:
    """One row per proposer's part, then the total row (exact decimal text)."""
    body = [
        [
            str(e.place), e.submission, e.title, e.unit_name, e.grade_name if lang == "zh" else (e.grade_name_en or e.grade_name),
            format_yuan(e.reward_fen, grouping=False), s.employee_no, s.name, s.unit, f"{Decimal(s.share_bp) / 100:.2f}",
            str(s.amount_fen), format_yuan(s.amount_fen, grouping=False), "",
        ]
        for e in award_list.entries
        for s in e.shares
    ]  # fmt: skip
    total = [
        _TOTAL[lang],
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        str(award_list.total_paid_fen),
        format_yuan(award_list.total_paid_fen, grouping=False),
        "",
    ]
    return [*body, total]


def pay_csv(award_list: AwardList, lang: Lang = "zh") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(pay_headers(lang)))
    writer.writerows(csv_row(cells) for cells in pay_rows(award_list, lang))
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads UTF-8 only with it


def pay_xlsx(award_list: AwardList, lang: Lang = "zh") -> bytes:
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)
    head = cells.style(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
    money = cells.style(num_format="0.00")
    text = cells.style(num_format="@")
    sheet = book.add_worksheet(_SHEET[lang])
    headers = pay_headers(lang)
    for col, title in enumerate(headers):
        cells.text(sheet, 0, col, title, head)
    lines = pay_rows(award_list, lang)
    for r, line in enumerate(lines, start=1):
        for col, ((key, _, _), cell) in enumerate(zip(PAY_COLUMNS, line)):
            if key in _NUMERIC and cell != "" and not (r == len(lines) and col == 0):
                fmt = money if key in {"reward", "amount", "share"} else None
                cells.number(sheet, r, col, Decimal(cell), fmt)
            else:
                cells.text(sheet, r, col, cell, text)  # 工号 keep leading zeros
    sheet.freeze_panes(1, 0)
    print_setup(sheet, title=f"{award_list.name} {_SHEET[lang]}", header_row=0, lines=[headers, *lines])
    book.close()
    return buffer.getvalue()


__all__ = ["PAY_COLUMNS", "pay_csv", "pay_headers", "pay_rows", "pay_xlsx"]
