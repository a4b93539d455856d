"""Bulk import of competitors, units and teams from the sheets organisers already keep.

Headers may be Chinese (工号, 姓名, 单位, 班组/代表队, 赛项) or English (employee_no, name,
unit, team, event); columns may come in any order, unknown columns (序号, 性别, 身份证号 …)
are ignored, and title rows above the header are skipped (the header is the first of the
first 10 rows that names a known column).

An import is all-or-nothing: every bad row is reported, as `line N.<header>: reason`, and
nothing is returned unless every row is good. Cell text is kept verbatim (CJK, emoji,
quotes, SQL metacharacters); a cell holding only spaces counts as empty, but text with
leading or trailing spaces, control characters or a date is refused rather than repaired.

With `units` / `teams` / `events` given, a cell may name the unit, team or event by code or
by its exact name, and unknown ones are reported on their line; without them, cells must be
codes and cross-checks are left to `people.registration_problems`.

A file is bounded by `contests.spreadsheets.Limits`: the row limit counts data rows below the
header (not the header or title rows); a refusal names at most MAX_PROBLEMS problems.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import msgspec

from contests.definition import Event
from contests.errors import ImportRejected
from contests.fields import INT32_MAX
from contests.people import Competitor, Team, Unit, code_problem, name_problem
from contests.print_setup import page_setup
from contests.safe_cells import SafeCells
from contests.spreadsheets import LIMITS, Limits, Row, read_rows, sheet_kind, too_many_rows
from scoring.errors import Problem

HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS = 500  # a refusal names this many problems, then how many more: a wrong file has one per cell


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the Chinese header written in templates
    aliases: tuple[str, ...]
    required: bool = True


COMPETITOR_COLUMNS = (
    Column("employee_no", "工号", ("工号", "职工号", "员工号", "员工编号", "职工编号", "employee_no", "employee no", "employee number")),
    Column("name", "姓名", ("姓名", "选手姓名", "name")),
    Column("unit", "单位", ("单位", "所在单位", "单位名称", "单位代码", "unit")),
    Column("team", "班组/代表队", ("班组/代表队", "班组", "代表队", "队伍", "team"), required=False),
    Column("event", "赛项", ("赛项", "工种", "比赛项目", "event")),
)
UNIT_COLUMNS = (
    Column("code", "单位代码", ("单位代码", "单位编码", "代码", "编码", "code")),
    Column("name", "单位名称", ("单位名称", "单位", "名称", "name")),
    Column("headcount", "职工人数", ("职工人数", "人数", "headcount"), required=False),
)
TEAM_COLUMNS = (
    Column("code", "班组代码", ("班组代码", "代表队代码", "代码", "编码", "code")),
    Column("name", "班组名称", ("班组名称", "代表队名称", "班组", "代表队", "名称", "name")),
    Column("unit", "单位", ("单位", "所在单位", "单位代码", "unit")),
)


# ---------------------------------------------------------------- public API


def parse_competitors(
    data: bytes,
    filename_or_kind: str,
    *,
    units: Sequence[Unit] | None = None,
    teams: Sequence[Team] | None = None,
    events: Sequence[Event] | None = None,
    event: str | None = None,
    taken: Collection[str] = (),
    limits: Limits = LIMITS,
) -> list[Competitor]:
    """Competitors of a CSV / XLSX file, or ImportRejected naming every bad row.

    event: the event of rows whose 赛项 cell is empty (the column may then be left out).
    taken: employee numbers already registered, refused on their line.
    """
    columns = COMPETITOR_COLUMNS if event is None else _optional(COMPETITOR_COLUMNS, "event")
    table = _Table.read(data, filename_or_kind, columns, limits)
    lookups = _Lookups(units, teams, events)

    def check(values: dict, line: int) -> list[Problem]:
        values["event"] = values.get("event") or event
        return _competitor_row(values, line, table, lookups)

    return _parse(table, Competitor, check, "employee_no", taken)


def parse_units(data: bytes, filename_or_kind: str, *, taken: Collection[str] = (), limits: Limits = LIMITS) -> list[Unit]:
    """Units (单位代码, 单位名称, 职工人数) of a CSV / XLSX file, all-or-nothing."""
    table = _Table.read(data, filename_or_kind, UNIT_COLUMNS, limits)
    return _parse(table, Unit, lambda values, line: _unit_row(values, line, table), "code", taken)


def parse_teams(
    data: bytes, filename_or_kind: str, *, units: Sequence[Unit] | None = None, taken: Collection[str] = (), limits: Limits = LIMITS
) -> list[Team]:
    """Teams (班组代码, 班组名称, 单位) of a CSV / XLSX file, all-or-nothing."""
    table = _Table.read(data, filename_or_kind, TEAM_COLUMNS, limits)
    lookups = _Lookups(units, None, None)
    return _parse(table, Team, lambda values, line: _team_row(values, line, table, lookups), "code", taken)


class PackedRecords(msgspec.Struct, frozen=True):
    """Records as a worker process hands them back: `chunks` of at most `chunk` records each
    (msgpack, decoded one at a time by `RECORDS[kind]` so no single step holds the caller's
    event loop for long) and all of them as one JSON array (`json`, for the audit event)."""

    count: int
    chunks: list[bytes]
    json: bytes


def parse_registrations(
    kind: str,
    data: bytes,
    filename_or_kind: str,
    *,
    units: Sequence[Unit] | None = None,
    teams: Sequence[Team] | None = None,
    events: Sequence[Event] | None = None,
    taken: Collection[str] = (),
    limits: Limits = LIMITS,
    chunk: int = 500,  # measured: 2,000 a chunk wrote no faster and doubled /health's p99 during an import over HTTP
) -> PackedRecords:
    """Units, teams or competitors (`kind`) of a file, all-or-nothing, packed for the trip
    back from a worker process. `taken`: the keys (codes, employee numbers) already stored."""
    if kind == "units":
        records: list = parse_units(data, filename_or_kind, taken=taken, limits=limits)
    elif kind == "teams":
        records = parse_teams(data, filename_or_kind, units=units, taken=taken, limits=limits)
    else:
        records = parse_competitors(data, filename_or_kind, units=units, teams=teams, events=events, taken=taken, limits=limits)
    chunks = [msgspec.msgpack.encode(records[i : i + chunk]) for i in range(0, len(records), chunk)]
    return PackedRecords(len(records), chunks, msgspec.json.encode(records))


RECORDS: dict[str, type] = {"units": list[Unit], "teams": list[Team], "competitors": list[Competitor]}


def _parse(table: _Table, struct: type, check, key: str, taken: Collection[str]) -> list:
    """Check every row (collecting all problems), build the records, or raise for all."""
    out, seen, header = [], {}, table.header(key)
    for line, cells in table.rows:
        values, problems = table.values(line, cells)
        problems += check(values, line)
        problems += _unique(values.get(key), line, header, seen, taken)
        if problems:  # a good row, nearly all of 100,000, skips the sorting out of reasons
            problems = _one_per_cell(problems)
            table.problems += problems
        if not problems and (record := table.build(values, struct, line)) is not None:
            out.append(record)
    return table.result(out)


def competitors_template_xlsx(events: Sequence[Event] = ()) -> bytes:
    """An empty competitor sheet with the Chinese headers; 工号 is a text column so leading
    zeros survive, and 赛项 offers a drop-down of `events` when given."""
    import xlsxwriter  # deferred: only the template needs it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cells = SafeCells(book)  # the one formula-escaping rule of every sheet biwu writes
    sheet = book.add_worksheet("选手报名")
    head = cells.style(bold=True, bg_color="#DDEBF7", border=1)
    text = book.add_format({"num_format": "@"})
    for col, column in enumerate(COMPETITOR_COLUMNS):
        cells.text(sheet, 0, col, column.label, head)
        sheet.set_column(col, col, 16 if column.field != "unit" else 28, text)
    sheet.freeze_panes(1, 0)
    page_setup(sheet, title="选手报名表", header_row=0, total_width=sum(28 if c.field == "unit" else 16 for c in COMPETITOR_COLUMNS))
    if events:
        ids = [e.id for e in events]
        # down to the last data row a file may hold (the header is row 0)
        sheet.data_validation(1, 4, LIMITS.rows, 4, {"validate": "list", "source": ids, "ignore_blank": True})
    notes = book.add_worksheet("填写说明")
    for row, note in enumerate(_TEMPLATE_NOTES):
        cells.text(notes, row, 0, note)
    notes.set_column(0, 0, 90)
    book.close()
    return buffer.getvalue()


_TEMPLATE_NOTES = (
    "每行一名选手；第一行为表头，请勿修改。",
    "工号、姓名、单位、赛项必填；班组/代表队选填。",
    "单位、班组可填代码或全称；赛项填赛项代码（如 welder、electrician）。",
    "单元格前后不要有空格；工号在本次竞赛中不得重复。",
    "另存为 CSV 时请选择“CSV UTF-8（逗号分隔）”。",
)


# ---------------------------------------------------------------- the table


class _Table:
    """Header row located and mapped; collects problems across all rows."""

    def __init__(self, rows: list[Row], header_line: int, index: dict[str, int], headers: dict[str, str], required: set[str]):
        self.rows = rows
        self.required = required  # fields whose cells may not be empty
        self.header_line = header_line
        self.index = index  # field → column position
        self.headers = headers  # field → header text as written in the file
        self.problems: list[Problem] = []

    @classmethod
    def read(cls, data: bytes, filename_or_kind: str, columns: Sequence[Column], limits: Limits = LIMITS) -> _Table:
        rows = read_rows(data, sheet_kind(filename_or_kind), limits, head=HEADER_SEARCH_ROWS)
        found = _find_header(rows, columns)
        if found is None:
            wanted = ", ".join(c.label for c in columns if c.required)
            english = ", ".join(c.field for c in columns if c.required)
            raise ImportRejected.at("file", f"no header row in the first {HEADER_SEARCH_ROWS} rows: need columns {wanted} (or {english})")
        at, index, headers, problems = _map_header(rows[found], columns)
        if problems:
            raise ImportRejected(problems)
        if len(rows) - (found + 1) > limits.rows:  # the limit counts data rows, not the header or titles
            raise too_many_rows(limits)
        return cls(rows[found + 1 :], at, index, headers, {c.field for c in columns if c.required})

    def header(self, field: str) -> str:
        return self.headers.get(field, field)

    def values(self, line: int, cells: list[object]) -> tuple[dict[str, str | None], list[Problem]]:
        values: dict[str, str | None] = {}
        problems = []
        for field, col in self.index.items():
            text, why = _cell_text(cells[col] if col < len(cells) else None)
            if why:
                problems.append(Problem(f"line {line}.{self.headers[field]}", why))
            values[field] = text
        return values, problems

    def build(self, values: dict, struct: type, line: int):
        # fields were checked one by one; convert() applies every schema bound once more
        try:
            return msgspec.convert({k: v for k, v in values.items() if v is not None}, struct)
        except msgspec.ValidationError as exc:
            self.problems.append(Problem(f"line {line}", str(exc)))
            return None

    def result(self, records: list):
        if len(self.problems) > MAX_PROBLEMS:
            more = len(self.problems) - MAX_PROBLEMS
            raise ImportRejected([*self.problems[:MAX_PROBLEMS], Problem("file", f"… and {more} more problems: is this the right file?")])
        if self.problems:
            raise ImportRejected(self.problems)
        if not records:
            raise ImportRejected.at("file", f"no data rows below the header (line {self.header_line})")
        return records


def _norm(header: object) -> str:
    return str(header).strip().rstrip("*＊").strip().lower() if header is not None else ""


def _find_header(rows: list[Row], columns: Sequence[Column]) -> int | None:
    known = {a.lower() for c in columns for a in c.aliases}
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_norm(c) in known for c in cells):
            return i
    return None


def _map_header(row: Row, columns: Sequence[Column]) -> tuple[int, dict[str, int], dict[str, str], list[Problem]]:
    line, cells = row
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems = []
    for col, cell in enumerate(cells):
        column = next((c for c in columns if _norm(cell) in {a.lower() for a in c.aliases}), None)
        if column is None:
            continue
        if column.field in index:
            problems.append(
                Problem(f"line {line}", f"columns {headers[column.field]!r} and {str(cell).strip()!r} both give {column.label}")
            )
            continue
        index[column.field] = col
        headers[column.field] = str(cell).strip()
    for column in columns:
        if column.required and column.field not in index:
            problems.append(Problem(f"line {line}", f"missing required column {column.label} ({column.field})"))
    return line, index, headers, problems


def _optional(columns: Sequence[Column], field: str) -> tuple[Column, ...]:
    return tuple(Column(c.field, c.label, c.aliases, False) if c.field == field else c for c in columns)


# ---------------------------------------------------------------- cells


def _cell_text(value: object) -> tuple[str | None, str | None]:
    """(text or None if empty, problem or None). Numbers that are whole become their digits
    (Excel stores 工号 1001 as a number); dates and booleans are refused."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return (value, None) if value.strip() else (None, None)
    if isinstance(value, bool):
        return None, "is TRUE/FALSE, expected text"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), None
        return None, f"is the number {value!r}, expected text or a whole number"
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return None, "is a date or time, expected text (format the column as text)"
    return None, f"is a {type(value).__name__}, expected text"


def _empty(values: dict, line: int, table: _Table) -> list[Problem]:
    return [Problem(f"line {line}.{table.header(f)}", "is empty") for f in table.index if f in table.required and values.get(f) is None]


def _text(values: dict, field: str, line: int, table: _Table, check) -> list[Problem]:
    value = values.get(field)
    why = check(value) if value is not None else None
    return [Problem(f"line {line}.{table.header(field)}", why)] if why else []


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    # a cell refused for its type is also "empty" to later checks: report its first reason only
    first: dict[str, Problem] = {}
    for p in problems:
        first.setdefault(p.path, p)
    return list(first.values())


def _unique(key: str | None, line: int, header: str, seen: dict[str, int], taken: Collection[str]) -> list[Problem]:
    if key is None:
        return []
    if key in seen:
        return [Problem(f"line {line}.{header}", f"{key!r} repeats line {seen[key]}")]
    seen[key] = line
    if key in taken:
        return [Problem(f"line {line}.{header}", f"{key!r} is already registered")]
    return []


# ---------------------------------------------------------------- rows


def _competitor_row(values: dict, line: int, table: _Table, lookups: _Lookups) -> list[Problem]:
    problems = _empty(values, line, table)
    problems += _text(values, "employee_no", line, table, code_problem)
    problems += _text(values, "name", line, table, name_problem)
    problems += lookups.reference("unit", values, line, table)
    problems += lookups.reference("event", values, line, table)
    problems += lookups.team(values, line, table)
    return problems


def _unit_row(values: dict, line: int, table: _Table) -> list[Problem]:
    problems = _empty(values, line, table)
    problems += _text(values, "code", line, table, code_problem)
    problems += _text(values, "name", line, table, name_problem)
    raw = values.get("headcount")
    if raw is not None:
        if raw.isascii() and raw.isdigit() and int(raw) <= INT32_MAX:
            values["headcount"] = int(raw)
        else:
            problems.append(Problem(f"line {line}.{table.header('headcount')}", f"{raw!r} is not a whole number of people"))
    return problems


def _team_row(values: dict, line: int, table: _Table, lookups: _Lookups) -> list[Problem]:
    problems = _empty(values, line, table)
    problems += _text(values, "code", line, table, code_problem)
    problems += _text(values, "name", line, table, name_problem)
    problems += lookups.reference("unit", values, line, table)
    return problems


# ---------------------------------------------------------------- references

_AMBIGUOUS = "\0ambiguous"  # cannot be a code: codes refuse control characters


class _Lookups:
    """Resolve unit / team / event cells, given by code or exact name, to codes. Without a
    list to look in, a cell must itself be a valid code and is kept as it is."""

    def __init__(self, units: Sequence[Unit] | None, teams: Sequence[Team] | None, events: Sequence[Event] | None):
        self.index = {
            "unit": _index(units, lambda u: u.code, lambda u: [u.name]),
            "event": _index(events, lambda e: e.id, lambda e: [e.name, e.name_en]),
        }
        self.teams = list(teams) if teams is not None else None

    def reference(self, field: str, values: dict, line: int, table: _Table) -> list[Problem]:
        value = values.get(field)
        if value is None:
            return []
        where = f"line {line}.{table.header(field)}"
        index = self.index[field]
        if index is None:
            why = code_problem(value)
            return [Problem(where, why)] if why else []
        code = index.get(value)
        if code is None:
            return [Problem(where, f"unknown {field} {value!r}")]
        if code == _AMBIGUOUS:
            return [Problem(where, f"{value!r} names more than one {field}: use its code")]
        values[field] = code
        return []

    def team(self, values: dict, line: int, table: _Table) -> list[Problem]:
        value = values.get("team")
        if value is None:
            return []
        where = f"line {line}.{table.header('team')}"
        if self.teams is None:
            why = code_problem(value)
            return [Problem(where, why)] if why else []
        # by code anywhere, else by name within the competitor's unit ("一班" exists in many units)
        team = next((t for t in self.teams if t.code == value), None)
        if team is None:
            named = [t for t in self.teams if t.name == value and t.unit == values.get("unit")]
            if len(named) != 1:
                return [
                    Problem(
                        where,
                        f"unknown team {value!r} in unit {values.get('unit')!r}"
                        if not named
                        else f"{value!r} names more than one team: use its code",
                    )
                ]
            team = named[0]
        if values.get("unit") is not None and team.unit != values["unit"]:
            return [Problem(where, f"team {team.code!r} belongs to unit {team.unit!r}, not {values['unit']!r}")]
        values["team"] = team.code
        return []


def _index(records, code, names) -> dict[str, str] | None:
    """value → code for every code and name. A name shared by two records is ambiguous;
    codes are entered last so a name equal to another record's code never hides that code."""
    if records is None:
        return None
    out: dict[str, str] = {}
    for r in records:
        for name in names(r):
            if name:
                out[name] = _AMBIGUOUS if out.get(name, code(r)) != code(r) else code(r)
    out.update({code(r): code(r) for r in records})
    return out


__all__ = [
    "COMPETITOR_COLUMNS",
    "TEAM_COLUMNS",
    "UNIT_COLUMNS",
    "Column",
    "PackedRecords",
    "RECORDS",
    "competitors_template_xlsx",
    "parse_competitors",
    "parse_registrations",
    "parse_teams",
    "parse_units",
]
