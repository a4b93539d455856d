"""A printed table (打印表格): single-line cells that never break inside a name, a unit, an
award or a number, a header row repeated on every page, and the font shrunk when the
widest line would not fit the page.

ReportLab draws a plain-string cell on one line and never wraps it; the column widths are
measured from the longest cell, so a cell never overflows its column either.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from contests.paper.fonts import register, text_width

BODY_SIZE = 10.0
MIN_SIZE = 5.0  # smaller is unreadable on a notice board
PADDING = 4.0  # points left and right of a cell's text


class PrintTable(msgspec.Struct, frozen=True, kw_only=True):
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()  # right-aligned columns
    totals: tuple[tuple[str, ...], ...] = ()  # closing rows (合计), set apart by a rule
    row_height_factor: float = 1.6  # row height in font sizes; pay sheets leave room to sign


def one_line(text: str | None) -> str:
    """A cell's text on one line (a line break typed into a name would split it)."""
    return " ".join((text or "").split())


def natural_width(table: PrintTable, size: float = BODY_SIZE) -> float:
    """The table's width with every column as wide as its longest cell."""
    return sum(column_widths(table, size))


def column_widths(table: PrintTable, size: float) -> list[float]:
    lines = (table.headers, *table.rows, *table.totals)
    return [max(text_width(one_line(line[k]), size) for line in lines) + 2 * PADDING for k in range(len(table.headers))]


def fitting_size(table: PrintTable, width: float) -> float:
    """The body font size at which the table fits `width` (BODY_SIZE at most, MIN_SIZE at least)."""
    natural = natural_width(table, BODY_SIZE)
    return max(MIN_SIZE, min(BODY_SIZE, BODY_SIZE * width / natural * 0.999))


def flowable(table: PrintTable, width: float) -> Table:
    """The ReportLab table, its header row repeated on every page."""
    size = fitting_size(table, width)
    widths = column_widths(table, size)
    spare = max(0.0, width - sum(widths)) / len(widths)  # spread what is left: rows for writing in
    data = [list(map(one_line, line)) for line in (table.headers, *table.rows, *table.totals)]
    result = Table(data, colWidths=[w + spare for w in widths], rowHeights=size * table.row_height_factor, repeatRows=1)
    result.setStyle(TableStyle(_style(table, size)))
    return result


def _style(table: PrintTable, size: float) -> list[tuple]:
    font = register()
    last = len(table.rows) + len(table.totals)
    style = [
        ("FONT", (0, 0), (-1, -1), font, size),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    style += [("ALIGN", (k, 1), (k, last), "RIGHT") for k in sorted(table.numeric)]
    if table.totals:
        style.append(("LINEABOVE", (0, len(table.rows) + 1), (-1, len(table.rows) + 1), 1.5, colors.black))
    return style


def rows_of(cells: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], ...]:
    """Rows of any cells as text (None → blank)."""
    return tuple(tuple("" if c is None else str(c) for c in line) for line in cells)


__all__ = ["BODY_SIZE", "MIN_SIZE", "PrintTable", "column_widths", "fitting_size", "flowable", "natural_width", "one_line", "rows_of"]
