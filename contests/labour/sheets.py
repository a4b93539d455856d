"""Writing a labour competition's tables (standings, titles, statistics) as CSV and XLSX.

A `Table` is a sheet name, a printed title, Chinese headers and rows of cells (text, a
number, or None for blank). CSV is UTF-8 with a byte-order mark (Excel on Chinese Windows
reads UTF-8 only with it), one table per file; XLSX has one sheet per table, the header row
frozen, numbers as numbers with the competition's decimal places. Every cell goes through
`contests.safe_cells` (a team name such as `=HYPERLINK(…)` stays text, never a formula) and
every sheet through `contests.print_setup` (A4, header repeated, page numbers).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import NamedTuple

from contests.print_setup import print_setup
from contests.results.exports import sheet_name
from contests.safe_cells import SafeCells, csv_row

Cell = str | int | float | None


class Table(NamedTuple):
    sheet: str  # the XLSX sheet name (made legal and unique when written)
    title: str  # printed at the top of every page
    headers: list[str]
    rows: list[list[Cell]]


def number_text(value: float | int, places: int) -> str:
    """A number as the CSV (and the column width) shows it: integers bare, else `places` decimals."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return f"{value:.{places}f}"


def _shown(cell: Cell, places: int) -> str | None:
    if cell is None or isinstance(cell, str):
        return cell
    return number_text(cell, places)


def to_csv(table: Table, places: int = 2) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(table.headers))
    writer.writerows(csv_row(_shown(c, places) for c in row) for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(tables: Sequence[Table], places: int = 2) -> bytes:
    import xlsxwriter  # deferred: only XLSX exports pay for the import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)
    head = cells.style(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
    decimals = cells.style(num_format="0." + "0" * places if places else "0")
    text = cells.style(num_format="@")  # codes keep leading zeros
    taken: set[str] = set()
    for table in tables:
        sheet = book.add_worksheet(sheet_name(table.sheet, taken))
        for k, header in enumerate(table.headers):
            cells.text(sheet, 0, k, header, head)
        for r, row in enumerate(table.rows, start=1):
            for k, cell in enumerate(row):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    cells.number(sheet, r, k, cell, None if isinstance(cell, int) else decimals)
                else:
                    cells.text(sheet, r, k, cell, text)
        sheet.freeze_panes(1, 0)
        lines = [table.headers, *([_shown(c, places) for c in row] for row in table.rows)]
        print_setup(sheet, title=table.title, header_row=0, lines=lines)
    book.close()
    return buffer.getvalue()


__all__ = ["Cell", "Table", "number_text", "to_csv", "to_xlsx"]
