"""Paper marking sheets (纸质评分表), for when a tablet dies: one per module × judge, with the
blind codes the judge marks (never a name or a unit: the paper is blind even after
unblinding), the aspects with their max marks and level descriptors, a box per code ×
aspect to write in, and the judge's signature line. Marks written here are entered later
through the marks import.

The rows are the judge's own sheet (`contests.usecases.judging.sheets.get_sheet`): codes the
judge is recused from are not on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from contests.paper.document import LANDSCAPE, MARGIN, PORTRAIT, render, style
from contests.paper.fonts import register
from contests.paper.table import PrintTable, flowable, one_line

KINDS = {"measurement": "测量", "judgement": "评价", "deduction": "扣分", "veto": "否决"}
BOX_WIDTH = 16 * mm  # a box wide enough for "12.5"
CODE_COLUMNS = ("检录号", "工位", "场次")


class PaperAspect(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    criterion: str
    kind: str  # measurement | judgement | deduction | veto
    max_marks: float | None
    how: str  # what marking it needs: descriptors, bands, the drawing, per-occurrence deduction


class PaperSheet(msgspec.Struct, frozen=True, kw_only=True):
    contest: str
    event: str
    module: str
    judge: str  # the judge's code: the sheet is signed by hand
    aspects: tuple[PaperAspect, ...]
    rows: tuple[tuple[str, str, str], ...]  # (blind code, station, session)


def legend_table(sheet: PaperSheet, width: float) -> Table:
    """No. → aspect, kind, max marks and how to mark it; the 'how' column wraps (it is prose)."""
    font = register()
    head = ["序号", "评分项", "所属", "类型", "满分", "评分说明"]
    fixed = [10 * mm, 45 * mm, 25 * mm, 12 * mm, 14 * mm]
    prose = style(8)
    data = [head] + [
        [str(k), one_line(a.name), one_line(a.criterion), KINDS.get(a.kind, a.kind), _marks(a.max_marks), Paragraph(_escape(a.how), prose)]
        for k, a in enumerate(sheet.aspects, start=1)
    ]
    table = Table(data, colWidths=[*fixed, width - sum(fixed)], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 8), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))  # fmt: skip
    return table


def grid_table(sheet: PaperSheet) -> PrintTable:
    """Codes down, aspect numbers across, every box blank to write in."""
    boxes = tuple(f"{k}（{_marks(a.max_marks)}）" if a.max_marks is not None else str(k) for k, a in enumerate(sheet.aspects, start=1))
    blank = "　" * 4  # a box at least four characters wide
    rows = tuple((*row, *(blank for _ in boxes)) for row in sheet.rows)
    return PrintTable(headers=(*CODE_COLUMNS, *boxes), rows=rows, row_height_factor=3.0)


def marking_sheets_pdf(sheets: Sequence[PaperSheet]) -> bytes:
    """Every sheet from a new page; landscape when any grid is too wide for portrait."""
    grids = [grid_table(s) for s in sheets]
    pagesize = PORTRAIT if all(len(g.headers) <= 10 for g in grids) else LANDSCAPE
    width = pagesize[0] - 2 * MARGIN
    story: list[Flowable] = []
    for k, (sheet, grid) in enumerate(zip(sheets, grids, strict=True)):
        story += [PageBreak()] if k else []
        story += _sheet_story(sheet, grid, width)
    return render(story, pagesize, "评分表")


def _sheet_story(sheet: PaperSheet, grid: PrintTable, width: float) -> list[Flowable]:
    title = f"{sheet.contest} {sheet.event} {sheet.module} 评分表"
    note = f"裁判编号：{sheet.judge}　　共 {len(sheet.rows)} 名选手（按检录号）　　仅填写检录号对应的分数，不填写姓名。"
    sign = Table([["裁判签字：", "", "日期：", ""]], colWidths=[22 * mm, 60 * mm, 15 * mm, 40 * mm], rowHeights=10 * mm, hAlign="LEFT")
    sign.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), register(), 10), ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
                              ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))  # fmt: skip
    return [
        Paragraph(_escape(title), style(14, alignment=1)),
        Spacer(1, 2 * mm),
        Paragraph(_escape(note), style(9)),
        Spacer(1, 3 * mm),
        legend_table(sheet, width),
        Spacer(1, 4 * mm),
        flowable(grid, width),
        Spacer(1, 6 * mm),
        sign,
    ]


def _marks(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["PaperAspect", "PaperSheet", "grid_table", "legend_table", "marking_sheets_pdf"]
