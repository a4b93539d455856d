"""Honours outputs as tables with Chinese headers: the allocation with its arithmetic, the
公示 and final lists, and the 优秀组织奖 computation; CSV (UTF-8 with BOM, so Excel opens the
Chinese right) and XLSX (xlsxwriter, set up for A4 printing). Every cell goes through
`contests.safe_cells`: a name such as `=HYPERLINK(…)` is text, never a formula.

`Table` is the one shape: a sheet name, a print title, the headers and the rows; numbers
stay numbers in XLSX (ints and exact decimal strings are told apart by `numeric` columns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

from contests.honours.notice import FinalList, ProvisionalList
from contests.honours.organisation import OrganisationLine
from contests.honours.quota import Allocation
from contests.print_setup import print_setup
from contests.safe_cells import SafeCells, csv_row

Cell = str | int | None


class Table(NamedTuple):
    sheet: str
    title: str
    headers: Sequence[str]
    rows: list[list[Cell]]
    numeric: frozenset[int] = frozenset()  # column indexes written as numbers in XLSX


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def allocation_table(name: str, allocations: Sequence[Allocation], titles: Mapping[str, str]) -> Table:
    headers = (
        "荣誉称号",
        "单位编号",
        "单位名称",
        "职工人数",
        "保底名额",
        "人数占比（%）",
        "应分名额",
        "整数部分",
        "余数",
        "余数（分数）",
        "按余数补位",
        "分配名额",
    )
    rows = [
        [titles.get(a.title, a.title), x.unit, x.name, x.headcount, x.minimum, x.share_percent, x.exact, x.floor, x.remainder,
         x.remainder_exact, _yes(x.extra) if a.method == "by_headcount" else "", x.places]
        for a in allocations
        for x in a.lines
    ]  # fmt: skip
    return Table("名额分配", f"{name} 名额分配", headers, rows, frozenset({3, 4, 5, 6, 7, 8, 11}))


def notice_table(name: str, notice: ProvisionalList, units: Mapping[str, str]) -> Table:
    headers = ("序号", "推荐编号", "荣誉称号", "单位", "姓名（集体名称）", "编号", "赞成票")
    rows = [[i, e.nomination, e.title_name, units.get(e.unit, e.unit), e.name, e.nominee, e.yes] for i, e in enumerate(notice.entries, 1)]
    return Table("公示名单", f"{name} 公示名单（{notice.period.start}至{notice.period.end}）", headers, rows, frozenset({0, 6}))


def final_table(name: str, final: FinalList, units: Mapping[str, str]) -> Table:
    headers = ("序号", "推荐编号", "荣誉称号", "单位", "姓名（集体名称）", "编号", "赞成票", "状态", "撤销原因", "撤销日期")
    rows = [
        [i, e.nomination, e.title_name, units.get(e.unit, e.unit), e.name, e.nominee, e.yes, "已表彰", None, None]
        for i, e in enumerate(final.entries, 1)
    ]
    start = len(rows) + 1
    rows += [
        [start + i, v.entry.nomination, v.entry.title_name, units.get(v.entry.unit, v.entry.unit), v.entry.name, v.entry.nominee, v.entry.yes,
         "已撤销", v.reason, v.on.isoformat()]
        for i, v in enumerate(final.revocations)
    ]  # fmt: skip
    return Table("表彰名单", f"{name} 表彰名单（第{final.version}版）", headers, rows, frozenset({0, 6}))


def organisation_table(name: str, title: str, lines: Sequence[OrganisationLine], units: Mapping[str, str]) -> Table:
    headers = (
        "名次",
        "单位编号",
        "单位名称",
        "参与率（%）",
        "参与得分",
        "加权获奖数",
        "成绩得分",
        "按时报名得分",
        "按时报送得分",
        "总分",
        "达到门槛",
        "获奖",
    )
    rows = [
        [x.place, x.unit, units.get(x.unit, x.unit), x.participation_rate_percent, x.participation, x.results_weighted, x.results,
         x.registration, x.reporting, x.total, _yes(x.qualified), _yes(x.awarded)]
        for x in lines
    ]  # fmt: skip
    return Table(title[:31], f"{name} {title}", headers, rows, frozenset({0, 3, 4, 5, 6, 7, 8, 9}))


def to_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(table.headers))
    writer.writerows(csv_row(row) for row in table.rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM: Excel reads UTF-8 only with it


def to_xlsx(table: Table) -> bytes:
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)
    head = cells.style(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
    text = cells.style(num_format="@")
    sheet = book.add_worksheet(table.sheet)
    for col, title in enumerate(table.headers):
        cells.text(sheet, 0, col, title, head)
    for r, row in enumerate(table.rows, start=1):
        for col, cell in enumerate(row):
            if col in table.numeric and cell not in (None, ""):
                cells.number(sheet, r, col, Decimal(str(cell)))
            else:
                cells.text(sheet, r, col, None if cell is None else str(cell), text)  # codes keep leading zeros
    sheet.freeze_panes(1, 0)
    print_setup(sheet, title=table.title, header_row=0, lines=[list(table.headers), *table.rows])
    book.close()
    return buffer.getvalue()


__all__ = ["Table", "allocation_table", "final_table", "notice_table", "organisation_table", "to_csv", "to_xlsx"]
