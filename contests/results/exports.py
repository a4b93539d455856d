"""Publishing standings as JSON, CSV and XLSX.

- JSON is the snapshot itself (msgspec), the form that is stored and compared.
- CSV is UTF-8 with a byte-order mark, which is what makes Excel on Chinese Windows read
  it as UTF-8 instead of GBK; scores are exact decimal text.
- XLSX has one sheet per event (named by its Chinese name) and an award-list sheet; scores
  are numbers shown with exactly the declared places, and the header row is frozen.

Spreadsheets run a cell that starts with = + - @ as a formula, and a name is free text:
every cell goes through `contests.safe_cells` (an apostrophe in CSV, Excel's quote prefix in
XLSX, always a string and never a formula; numbers stay numbers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import msgspec
import xlsxwriter

from contests.print_setup import print_setup
from contests.results.labels import Lang, check_lang, pick, word
from contests.results.standings import Standings
from contests.results.table import Cell, Column, columns
from contests.results.units import number_format, units_text
from contests.safe_cells import SafeCells, csv_cell

BOM = "\ufeff"
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------- JSON


def to_json(standings: Standings) -> bytes:
    return msgspec.json.encode(standings)


def from_json(data: bytes | str) -> Standings:
    return msgspec.json.decode(data, type=Standings)


# ---------------------------------------------------------------- CSV


def to_csv(standings: Standings, lang: str = "zh") -> bytes:
    lang = check_lang(lang)
    cols = columns(standings, lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends, as Excel writes
    writer.writerow([csv_cell(c.header) for c in cols])
    writer.writerows([_csv_cell(c, c.value(row)) for c in cols] for row in standings.rows)
    return (BOM + out.getvalue()).encode("utf-8")


def _csv_cell(col: Column, value: Cell) -> str:
    if value is None:
        return ""
    if col.kind == "score":
        return csv_cell(units_text(value, col.places))
    return csv_cell(value)


# ---------------------------------------------------------------- XLSX


def to_xlsx(standings_list: Sequence[Standings], award_title: str | None = None, *, lang: str = "zh") -> bytes:
    """One sheet per event plus an award list sheet named `award_title` (default 获奖名单)."""
    lang = check_lang(lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = _Styles(book)
    taken: set[str] = set()
    for s in standings_list:
        _event_sheet(book.add_worksheet(sheet_name(pick(s.event_name, s.event_name_en, lang), taken)), s, lang, styles)
    title = award_title or word("awards_sheet", lang)
    _awards_sheet(book.add_worksheet(sheet_name(title, taken)), standings_list, lang, styles)
    book.close()
    return buffer.getvalue()


def sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, no edge apostrophes, at most 31 characters;
    a repeated name gets " (2)", " (3)"… (Excel compares names case-insensitively)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip().strip("'")[:SHEET_NAME_MAX] or "Sheet"
    candidate, n = base, 1
    while candidate.casefold() in taken or candidate.casefold() == "history":  # "History" is reserved
        n += 1
        suffix = f" ({n})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


class _Styles:
    def __init__(self, book):
        self.cells = SafeCells(book)
        self.header = self.cells.style(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
        self._numbers: dict[int, object] = {}

    def number(self, places: int):
        if places not in self._numbers:
            self._numbers[places] = self.cells.style(num_format=number_format(places))
        return self._numbers[places]


def _event_sheet(sheet, s: Standings, lang: Lang, styles: _Styles) -> None:
    cols = columns(s, lang)
    _header(sheet, [c.header for c in cols], styles)
    for r, row in enumerate(s.rows, start=1):
        for k, col in enumerate(cols):
            _write(sheet, r, k, col.kind, col.places, col.value(row), styles)
    title = f"{pick(s.contest_name, s.contest_name_en, lang)} {pick(s.event_name, s.event_name_en, lang)}"
    lines = [[c.header for c in cols], *([_shown(c, c.value(r)) for c in cols] for r in s.rows)]
    print_setup(sheet, title=title, header_row=0, lines=lines)


def _shown(col: Column, value: Cell) -> str:
    """A cell as it reads on screen (what its column must be wide enough for)."""
    if value is None:
        return ""
    return units_text(value, col.places) if col.kind == "score" else str(value)


_AWARD_KEYS = ("event", "award", "rank", "blind_code", "name", "unit", "total", "titles")


def _awards_sheet(sheet, standings_list: Sequence[Standings], lang: Lang, styles: _Styles) -> None:
    """Everyone with a prize or a title, event by event, in rank order."""
    _header(sheet, [word(k, lang) for k in _AWARD_KEYS], styles)
    r, lines = 1, [[word(k, lang) for k in _AWARD_KEYS]]
    for s in standings_list:
        by_key = {c.key: c for c in columns(s, lang)}
        event = pick(s.event_name, s.event_name_en, lang)
        for row in s.rows:
            if row.award is None and not row.titles:
                continue
            _write(sheet, r, 0, "text", 0, event, styles)
            for k, key in enumerate(_AWARD_KEYS[1:], start=1):
                col = by_key[key]
                _write(sheet, r, k, col.kind, col.places, col.value(row), styles)
            lines.append([event, *(_shown(by_key[key], by_key[key].value(row)) for key in _AWARD_KEYS[1:])])
            r += 1
    print_setup(sheet, title=word("awards_sheet", lang), header_row=0, lines=lines)


def _header(sheet, headers: list[str], styles: _Styles) -> None:
    for k, text in enumerate(headers):
        styles.cells.text(sheet, 0, k, text, styles.header)
    sheet.freeze_panes(1, 0)


def _write(sheet, r: int, k: int, kind: str, places: int, value: Cell, styles: _Styles) -> None:
    if value is None:
        sheet.write_blank(r, k, None)
    elif kind == "score":
        # units / 10**places is the double nearest the exact decimal; the format shows
        # exactly the declared places, and round(v * 10**places) gives the units back
        styles.cells.number(sheet, r, k, value / 10**places, styles.number(places))
    elif kind == "int":
        styles.cells.number(sheet, r, k, value)
    else:
        styles.cells.text(sheet, r, k, value)
