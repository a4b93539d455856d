"""A results sheet's marks (成绩导入) checked and written as one file, not batch by batch.

The tablet's batch (`marking.store_for_seat`) checks the panel, the lock and the draw and
reads the current marks once per batch, then writes a statement and an audit event per batch.
A theory exam of 100,000 marks paid that fifty times over (64.8 s). Here the same rules are
applied once per file:
- the gates once: the event and module exist, the seat is on the panel, the module is not
  locked (checked again after the write: a lock committed meanwhile wins);
- the drawn field (as plain columns, `drawn_keys`), the seat's conflicts of interest (once per
  unit) and the seat's current marks of the module in one read each (the index
  `ix_marks_judge_cells` serves the whole seat as one range);
- every value by the engine (`mark_values.value_problems`, one vectorised call), the reason's
  declared bounds on its distinct values, one-measurer aspects with one read of the module;
- each cell's version by `contests.judging.versions.plan`, exactly as the tablet's batch.
The rows written are the marks path's rows (same columns, versions, `created_by` the importing
account, a correction the next version with the row's reason), written by Core executemany
on SQLite and by COPY on PostgreSQL, inside the caller's transaction. The audit events are
the marks path's too (one `marks.submit` listing the new marks per `CHUNK` of them, one
`mark.correct` per correction with old → new and the reason), written by executemany: a
correction's own audit event is the record a review or an appeal reads, so it stays per mark. Problems are named at `marks[i]` of the sheet's cells in
row then column order, as the tablet's batch names them, so `results_import.row_report`
turns them into `line N.<column>`. Nothing is written unless the whole file passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import msgspec
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.fields import validation_problem
from contests.judging import lock as lock_rules
from contests.judging import versions
from contests.judging.field import unknown_code
from contests.judging.module_day import PanelJudge
from contests.judging.versions import CellPlan, Version
from contests.people import Competitor, conflicts
from contests.store.models import AuditEventRow, CompetitorRow, DrawAssignmentRow, JudgeRow, MarkRow, UnitRow
from contests.store.types import utcnow
from contests.usecases.core.decimals import plain
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.marking import shown
from contests.usecases.judging.requests import Reason
from contests.usecases.judging.state import begin_write, current_marks_query, module_locks, panel_judges, refuse_if_locked
from contests.usecases.setup.imports import copier
from scoring.compiled import compile_scheme
from scoring.errors import Problem
from scoring.module import Module
from scoring.single_measurer import second_measurer_refusals, single_measurer_aspects

CHUNK = 2_000  # cells planned, rows written, new marks per audit event between turns of the event loop
Cell = tuple[str, str, Decimal, "str | None"]  # blind code, aspect id, value, reason
Written = Callable[[int, int], None]  # (marks written, marks to write)


@dataclass(frozen=True)
class DrawnKeys:
    """The event's drawn competitors as plain columns (no objects per competitor: a field of
    100,000 is read once per file): blind code → (competitor id, unit code), employee number →
    blind code."""

    by_code: dict[str, tuple[int, str]]
    by_employee_no: dict[str, str]


async def drawn_keys(session: AsyncSession, contest_id: int, event_id: str) -> DrawnKeys:
    a = DrawAssignmentRow
    query = (
        select(a.blind_code, a.competitor_id, CompetitorRow.employee_no, UnitRow.code)
        .join(CompetitorRow, CompetitorRow.id == a.competitor_id)
        .join(UnitRow, UnitRow.id == CompetitorRow.unit_id)
        .where(a.contest_id == contest_id, a.event_id == event_id)
    )
    rows = (await session.execute(query)).tuples().all()
    return DrawnKeys({code: (cid, unit) for code, cid, _, unit in rows}, {no: code for code, _, no, _ in rows})


@dataclass(frozen=True, slots=True)
class Planned:
    """cells[index] as a change of its cell: the competitor's id and the cell's plan."""

    index: int
    competitor_id: int
    cell: Cell
    plan: CellPlan


@dataclass(frozen=True)
class SheetPlan:
    problems: list[Problem]  # at marks[i]; empty: the file may be written
    plans: list[Planned]
    judge: JudgeRow
    event_id: str
    module_id: str

    def count(self, status: str) -> int:
        return sum(p.plan.status == status for p in self.plans)


async def plan_sheet(
    session: AsyncSession, contest_id: int, definition: Contest, judge: JudgeRow, event_id: str, module_id: str, cells: list[Cell],
    drawn: DrawnKeys,
) -> SheetPlan:  # fmt: skip
    """Every rule of the tablet's batch applied to the file's cells at once: the problems (a
    gate that fails is named once, at marks[0]) and, per valid cell, its plan. Reads only."""
    event = definition.event(event_id)
    module = event.module(module_id) if event is not None else None
    if event is None or module is None:
        what = f"unknown event {event_id!r}" if event is None else f"unknown module {module_id!r} of event {event_id!r}"
        return SheetPlan([Problem("marks[0]", what)], [], judge, event_id, module_id)
    single = single_measurer_aspects(module.scheme.aspects())
    measures = bool(single & {aspect for _, aspect, _, _ in cells})
    if measures:
        await begin_write(session)  # SQLite: the measurements read below are the ones this file commits on
    panel = await panel_judges(session, contest_id, event_id, module_id, lock="update" if measures else "share")
    gate = await _gate(session, contest_id, judge, event_id, module_id, panel)
    if gate is not None:
        return SheetPlan([gate], [], judge, event_id, module_id)
    seat = next(j for j in panel if j.id == judge.id)
    problems, valid = await _checked(definition, module, seat, event_id, module_id, drawn, cells)
    if measures:
        taken = await _second_measurers(session, contest_id, event_id, module_id, single, judge.code, cells, valid)
        problems += [Problem(f"marks[{i}].value", why) for i, why in taken.items()]
        valid = [v for v in valid if v[0] not in taken]
    current = await _current(session, contest_id, event_id, module_id, judge.id)
    plans: list[Planned] = []
    for start in range(0, len(valid), CHUNK):  # a turn of the event loop between chunks
        plans += [
            Planned(i, c, cells[i], versions.plan(current.get((c, cells[i][1])), cells[i][2], cells[i][3]))
            for i, c in valid[start : start + CHUNK]
        ]
        await asyncio.sleep(0)
    problems += [_missing_reason(p) for p in plans if p.plan.needs_reason]
    return SheetPlan(sorted(problems, key=_index_of), plans, judge, event_id, module_id)


async def write_sheet(
    session: AsyncSession, actor: Actor, contest_id: int, planned: SheetPlan, written: Written | None = None, *, chunk: int = CHUNK
) -> None:  # fmt: skip
    """Write a plan without problems: its new versions (`chunk` rows per statement, `written`
    told after each) and their audit events, in the caller's transaction (no commit).
    Conflict if the module was locked while the file was written."""
    assert not planned.problems
    # one cell order for every writer, as the tablet's batch: racing writers collide instead of deadlocking
    changed = sorted((p for p in planned.plans if p.plan.changed), key=lambda p: (p.competitor_id, p.cell[1]))
    now, judge = utcnow(), planned.judge
    connection = await session.connection()
    insert_rows = await copier(connection, MarkRow.__table__) if connection.dialect.name == "postgresql" else None
    for start in range(0, len(changed), chunk):
        rows = [_row(planned, p, judge.id, actor.username, now) for p in changed[start : start + chunk]]
        await (insert_rows(rows) if insert_rows is not None else connection.execute(insert(MarkRow.__table__), rows))
        if written is not None:
            written(start + len(rows), len(changed))
        await asyncio.sleep(0)  # other requests are served between chunks
    await _audit(session, actor, contest_id, planned)
    where = f"{planned.event_id}/{planned.module_id}"
    await refuse_if_locked(session, contest_id, planned.event_id, planned.module_id, lock_rules.locked_meanwhile(where))


# ---------------------------------------------------------------- checks


async def _gate(session: AsyncSession, contest_id: int, judge: JudgeRow, event_id: str, module_id: str, panel: list[PanelJudge]):
    """The problem refusing every mark of the file (not on the panel, locked), or None."""
    where = f"{event_id}/{module_id}"
    if judge.id not in {j.id for j in panel}:
        return Problem("marks[0]", f"judge {judge.code} is not on the panel of {where}")
    lock = (await module_locks(session, contest_id, event_id)).get(module_id)
    if lock_rules.is_locked(lock):
        return Problem("marks[0]", lock_rules.marks_refused(lock, where))
    return None


async def _checked(
    definition: Contest, module: Module, seat: PanelJudge, event_id: str, module_id: str, drawn: DrawnKeys, cells: list[Cell]
) -> tuple[list[Problem], list[tuple[int, int]]]:
    """Problems of the aspect, the blind code (unknown; a conflict of interest, named: staff
    import, not a judge typing), the value and the reason, and (index, competitor id) of the
    cells without any. A loop over cells, in chunks with a turn of the event loop between."""
    policy = definition.settings.conflict_policy
    recused = _recused_units(policy, seat, {unit for _, unit in drawn.by_code.values()}, event_id)
    compiled = compile_scheme(module.scheme)
    aspects = {a: k for k, a in enumerate(compiled.aspect_ids)}
    problems: list[Problem] = []
    known: list[tuple[int, int]] = []  # (index, competitor id)
    for start in range(0, len(cells), CHUNK):
        for i in range(start, min(start + CHUNK, len(cells))):
            code, aspect = cells[i][0], cells[i][1]
            where = drawn.by_code.get(code)
            if aspect not in aspects:
                problems.append(Problem(f"marks[{i}].aspect_id", f"module {module_id!r} has no aspect {aspect!r}"))
            if where is None:
                problems.append(unknown_code(code, event_id, f"marks[{i}].blind_code"))
            elif where[1] in recused:
                why = f"judge {seat.judge.code} may not mark blind code {code}: conflict of interest (contest policy {policy!r})"
                problems.append(Problem(f"marks[{i}].blind_code", why))
            elif aspect in aspects:
                known.append((i, where[0]))
        await asyncio.sleep(0)
    bad = value_problems(module, compiled, [(i, aspects[cells[i][1]], cells[i][2]) for i, _ in known])
    problems += [Problem(f"marks[{i}].value", why) for i, why in bad.items()]
    problems += _reason_problems(cells)
    return problems, [(i, c) for i, c in known if i not in bad]


def _recused_units(policy: str, seat: PanelJudge, units: set[str], event_id: str) -> set[str]:
    """The units whose competitors the seat may not mark: the contest's conflict policy
    (`contests.people.conflicts`) asked once per unit, since it decides by the competitor's
    unit alone, instead of once for each of 100,000 competitors built as objects."""
    ordered = sorted(units)
    stand_ins = [Competitor(employee_no=f"U{k}", name=unit, unit=unit, event=event_id) for k, unit in enumerate(ordered)]
    return {unit for unit, hit in zip(ordered, conflicts(seat.judge, stand_ins, policy), strict=True) if hit}  # type: ignore[arg-type]


def _reason_problems(cells: list[Cell]) -> list[Problem]:
    """The reason's declared bounds (`requests.Reason`, as `typed` checks a tablet's batch),
    checked once per distinct reason: a sheet repeats a few reasons, if any."""
    refused = {r: why for r in {c[3] for c in cells} if r is not None and (why := _reason_refused(r)) is not None}
    return [Problem(f"marks[{i}].reason", refused[c[3]]) for i, c in enumerate(cells) if c[3] in refused] if refused else []


def _reason_refused(reason: str) -> str | None:
    try:
        msgspec.convert(reason, Reason)
    except msgspec.ValidationError as exc:
        return validation_problem(exc)[1]
    return None


async def _second_measurers(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, single: frozenset[str], code: str, cells: list[Cell], valid: list
) -> dict[int, str]:
    """{index: rule} for cells on one-measurer aspects another judge has measured: one read of
    the module's current one-measurer cells (a file names most of the field)."""
    current = current_marks_query(contest_id, event_id, module_id).subquery()
    query = (
        select(current.c.competitor_id, current.c.aspect_id, JudgeRow.code)
        .join(JudgeRow, JudgeRow.id == current.c.judge_id)
        .where(current.c.aspect_id.in_(sorted(single)))
    )
    measured_by = {(c, a): j for c, a, j in (await session.execute(query)).all()}
    return second_measurer_refusals(single, [(i, c, cells[i][1], code) for i, c in valid], measured_by)


async def _current(session: AsyncSession, contest_id: int, event_id: str, module_id: str, judge_id: int) -> dict[tuple[int, str], Version]:
    """(competitor id, aspect id) → the seat's current version of the cell, for the whole
    module: one range of `ix_marks_judge_cells`, the newest of the versions read."""
    m = MarkRow
    query = select(m.competitor_id, m.aspect_id, m.value, m.version).where(
        m.contest_id == contest_id, m.event_id == event_id, m.module_id == module_id, m.judge_id == judge_id
    )
    current: dict[tuple[int, str], Version] = {}
    for competitor_id, aspect_id, value, version in await session.execute(query):
        seen = current.get((competitor_id, aspect_id))
        if seen is None or version > seen.version:
            current[(competitor_id, aspect_id)] = Version(value, version)
    return current


def _missing_reason(p: Planned) -> Problem:
    previous, cell = p.plan.previous, p.cell
    assert previous is not None
    return Problem(
        f"marks[{p.index}].reason",
        f"blind code {cell[0]} already has {plain(previous.value)} on {cell[1]!r} (version {previous.version}): a correction needs a reason",
    )


def _index_of(problem: Problem) -> int:
    return int(problem.path.split("[", 1)[1].split("]", 1)[0])


# ---------------------------------------------------------------- writing


def _row(planned: SheetPlan, p: Planned, judge_id: int, by: str, now) -> dict:
    """The marks path's row (`marking._write`): every column but the id."""
    _, aspect, value, reason = p.cell
    return {
        "contest_id": planned.judge.contest_id, "event_id": planned.event_id, "module_id": planned.module_id,
        "competitor_id": p.competitor_id, "aspect_id": aspect, "judge_id": judge_id, "value": value,
        "version": p.plan.version, "reason": reason, "created_by": by, "created_at": now,
    }  # fmt: skip


async def _audit(session: AsyncSession, actor: Actor, contest_id: int, planned: SheetPlan) -> None:
    """The marks path's audit events (`marking._audit`), by one executemany: `marks.submit`
    with the new marks (a `CHUNK` of them per event, as the batches each had one), then one
    `mark.correct` per correction."""
    judge, module = planned.judge, planned.module_id
    created = [
        {"event_id": planned.event_id, "module_id": module, "blind_code": p.cell[0], "aspect_id": p.cell[1], "value": shown(p.cell[2])}
        for p in planned.plans
        if p.plan.status == "created"
    ]
    now = utcnow()
    event = {"at": now, "actor": actor.username, "contest_id": contest_id, "before": None, "reason": None}
    rows = [
        event | {"action": "marks.submit", "entity": "marks", "entity_key": judge.code[:200],
                 "after": audit.to_json({"judge": judge.code, "marks": created[start : start + CHUNK]})}
        for start in range(0, len(created), CHUNK)
    ]  # fmt: skip
    for p in planned.plans:
        if p.plan.status == "corrected":
            previous = p.plan.previous
            assert previous is not None
            key = f"{planned.event_id}/{module}/{p.cell[0]}/{p.cell[1]}/{judge.code}"
            rows.append(event | {
                "action": "mark.correct", "entity": "mark", "entity_key": key[:200], "reason": p.cell[3],
                "before": audit.to_json({"value": shown(previous.value), "version": previous.version}),
                "after": audit.to_json({"value": shown(p.cell[2]), "version": p.plan.version}),
            })  # fmt: skip
    if rows:
        await session.execute(insert(AuditEventRow.__table__), rows)


__all__ = ["CHUNK", "Cell", "DrawnKeys", "Planned", "SheetPlan", "drawn_keys", "plan_sheet", "write_sheet"]
