"""Spreadsheet-safe cells (防公式注入): the one rule every CSV and XLSX that biwu writes follows.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and some also
start one after a tab or a carriage return. Names, titles and unit names are free text typed
by employees and organisers, so `=HYPERLINK("http://…")` as a submission title would become
a live link, or worse, in the workbook finance opens. OWASP's advice ("CSV injection") is to
put an apostrophe in front of such a cell, which every spreadsheet reads as "this is text".

- CSV: the apostrophe is written as a character (`'=HYPERLINK(…)`).
- XLSX: the apostrophe is Excel's own quote-prefix cell attribute, which is exactly what
  Excel stores when someone types `'=…`: the cell shows and reads back the text unchanged,
  and it stays text even when edited. The cell is always written as a string, never a formula.

What stays as it is: numbers (ints, floats, Decimals: scores, money, ranks are written as
numbers in XLSX and exact decimal text in CSV), and text that is a plain decimal number
such as "-3.5", which no spreadsheet can run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)\Z")

Value = str | int | float | Decimal | None


def needs_quote(value: Value) -> bool:
    """True for text that a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and _PLAIN_NUMBER.match(value) is None


def csv_cell(value: Value) -> str:
    """The CSV text of a cell: blank for None, numbers as written, risky text behind `'`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if needs_quote(value) else value


def csv_row(values: Iterable[Value]) -> list[str]:
    return [csv_cell(v) for v in values]


class Style(NamedTuple):
    """An xlsxwriter format and its quote-prefixed twin (used for risky text)."""

    plain: Any
    quoted: Any


class SafeCells:
    """Writes the cells of an xlsxwriter workbook: text always as a string (quote-prefixed
    when risky), numbers as numbers. Formats are made through `style` so that every one has
    its quote-prefixed twin."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.default = self.style()

    def style(self, **properties: Any) -> Style:
        return Style(self.book.add_format(properties), self.book.add_format({**properties, "quote_prefix": True}))

    def text(self, sheet: Any, row: int, col: int, value: str | None, style: Style | None = None) -> None:
        style = style or self.default
        if value is None:
            sheet.write_blank(row, col, None, style.plain)
        else:
            sheet.write_string(row, col, value, style.quoted if needs_quote(value) else style.plain)  # never write(): no formulas

    def number(self, sheet: Any, row: int, col: int, value: int | float | Decimal, style: Style | None = None) -> None:
        sheet.write_number(row, col, float(value), (style or self.default).plain)


__all__ = ["FORMULA_START", "SafeCells", "Style", "csv_cell", "csv_row", "needs_quote"]
