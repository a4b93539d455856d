"""A module's results sheet from elsewhere (成绩导入): the theory exam's XLSX from the exam
system, or a judge's paper marking sheet typed up later, read as marks of one module.

One row per competitor, named by employee number (工号) or by blind code (检录号 / 加密号):
exactly one of the two key columns. One column per aspect, headed by the aspect's id, its
Chinese name or its English name; a module with a single aspect (a theory exam: one mark
out of 100) also takes 成绩 / 分数 / 得分 / score / mark. An optional 更正原因 / reason column
gives the reason of a correction (a cell that already holds another mark). Other columns
(序号, 姓名, 单位 …) are ignored, title rows above the header are skipped, an empty cell is no
mark (a competitor absent from the exam stays owed). Values are read as exact decimals: the
aspect's own rules (range, steps, levels) are checked afterwards by the same engine check as
every mark (`contests.usecases.judging.mark_values`).

All-or-nothing: every bad cell is reported as `line N.<header as written>: rule`, and nothing
is returned unless the whole sheet reads. Pure and picklable: run in a worker process.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Literal

import msgspec

from contests.errors import ImportRejected
from contests.importing import COMPETITOR_COLUMNS, HEADER_SEARCH_ROWS, MAX_PROBLEMS
from contests.spreadsheets import LIMITS, Limits, Row, read_rows, sheet_kind, too_many_rows
from scoring.errors import Problem

KeyKind = Literal["employee_no", "blind_code"]
MAX_MARKS = 1_000_000  # 100,000 rows (the row limit) × 10 aspects; stored in batches of at most MAX_BATCH marks

EMPLOYEE_NO = COMPETITOR_COLUMNS[0].aliases
BLIND_CODE = ("检录号", "加密号", "盲号", "抽签号", "blind_code", "blind code")
REASON = ("更正原因", "修改原因", "原因", "reason")
SINGLE_ASPECT = ("成绩", "分数", "得分", "理论成绩", "考试成绩", "score", "mark", "result")


class SheetAspect(msgspec.Struct, frozen=True):
    """An aspect of the module as a column may name it."""

    id: str
    name: str
    name_en: str = ""


# array_like, gc=False: a sheet of 100,000 lines crosses from the worker process as msgpack
# (`parse_results_packed`) and is decoded into these at a fraction of pickle's cost (2.9 s)
class CellValue(msgspec.Struct, frozen=True, array_like=True, gc=False):
    aspect_id: str
    header: str  # as written in the file, for the row report
    value: str  # exact decimal text


class ResultLine(msgspec.Struct, frozen=True, array_like=True, gc=False):
    line: int
    key: str  # employee number or blind code
    marks: list[CellValue]
    reason: str | None = None


class ResultsSheet(msgspec.Struct, frozen=True):
    key: KeyKind
    key_header: str
    reason_header: str | None
    lines: list[ResultLine]
    empty_cells: int  # cells left empty: no mark


def parse_results(data: bytes, filename_or_kind: str, aspects: Sequence[SheetAspect], limits: Limits = LIMITS) -> ResultsSheet:
    """The sheet's results, or ImportRejected naming every bad cell (TooLarge past a limit)."""
    rows = read_rows(data, sheet_kind(filename_or_kind), limits, head=HEADER_SEARCH_ROWS)
    at = _header_at(rows)
    header_line, cells = rows[at]
    key, key_col, reason_col, columns = _columns(header_line, cells, aspects)
    reason_header = str(cells[reason_col]).strip() if reason_col is not None else None
    headers = (key[1], reason_header or "reason")
    if len(rows) - (at + 1) > limits.rows:
        raise too_many_rows(limits)
    problems: list[Problem] = []
    lines: list[ResultLine] = []
    seen: dict[str, int] = {}
    empty = 0
    for line, row in rows[at + 1 :]:
        result, row_problems, blanks = _line(line, row, (key_col, reason_col), headers, columns, seen)
        problems += row_problems
        empty += blanks
        if result is not None:
            lines.append(result)
    _raise_if(problems)
    if not lines:
        raise ImportRejected.at("file", f"no results below the header (line {header_line})")
    if (count := sum(len(r.marks) for r in lines)) > MAX_MARKS:
        raise ImportRejected.at("file", f"the sheet holds {count} marks, at most {MAX_MARKS} in one import: split it")
    return ResultsSheet(key[0], key[1], reason_header, lines, empty)


def parse_results_packed(data: bytes, filename_or_kind: str, aspects: Sequence[SheetAspect], limits: Limits = LIMITS) -> bytes:
    """`parse_results` as msgpack bytes, what a worker process hands back: one bytes object is
    copied, where pickling 100,000 lines as objects took 2.9 s both ways. `unpack_results` reads it."""
    return msgspec.msgpack.encode(parse_results(data, filename_or_kind, aspects, limits))


def unpack_results(packed: bytes) -> ResultsSheet:
    return msgspec.msgpack.decode(packed, type=ResultsSheet)


def _header_at(rows: list[Row]) -> int:
    keys = {a.lower() for a in (*EMPLOYEE_NO, *BLIND_CODE)}
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_norm(c) in keys for c in cells):
            return i
    raise ImportRejected.at(
        "file", f"no header row in the first {HEADER_SEARCH_ROWS} rows: need a column 工号 (employee_no) or 检录号 (blind_code)"
    )


def _columns(line: int, cells: list[object], aspects: Sequence[SheetAspect]):
    """((key kind, header), key column, reason column, [(column, aspect id, header)])."""
    names = {a.id.lower(): a.id for a in aspects}
    for a in aspects:
        names |= {a.name.lower(): a.id} | ({a.name_en.lower(): a.id} if a.name_en else {})
    if len(aspects) == 1:
        names |= {alias.lower(): aspects[0].id for alias in SINGLE_ASPECT}
    keys: list[tuple[KeyKind, int]] = []
    reason, columns, problems, taken = None, [], [], {}
    for col, cell in enumerate(cells):
        text = _norm(cell)
        if text in {a.lower() for a in EMPLOYEE_NO}:
            keys.append(("employee_no", col))
        elif text in {a.lower() for a in BLIND_CODE}:
            keys.append(("blind_code", col))
        elif text in {a.lower() for a in REASON}:
            reason = col
        elif (aspect := names.get(text)) is not None:
            if aspect in taken:
                problems.append(Problem(f"line {line}", f"columns {taken[aspect]!r} and {str(cell).strip()!r} both give aspect {aspect!r}"))
            taken.setdefault(aspect, str(cell).strip())
            columns.append((col, aspect, str(cell).strip()))
    if len(keys) > 1:
        problems.append(Problem(f"line {line}", "give either 工号 (employee_no) or 检录号 (blind_code), not both: one key per row"))
    if not columns:
        wanted = ", ".join(f"{a.name} ({a.id})" for a in aspects)
        problems.append(Problem(f"line {line}", f"no column names an aspect of the module: need one of {wanted}"))
    _raise_if(problems)
    kind, col = keys[0]
    return (kind, str(cells[col]).strip()), col, reason, columns


def _line(line: int, row: list[object], at: tuple[int, int | None], headers: tuple[str, str], columns: list, seen: dict[str, int]):
    """(result or None, problems, empty cells) of one data row; `at`: the key and reason columns."""
    key_col, reason_col = at
    key_header, reason_header = headers
    cell = row[key_col] if key_col < len(row) else None
    key, why = _key_text(cell)
    problems = []
    if why:
        problems.append(Problem(f"line {line}.{key_header}", why))
    elif key is None:
        problems.append(Problem(f"line {line}.{key_header}", "is empty: every row names its competitor"))
    elif key in seen:
        problems.append(Problem(f"line {line}.{key_header}", f"{key!r} repeats line {seen[key]}: one row per competitor"))
    else:
        seen[key] = line
    marks, blanks = [], 0
    for col, aspect, header in columns:
        value, why = _value(row[col] if col < len(row) else None)
        if why:
            problems.append(Problem(f"line {line}.{header}", why))
        elif value is None:
            blanks += 1
        else:
            marks.append(CellValue(aspect, header, value))
    reason, why = _key_text(row[reason_col]) if reason_col is not None and reason_col < len(row) else (None, None)
    if why:
        problems.append(Problem(f"line {line}.{reason_header}", why))
    if problems or key is None or not marks:
        return None, problems, blanks
    return ResultLine(line, key, marks, reason), problems, blanks


def _key_text(value: object) -> tuple[str | None, str | None]:
    """Text of a key or reason cell; whole numbers become their digits (Excel stores 1001 as a number)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str):
        return value.strip(), None
    if isinstance(value, bool):
        return None, "is TRUE/FALSE, expected text"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value)), None
    return None, f"is {value!r}, expected text or a whole number"


def _value(value: object) -> tuple[str | None, str | None]:
    """Exact decimal text of a mark cell, None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, "is TRUE/FALSE, expected a number"
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return None, "is a date or time, expected a number"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, f"is {value!r}, expected a number"
        return repr(value), None  # the shortest text that reads back as the stored double: 85.5, not 85.5000000001
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None, f"{value.strip()!r} is not a number"
        return (str(number), None) if number.is_finite() else (None, f"{value.strip()!r} is not a number")
    return None, f"is a {type(value).__name__}, expected a number"


def _norm(header: object) -> str:
    return str(header).strip().rstrip("*＊").strip().lower() if header is not None else ""


def _raise_if(problems: list[Problem]) -> None:
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        raise ImportRejected([*problems[:MAX_PROBLEMS], Problem("file", f"… and {more} more problems: is this the right file?")])
    if problems:
        raise ImportRejected(problems)


__all__ = [
    "MAX_MARKS", "CellValue", "KeyKind", "ResultLine", "ResultsSheet", "SheetAspect", "parse_results", "parse_results_packed", "unpack_results",
]  # fmt: skip
