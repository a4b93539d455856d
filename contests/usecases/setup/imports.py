"""Bulk import of units, teams or competitors from an organiser's CSV / XLSX sheet.

All-or-nothing: `contests.importing` parses the whole file against the stored units,
teams and events and the keys already taken, and reports every bad line in one
ImportRejected (409); only a file without a single problem is written, in one transaction
with one audit event listing what it created.

Off the event loop and bounded: the file is read and checked in a worker process
(`core.worker`) within `contests.spreadsheets.LIMITS` (bytes, rows, columns, cells, and
seconds, after which the worker is stopped); a file past a limit is TooLarge (413). No
transaction stays open while it is read. The records come back in chunks of 500, each
decoded and written as one Core `insert()` executemany (the ORM's bulk path took a quarter
more per row) in turn, so other requests are served between them; 100,000 rows are still
one transaction. On PostgreSQL each chunk goes in by COPY (asyncpg's `copy_records_to_table`
on the session's own connection, so still inside its transaction), several times faster than
an INSERT per row. `progress` (the CLI's bar, an import job's heartbeat) hears when reading
starts and each chunk written; `finish` (an import job) is called in the transaction, just
before its commit, to write the job's end with the rows.

With an `Idempotency-Key` (as for marks, `core.idempotency`): a file sent again after a lost
answer, with the same key, gets the first answer and imports nothing; without a key it would
be refused (409), every row being registered already.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Literal, get_args

import msgspec
from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contests import audit, spreadsheets
from contests.accounts import Actor
from contests.errors import ImportRejected
from contests.importing import RECORDS, PackedRecords, parse_registrations
from contests.people import Team, Unit
from contests.store.models import CompetitorRow, TeamRow, UnitRow
from contests.usecases.core import lookup
from contests.usecases.core.idempotency import checked_key, digest, remember, replay
from contests.usecases.core.import_jobs import Finish
from contests.usecases.core.retrying import retrying
from contests.usecases.core.transaction import transaction
from contests.usecases.core.worker import WorkerTimeout, in_worker
from contests.usecases.setup.after_draw import after_draw_warnings
from contests.usecases.setup.views import ImportReport

Kind = Literal["units", "teams", "competitors"]
KINDS: tuple[str, ...] = get_args(Kind)
OPERATION = "registrations.import"
USE_COPY = True  # COPY on PostgreSQL (a test turns it off to compare with the executemany rows)
CLASH = "records were added meanwhile that clash with this file: nothing was imported, try again"
# progress(stage, done, total): ("read", 0, None) once, ("write", 0, rows in the file) before the first
# chunk (awaited if it returns an awaitable: an import job writes its phase down then), then
# ("write", rows written, rows in the file) per chunk
Progress = Callable[[str, int, int | None], Awaitable[None] | None]


class ImportRequest(msgspec.Struct, frozen=True):
    """What an Idempotency-Key stands for: this kind, this file name, these bytes."""

    kind: str
    filename: str
    sha256: str


@dataclass(frozen=True)
class _Stored:
    """What a file is checked against, as plain values (no rows stay loaded while it is read)."""

    units: dict[str, int]  # code → id
    teams: dict[str, int]  # code → id
    unit_list: list[Unit]
    team_list: list[Team]
    taken: frozenset[str]  # keys of the kind being imported: codes or employee numbers


async def import_registrations(
    session: AsyncSession, actor: Actor, contest_id: int, kind: Kind, data: bytes, filename: str,
    *, idempotency_key: str | None = None, progress: Progress | None = None, finish: Finish | None = None,
) -> ImportReport:  # fmt: skip
    """Import every row of the sheet or none. `filename` (or just "csv" / "xlsx") gives the
    file type. ImportRejected (409) names each bad line, including keys already stored;
    TooLarge (413) names the limit a file is past. With a key, a resend gets the first answer."""
    _, definition = await lookup.current_contest(session, contest_id)
    if kind not in KINDS:
        raise ImportRejected.at("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportRejected.at("file", "the upload must be the file's bytes")
    data = bytes(data)
    key = checked_key(idempotency_key)
    request_hash = digest(OPERATION, contest_id, ImportRequest(kind, filename, hashlib.sha256(data).hexdigest())) if key else ""
    if key is not None and (first := await replay(session, actor, key, request_hash, ImportReport)) is not None:
        return first  # a resend: not even read again
    stored = await _stored(session, contest_id, kind)
    await session.rollback()  # only reads so far: nothing stays open while the worker reads the file
    report_progress = progress or _silent
    report_progress("read", 0, None)
    packed = await _parse(kind, data, filename, stored, definition.events)

    async def attempt() -> ImportReport:
        if key is not None and (first := await replay(session, actor, key, request_hash, ImportReport)) is not None:
            return first  # an identical request with the same key won the race
        await _write(session, contest_id, kind, packed, stored, report_progress)
        audit.record(
            session, actor.username, f"{kind[:-1]}.import", kind[:-1], filename or kind,
            contest_id=contest_id, after={"filename": filename, "created": packed.count, "records": msgspec.Raw(packed.json)},
        )  # fmt: skip
        report = ImportReport(created=packed.count, kind=kind)
        if kind == "competitors" and (late := await after_draw_warnings(session, contest_id)):
            report = msgspec.structs.replace(report, after_draw=late)  # registered after their event's draw: warned
        if finish is not None:
            await finish(session, report)
        if key is not None:
            remember(session, actor, key, OPERATION, contest_id, request_hash, report)
        return report

    if key is not None:
        return await retrying(session, attempt, conflict=CLASH)
    async with transaction(session, conflict=CLASH):
        report = await attempt()
    return report


async def _stored(session: AsyncSession, contest_id: int, kind: str) -> _Stored:
    unit_rows = (
        await session.execute(select(UnitRow.id, UnitRow.code, UnitRow.name, UnitRow.headcount).where(UnitRow.contest_id == contest_id))
    ).all()
    team_rows = (
        await session.execute(
            select(TeamRow.id, TeamRow.code, TeamRow.name, UnitRow.code).join(UnitRow).where(TeamRow.contest_id == contest_id)
        )
    ).all()
    units = {code: id_ for id_, code, _, _ in unit_rows}
    teams = {code: id_ for id_, code, _, _ in team_rows}
    if kind == "units":
        taken = frozenset(units)
    elif kind == "teams":
        taken = frozenset(teams)
    else:
        taken = frozenset(await session.scalars(select(CompetitorRow.employee_no).where(CompetitorRow.contest_id == contest_id)))
    unit_list = [Unit(code=code, name=name, headcount=headcount) for _, code, name, headcount in unit_rows]
    team_list = [Team(code=code, name=name, unit=unit) for _, code, name, unit in team_rows]
    return _Stored(units, teams, unit_list, team_list, taken)


async def _parse(kind: str, data: bytes, filename: str, stored: _Stored, events) -> PackedRecords:
    """The file's records, read and checked in a worker process within the upload limits."""
    limits = spreadsheets.LIMITS  # read at call time: a deployment (or a test) may set its own
    parse = partial(
        parse_registrations, units=stored.unit_list, teams=stored.team_list, events=list(events), taken=stored.taken, limits=limits
    )
    try:
        return await in_worker(parse, kind, data, filename, seconds=limits.seconds)
    except WorkerTimeout as exc:
        raise spreadsheets.TooLarge.at(
            "file", f"reading the file took longer than {limits.seconds:g} s; split it into several imports"
        ) from exc


async def _write(session: AsyncSession, contest_id: int, kind: str, packed: PackedRecords, stored: _Stored, progress: Progress) -> None:
    """One Core executemany per chunk of records, decoded as it is written: the ORM would
    send a row at a time (and its bulk path collects each row again), and decoding or
    building 100,000 records at once would hold the event loop for as long (the chunks are
    `contests.importing.parse_registrations`')."""
    table, row = {
        "units": (UnitRow.__table__, lambda u: {"code": u.code, "name": u.name, "headcount": u.headcount}),
        "teams": (TeamRow.__table__, lambda t: {"code": t.code, "name": t.name, "unit_id": stored.units[t.unit]}),
        "competitors": (CompetitorRow.__table__, lambda c: {
            "employee_no": c.employee_no, "name": c.name, "unit_id": stored.units[c.unit],
            "team_id": stored.teams[c.team] if c.team is not None else None, "event_id": c.event,
        }),
    }[kind]  # fmt: skip
    connection = await session.connection()  # the session's transaction: the audit event and commit follow in it
    insert_rows = await _copier(connection, table) if USE_COPY and connection.dialect.name == "postgresql" else None
    statement, written = insert(table), 0
    if inspect.isawaitable(starting := progress("write", 0, packed.count)):
        await starting  # before the first chunk: SQLite's write lock is not taken yet
    for chunk in packed.chunks:
        records = msgspec.msgpack.decode(chunk, type=RECORDS[kind])
        rows = [{"contest_id": contest_id} | row(r) for r in records]
        await (insert_rows(rows) if insert_rows is not None else connection.execute(statement, rows))
        written += len(records)
        progress("write", written, packed.count)


async def _copier(connection: AsyncConnection, table: Table) -> Callable[[list[dict]], Awaitable[None]]:
    """COPY into `table` on the session's asyncpg connection, inside its transaction (the
    adapter begins it lazily, on the first statement: one is sent first if none was)."""
    driver = (await connection.get_raw_connection()).driver_connection
    if not driver.is_in_transaction():
        await connection.execute(select(1))  # BEGIN is sent with the first statement: COPY must not run before it
    columns = [c.name for c in table.columns if c.name != "id"]  # these tables have no defaults but the id's sequence

    async def copy(rows: list[dict]) -> None:
        await driver.copy_records_to_table(table.name, records=[tuple(r.get(c) for c in columns) for r in rows], columns=columns)

    return copy


copier = _copier  # the results import's bulk write (`judging.imported_marks`) copies its marks so too


def _silent(stage: str, done: int, total: int | None) -> None:
    """No one is watching (HTTP, screens): progress goes nowhere."""


__all__ = ["KINDS", "OPERATION", "ImportRequest", "Kind", "Progress", "copier", "import_registrations"]
