"""Results imported from elsewhere (成绩导入): a module's results from another system (the
theory exam's XLSX from the exam system) or a judge's paper marking sheet typed up later,
entered as marks of one judge seat of the module's panel.

Whose marks are they? A mark is always one panel judge's (the module's panel rule combines
the judges' marks per aspect), so an import fills exactly one seat of the module's panel:
- the seat named by `judge` (a paper sheet is one judge's sheet: name that judge);
- without `judge`, the panel's only seat: a theory exam's panel is one seat (the examples'
  T1), the mark the exam system gives is that seat's mark, and the module's mean of one
  mark is the mark itself;
- a panel of several seats without `judge` is refused (409 naming `judge`): the import does
  not guess whose sheet it is. A module without a panel is refused too.
The marks are stored under that seat and entered by the importing account (`created_by`,
the audit's actor), so the audit log says who typed them in and whose marks they are.

The same rules as the tablet's batch (`marking.store_for_seat`), applied once per file and the
marks written in bulk (`imported_marks`, issue 15): the engine's value check,
the panel, conflicts of interest of the seat, the lock, one-measurer aspects, and corrections
(a cell that holds another mark needs the row's 更正原因 / reason). All-or-nothing: a file
with any bad row writes nothing and is refused (409, or 413 past a size limit) with a row
report, `line N.<column as written>: rule`. One transaction writes the marks, their audit
events, one `results.import` audit event (file name, SHA-256, seat, counts) and the
idempotency record. The file is read in a worker process (`core.worker`) within
`contests.spreadsheets.LIMITS`, with no transaction open meanwhile. A large file is better
sent as an import job (`core.import_jobs`): `progress` and `finish` are its hooks.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import re
from decimal import Decimal
from functools import partial

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit, spreadsheets
from contests.accounts import Actor
from contests.errors import ImportRejected
from contests.judging.results_sheet import ResultLine, ResultsSheet, SheetAspect, parse_results_packed, unpack_results
from contests.store.models import CompetitorRow, ContestRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.idempotency import checked_key, digest, remember, replay
from contests.usecases.core.import_jobs import Finish, Progress
from contests.usecases.core.retrying import retrying
from contests.usecases.core.worker import WorkerTimeout, in_worker
from contests.usecases.judging.imported_marks import Cell, DrawnKeys, drawn_keys, plan_sheet, write_sheet
from contests.usecases.judging.state import panel_judges
from contests.usecases.setup.views import View
from scoring.errors import Problem

OPERATION = "results.import"
CHUNK = 2_000  # marks per statement written: a few milliseconds of the event loop each, progress told after each
RACED = "these marks were changed by another request at the same time: import the file again"
_MARK_PATH = re.compile(r"marks\[(\d+)\](?:\.(\w+))?")


class ResultsImportRequest(msgspec.Struct, frozen=True):
    """What an Idempotency-Key stands for: this module, this seat, this file."""

    event_id: str
    module_id: str
    judge: str | None
    filename: str
    sha256: str


class ResultsImportReport(View, kw_only=True, frozen=True):
    """What an import stored: the seat the marks belong to, the key column it read, and the
    marks created, corrected (a new version with the row's reason) or unchanged."""

    event_id: str
    module_id: str
    judge: str
    key: str  # "employee_no" | "blind_code"
    filename: str
    rows: int
    created: int
    corrected: int
    unchanged: int
    empty_cells: int  # no mark: left owed


async def import_results(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, data: bytes, filename: str,
    *, judge: str | None = None, idempotency_key: str | None = None, progress: Progress | None = None, finish: Finish | None = None,
) -> ResultsImportReport:  # fmt: skip
    """Import a module's results as one seat's marks (organiser or chief judge). NotFound
    (404) for an unknown event or module; Conflict (409) for a seat that cannot be chosen;
    ImportRejected (409) with the row report; TooLarge (413). With a key, a resend gets
    the first answer and stores nothing again."""
    access.require_role(actor, access.STAFF, "import results")
    contest, definition = await lookup.current_contest(session, contest_id)
    module = lookup.module_of(lookup.event_of(definition, event_id), module_id)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportRejected.at("file", "the upload must be the file's bytes")
    data = bytes(data)
    key = checked_key(idempotency_key)
    sha = hashlib.sha256(data).hexdigest()
    request_hash = digest(OPERATION, contest.id, ResultsImportRequest(event_id, module_id, judge, filename, sha)) if key else ""
    if key is not None and (first := await replay(session, actor, key, request_hash, ResultsImportReport)) is not None:
        return first
    seat = await _seat(session, contest.id, event_id, module_id, judge)
    await session.rollback()  # only reads so far: nothing stays open while the worker reads the file
    aspects = [SheetAspect(a.id, a.name, a.name_en) for a in module.scheme.aspects()]
    if progress is not None:
        progress("read", 0, None)
    sheet = await _parse(data, filename, aspects)
    if progress is not None and inspect.isawaitable(starting := progress("write", 0, len(sheet.lines))):
        await starting  # an import job writes its phase down before the transaction takes any lock

    async def attempt() -> ResultsImportReport:
        contest = await lookup.contest_row(session, contest_id)  # each attempt loads its rows: see core.retrying
        if key is not None and (first := await replay(session, actor, key, request_hash, ResultsImportReport)) is not None:
            return first
        report = await _store(session, actor, contest, seat, sheet, ResultsImportReport(
            event_id=event_id, module_id=module_id, judge=seat, key=sheet.key, filename=filename, rows=len(sheet.lines),
            created=0, corrected=0, unchanged=0, empty_cells=sheet.empty_cells,
        ), progress)  # fmt: skip
        audit.record(
            session, actor.username, OPERATION, "marks", f"{event_id}/{module_id}/{seat}", contest_id=contest.id,
            after=msgspec.structs.asdict(report) | {"sha256": sha},
        )  # fmt: skip
        if finish is not None:  # an import job's end, committed with the marks
            await finish(session, report)
        if key is not None:
            remember(session, actor, key, OPERATION, contest.id, request_hash, report)
        return report

    return await retrying(session, attempt, conflict=RACED, path="file")


async def _store(
    session: AsyncSession, actor: Actor, contest: ContestRow, seat: str, sheet: ResultsSheet, report: ResultsImportReport,
    progress: Progress | None = None,
) -> ResultsImportReport:  # fmt: skip
    """Store the sheet as `seat`'s marks and return `report` with the counts, or raise the whole
    row report (ImportRejected) having written nothing: the rows of known competitors are
    checked too. The file is checked once and written in bulk (`imported_marks`), with the
    tablet batch's rules, rows and audit events."""
    event_id, module_id = report.event_id, report.module_id
    drawn = await drawn_keys(session, contest.id, event_id)
    lines, problems = await _known(session, contest.id, event_id, sheet, drawn)
    judge_row = await lookup.judge_row(session, contest.id, seat)
    assert judge_row is not None  # chosen from the panel; a judge on a panel cannot be removed
    definition = lookup.definition(await lookup.version_row(session, contest))
    cells = await _cells(lines, sheet, drawn)
    planned = await plan_sheet(session, contest.id, definition, judge_row, event_id, module_id, cells, drawn)
    problems += row_report(planned.problems, lines, sheet, f"{event_id}/{module_id}")
    if problems or not cells:  # a refusal of the whole module (the lock) is named once
        raise ImportRejected(sorted(dict.fromkeys(problems), key=_line_of))
    rows = len(sheet.lines)

    def written(done: int, total: int) -> None:
        if progress is not None:  # marks written, told as the share of the file's rows
            progress("write", rows * done // max(1, total), rows)

    await write_sheet(session, actor, contest.id, planned, written, chunk=CHUNK)
    counts = (planned.count("created"), planned.count("corrected"), planned.count("unchanged"))
    if progress is not None and counts[0] + counts[1] == 0:
        progress("write", rows, rows)  # nothing to write: every mark was stored already
    return msgspec.structs.replace(report, created=counts[0], corrected=counts[1], unchanged=counts[2])


async def _seat(session: AsyncSession, contest_id: int, event_id: str, module_id: str, judge: str | None) -> str:
    """The panel seat the marks belong to (see the module's docstring)."""
    panel = [j.code for j in await panel_judges(session, contest_id, event_id, module_id)]
    where = f"{event_id}/{module_id}"
    if not panel:
        raise Conflict.at("judge", f"module {where} has no panel: set its panel (e.g. the theory exam's one seat) first")
    if judge is None:
        if len(panel) > 1:
            seats = ", ".join(panel)
            why = f"module {where} has {len(panel)} judges on its panel ({seats}): name the judge whose marks these are"
            raise Conflict.at("judge", why)
        return panel[0]
    if judge not in panel:
        raise Conflict.at("judge", f"judge {judge} is not on the panel of {where} ({', '.join(panel)})")
    return judge


async def _parse(data: bytes, filename: str, aspects: list[SheetAspect]) -> ResultsSheet:
    limits = spreadsheets.LIMITS  # read at call time: a deployment (or a test) may set its own
    try:
        packed = await in_worker(partial(parse_results_packed, aspects=aspects, limits=limits), data, filename, seconds=limits.seconds)
    except WorkerTimeout as exc:
        raise spreadsheets.TooLarge.at("file", f"reading the file took longer than {limits.seconds:g} s; split it") from exc
    return await asyncio.to_thread(unpack_results, packed)  # decoded off the event loop's thread


async def _known(
    session: AsyncSession, contest_id: int, event_id: str, sheet: ResultsSheet, drawn: DrawnKeys
) -> tuple[list[ResultLine], list[Problem]]:
    """The rows naming a competitor of the event's draw, and a problem for every other row."""
    codes = drawn.by_code if sheet.key == "blind_code" else drawn.by_employee_no
    unknown = [r for r in sheet.lines if r.key not in codes]
    registered: dict[str, str] = {}
    if unknown and sheet.key == "employee_no":  # only to say why a row's competitor is not in the draw
        query = select(CompetitorRow.employee_no, CompetitorRow.event_id).where(CompetitorRow.contest_id == contest_id)
        registered = dict((await session.execute(query)).tuples().all())
    problems = [Problem(f"line {r.line}.{sheet.key_header}", _unknown(sheet.key, r.key, event_id, registered)) for r in unknown]
    return [r for r in sheet.lines if r.key in codes], problems


async def _cells(lines: list[ResultLine], sheet: ResultsSheet, drawn: DrawnKeys) -> list[Cell]:
    """The rows' marks on blind codes, in row then column order (`row_report` reads them back
    so), built a chunk of rows at a time with a turn of the event loop between."""
    code = (lambda key: key) if sheet.key == "blind_code" else drawn.by_employee_no.__getitem__
    cells: list[Cell] = []
    for start in range(0, len(lines), CHUNK):
        cells += [(code(r.key), m.aspect_id, Decimal(m.value), r.reason) for r in lines[start : start + CHUNK] for m in r.marks]
        await asyncio.sleep(0)
    return cells


def _unknown(kind: str, key: str, event_id: str, registered: dict[str, str]) -> str:
    if kind == "blind_code":
        return f"no competitor has blind code {key} in event {event_id!r}"
    if key not in registered:
        return f"no competitor with employee number {key!r} is registered"
    if registered[key] != event_id:
        return f"{key!r} is registered in event {registered[key]!r}, not {event_id!r}"
    return f"{key!r} was registered after the draw of event {event_id!r}: not in the draw, so no mark can be entered (draw again before marking starts)"


def row_report(problems: list[Problem], lines: list[ResultLine], sheet: ResultsSheet, module: str) -> list[Problem]:
    """The batch's problems (`marks[i].value` …) as the sheet's rows and columns: `line N.<header>`.
    A refusal of the whole module (the lock, the panel) is named once, at the module."""
    if not problems:
        return []  # the usual case: 100,000 cells are not listed for nothing
    cells = [(r, m) for r in lines for m in r.marks]  # marks[i] is cells[i]: `_cells` builds them in this order
    out: dict[tuple[str, str], None] = {}
    for p in problems:
        found = _MARK_PATH.search(p.path)
        if found is None or int(found.group(1)) >= len(cells):
            out[(p.path or module, p.rule)] = None
            continue
        line, cell = cells[int(found.group(1))]
        what = found.group(2)
        if what is None:
            out[(module, p.rule)] = None
        elif what == "blind_code":
            out[(f"line {line.line}.{sheet.key_header}", p.rule)] = None
        elif what == "reason":
            out[(f"line {line.line}.{sheet.reason_header or cell.header}", p.rule)] = None
        else:
            out[(f"line {line.line}.{cell.header}", p.rule)] = None
    return [Problem(path, rule) for path, rule in out]


def _line_of(problem: Problem) -> tuple[int, str]:
    found = re.match(r"line (\d+)", problem.path)
    return (int(found.group(1)) if found else 0, problem.path)


__all__ = ["OPERATION", "ResultsImportReport", "import_results", "row_report"]
