"""Print setup (打印设置) of every XLSX that biwu writes: A4, portrait or landscape by the
width of the table, fit to one page wide, the header row repeated on every page, the title
at the top of every page, "第 1 页 共 3 页" at the foot, and columns as wide as their longest
label (a Chinese character is two columns wide in Excel's units).

One helper for every export, next to `safe_cells`, so the results workbook, the award list
and the pay sheet print alike. The title goes into the page header rather than into a new
first row where a sheet is also read back by programs (row 1 stays the header row); the pay
sheet, which is only printed, has a real title row as well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

A4 = 9  # xlsxwriter's paper code
PORTRAIT_LIMIT = 95  # widest table, in Excel's character units, that still prints portrait
MIN_WIDTH, MAX_WIDTH = 4, 60


def display_width(text: object) -> int:
    """Width in Excel's units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in ("" if text is None else str(text)))


def column_widths(lines: Iterable[Sequence[object]]) -> list[float]:
    """Each column as wide as its longest cell (plus a margin), within sensible bounds."""
    widths: list[int] = []
    for line in lines:
        for k, cell in enumerate(line):
            if k == len(widths):
                widths.append(0)
            widths[k] = max(widths[k], display_width(cell))
    return [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]


def print_setup(sheet, *, title: str, header_row: int, lines: Iterable[Sequence[object]], first_col: int = 0) -> list[float]:
    """Set up `sheet` (an xlsxwriter worksheet) for printing; `lines` are the header and body
    rows as written (from `first_col`). Returns the column widths set."""
    widths = column_widths(lines)
    for k, width in enumerate(widths):
        sheet.set_column_pixels(first_col + k, first_col + k, _pixels(width))
    page_setup(sheet, title=title, header_row=header_row, total_width=sum(widths))
    return widths


def page_setup(sheet, *, title: str, header_row: int, total_width: float) -> None:
    """The page part alone, for a sheet whose column widths are its own (a form to fill in)."""
    sheet.set_paper(A4)
    if total_width > PORTRAIT_LIMIT:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    sheet.repeat_rows(header_row)
    sheet.set_header(f"&C&14{_escape(title)}")
    sheet.set_footer("&C第 &P 页 共 &N 页")
    sheet.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)


def _pixels(width: float) -> int:
    return int(width * 7 + 5)  # Excel's default font: 7 pixels a character plus padding


def _escape(text: str) -> str:
    return text.replace("&", "&&")  # & starts a header code


__all__ = ["column_widths", "display_width", "page_setup", "print_setup"]
