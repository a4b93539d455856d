"""Marks (分数): a judge's batch of marks on blind codes, checked whole and stored append-only.

A batch is stored entirely or not at all. Each mark is checked against
- the event and module (they exist), the panel (the judge sits on it) and the lock (the
  module is not locked: after the lock marks change only by an audited unlock or an
  upheld appeal);
- the draw (the blind code is in the event's current draw) and conflicts of interest
  (the contest's conflict policy; "unit": a judge never marks their own unit);
- the aspect, by the scoring engine itself (`mark_values`);
- one-measurer aspects (panel "single"): a cell another judge has measured is refused
  (`scoring.single_measurer`); the judge who measured it corrects it;
- the cell's current mark: the same value is "unchanged" (no new version; a resend is
  harmless), another value is a correction and needs a reason. A correction is the next
  version; every version is kept.
Every refused mark is reported at `marks[i]…` in one MarksRejected (409).

One transaction per batch: the mark rows, the audit events (one for the new marks, one per
correction with old → new and the reason) and the idempotency record commit together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import msgspec
from sqlalchemy import Select, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest, decode_contest
from contests.judging import lock as lock_rules
from contests.judging import versions
from contests.judging.field import DrawnField, unknown_code
from contests.judging.module_day import PanelJudge, recusals
from contests.judging.versions import CellPlan, Version
from contests.store.models import AppealCorrectionRow, ContestRow, JudgeRow, MarkRow
from contests.store.types import utcnow
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.idempotency import checked_key, remember, replay
from contests.usecases.core.retrying import retrying
from contests.usecases.core.writer_queue import queued_writer
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.requests import MarkBatch, MarkInput, typed
from contests.usecases.judging.state import (
    begin_write,
    current_marks_query,
    drawn_field,
    module_locks,
    panel_judges,
    refuse_if_locked,
)
from contests.usecases.judging.views import MarkBatchResult, MarkOutcome, MarkVersionView
from scoring.compiled import CompiledScheme, compile_scheme
from scoring.errors import Problem
from scoring.single_measurer import second_measurer_refusals, single_measurer_aspects

OPERATION = "marks.submit"
RACED = "these marks were changed by another request at the same time: send them again"


class MarksRejected(Conflict):
    """A batch refused as a whole; every bad mark is named at `marks[i]` (nothing stored)."""


@dataclass(frozen=True)
class _Plan:
    """marks[index] as a change of its cell (`contests.judging.versions`)."""

    index: int
    mark: MarkInput
    competitor_id: int
    cell: CellPlan

    @property
    def status(self) -> str:
        return self.cell.status

    @property
    def version(self) -> int:
        return self.cell.version


async def submit_marks(
    session: AsyncSession,
    actor: Actor,
    contest_id: int,
    batch: MarkBatch,
    *,
    idempotency_key: str | None = None,
) -> MarkBatchResult:
    """Store a judge's batch of marks (the login must be linked to a judge of the contest).

    NotFound (404) for an unknown contest; Forbidden (403) for a login that is no judge of
    it; MarksRejected (409) naming every refused mark; JudgingError (409) for a mark
    outside its declared bounds; Conflict (409) for an idempotency key
    reused with another request; BadKey for a malformed key. With a key, a retry returns
    the first answer and stores nothing again."""
    contest = await lookup.contest_row(session, contest_id)
    typed(batch)
    key = checked_key(idempotency_key)
    request_hash = request_digest(contest.id, batch) if key is not None else ""

    async def attempt() -> MarkBatchResult:
        contest = await lookup.contest_row(session, contest_id)  # each attempt loads its rows: see core.retrying
        if key is not None and (first := await replay(session, actor, key, request_hash, MarkBatchResult)) is not None:
            return first
        result = await _store(session, actor, contest, batch)
        if key is not None:
            remember(session, actor, key, OPERATION, contest.id, request_hash, result)
        return result

    async with queued_writer(session):  # SQLite: the process's writers take turns here, not in SQLite's busy handler
        return await retrying(session, attempt, conflict=RACED, path="marks")


async def _store(session: AsyncSession, actor: Actor, contest: ContestRow, batch: MarkBatch) -> MarkBatchResult:
    return await store_for_seat(session, actor, contest, batch, await access.acting_judge(session, contest.id, actor))


async def store_for_seat(session: AsyncSession, actor: Actor, contest: ContestRow, batch: MarkBatch, judge: JudgeRow) -> MarkBatchResult:
    """Check and write a batch as the marks of judge seat `judge`, in the caller's transaction
    (no commit): every check of `submit_marks` (panel, lock, draw, conflicts, values, one
    measurer, corrections) and its audit events, with `actor` as who entered them. The
    results import (`results_import`) enters marks from elsewhere this way."""
    stored = (await lookup.version_row(session, contest)).definition
    problems = _repeats(batch.marks)
    plans: list[_Plan] = []
    for (event_id, module_id), items in _groups(batch.marks).items():
        blind = actor.role == "judge"  # a judge typing marks learns nothing of who is recused (issue 10, the seal)
        group_problems, group_plans = await _plan_module(session, contest.id, stored, judge, event_id, module_id, items, blind)
        problems += group_problems
        plans += group_plans
    if problems:
        raise MarksRejected(sorted(problems, key=_index_of))
    changed = [p for p in plans if p.status != "unchanged"]
    await _write(session, actor, contest.id, judge, changed)
    await session.flush()
    await _refuse_locked_meanwhile(session, contest.id, {(p.mark.event_id, p.mark.module_id) for p in changed})
    return _result(judge, sorted(plans, key=lambda p: p.index))


# ---------------------------------------------------------------- the request's digest


@lru_cache(maxsize=4096)
def shown(value: Decimal) -> Decimal:
    """`plain(value)`, remembered: a venue's marks take few distinct values (0–3, a tenth of a
    millimetre), and a batch shows each mark's value three times (digest, audit, answer).
    Equal decimals give equal plain values, so "2.0" may answer for "2"."""
    return plain(value)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(shown(value)) if value.is_finite() else str(value)
    return value


def request_digest(contest_id: int, batch: MarkBatch) -> str:
    """`idempotency.digest(OPERATION, contest_id, batch)`, the same bytes hashed, in one pass:
    a mark's only decimal is its value, so only the values are made canonical instead of
    walking every field of every mark in Python (a fifth of a batch's time)."""
    body = msgspec.to_builtins(batch, builtin_types=(Decimal,))
    for mark in body["marks"]:
        mark["value"] = _canonical_value(mark["value"])
    canonical = {"operation": OPERATION, "contest_id": contest_id, "body": body}
    return hashlib.sha256(msgspec.json.encode(canonical)).hexdigest()


# ---------------------------------------------------------------- checks


def _groups(marks: Sequence[MarkInput]) -> dict[tuple[str, str], list[tuple[int, MarkInput]]]:
    groups: dict[tuple[str, str], list[tuple[int, MarkInput]]] = {}
    for i, m in enumerate(marks):
        groups.setdefault((m.event_id, m.module_id), []).append((i, m))
    return groups


def _repeats(marks: Sequence[MarkInput]) -> list[Problem]:
    first: dict[tuple[str, str, str, str], int] = {}
    problems = []
    for i, m in enumerate(marks):
        cell = (m.event_id, m.module_id, m.blind_code, m.aspect_id)
        if cell in first:
            problems.append(Problem(f"marks[{i}]", f"the same cell as marks[{first[cell]}]: send one mark per cell"))
        first.setdefault(cell, i)
    return problems


@lru_cache(maxsize=64)
def _decoded(stored: str) -> Contest:
    """A contest version's definition as stored, decoded once per worker: a version is never
    changed (a new definition is a new version), so its text is its key, and nothing another
    worker writes can make the decoded one stale."""
    return decode_contest(stored, "json", validate=False)  # validated when it was written: `lookup.definition`


@lru_cache(maxsize=256)
def _compiled(stored: str, event_id: str, module_id: str) -> tuple[CompiledScheme, dict[str, int]]:
    """The module's compiled scheme and aspect id → index, once per definition and module."""
    module = _decoded(stored).event(event_id).module(module_id)  # type: ignore[union-attr]  # the caller checked both exist
    compiled = compile_scheme(module.scheme)
    return compiled, {a: k for k, a in enumerate(compiled.aspect_ids)}


async def _plan_module(
    session: AsyncSession, contest_id: int, stored: str, judge: JudgeRow, event_id: str, module_id: str, items: list, blind: bool
) -> tuple[list[Problem], list[_Plan]]:
    """The marks of one module: (problems, plans). A gate that fails (unknown event or
    module, not on the panel, locked) refuses every mark of the module with one reason."""
    definition = _decoded(stored)
    event = definition.event(event_id)
    module = event.module(module_id) if event is not None else None
    if event is None:
        return _all(items, "event_id", f"unknown event {event_id!r}"), []
    if module is None:
        return _all(items, "module_id", f"unknown module {module_id!r} of event {event_id!r}"), []
    single = single_measurer_aspects(module.scheme.aspects())
    measures = bool(single & {m.aspect_id for _, m in items})
    if measures:
        await begin_write(session)  # SQLite: the measurements read below are the ones this batch commits on
    # a batch measuring a one-measurer aspect locks the panel exclusively (PostgreSQL): two judges
    # measuring the same cell at once then check one after the other instead of both storing
    panel = await panel_judges(session, contest_id, event_id, module_id, lock="update" if measures else "share")
    if judge.id not in {j.id for j in panel}:
        return _all(items, "", f"judge {judge.code} is not on the panel of {event_id}/{module_id}"), []
    lock = (await module_locks(session, contest_id, event_id)).get(module_id)
    if lock_rules.is_locked(lock):
        return _all(items, "", lock_rules.marks_refused(lock, f"{event_id}/{module_id}")), []
    field = await drawn_field(session, contest_id, event_id, codes=[m.blind_code for _, m in items])
    compiled, aspects = _compiled(stored, event_id, module_id)
    seat = next(j for j in panel if j.id == judge.id)
    problems, known = _cells(definition, seat, event_id, module_id, field, aspects, items, blind)
    bad_values = value_problems(module, compiled, [(i, aspects[m.aspect_id], m.value) for i, m, _ in known])
    problems += [Problem(f"marks[{i}].value", why) for i, why in bad_values.items()]
    valid = [(i, m, int(field.ids[k])) for i, m, k in known if i not in bad_values]
    if measures:
        taken = await _second_measurers(session, contest_id, event_id, module_id, single, judge.code, valid)
        problems += [Problem(f"marks[{i}].value", why) for i, why in taken.items()]
        valid = [v for v in valid if v[0] not in taken]
    current = await _current(session, contest_id, event_id, module_id, judge.id, [c for _, _, c in valid])
    plans = [_Plan(i, m, c, versions.plan(current.get((c, m.aspect_id)), m.value, m.reason)) for i, m, c in valid]
    return problems + [p for plan in plans if (p := _missing_reason(plan))], plans


def _cells(
    definition: Contest, judge: PanelJudge, event_id: str, module_id: str, field: DrawnField, aspects: dict, items: list, blind: bool
):
    """Problems with the aspect and the blind code (unknown, or a conflict of interest), and
    the marks without any: (index, mark, position in the field). `blind` (the judge is typing):
    a recused code is refused exactly as an unknown one, so that trying a code seen on a badge
    does not tell the judge it belongs to their own unit; staff entering marks for a seat (the
    results import) are told the real reason."""
    recused = recusals(definition.settings.conflict_policy, field, [judge])[:, 0]
    problems: list[Problem] = []
    known: list[tuple[int, MarkInput, int]] = []
    for i, m in items:
        where = field.by_code.get(m.blind_code)
        if m.aspect_id not in aspects:
            problems.append(Problem(f"marks[{i}].aspect_id", f"module {module_id!r} has no aspect {m.aspect_id!r}"))
        if where is None or (blind and recused[where]):
            problems.append(unknown_code(m.blind_code, event_id, f"marks[{i}].blind_code"))
        elif recused[where]:
            why = f"judge {judge.code} may not mark blind code {m.blind_code}: conflict of interest (contest policy {definition.settings.conflict_policy!r})"
            problems.append(Problem(f"marks[{i}].blind_code", why))
        elif m.aspect_id in aspects:
            known.append((i, m, where))
    return problems, known


async def _second_measurers(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, single: frozenset[str], code: str, valid: list
) -> dict[int, str]:
    """{index: rule} for the marks of `valid` on one-measurer cells another judge has measured
    (one query: the current values of those cells, any judge)."""
    competitors = sorted({c for _, m, c in valid if m.aspect_id in single})
    if not competitors:
        return {}
    current = current_marks_query(contest_id, event_id, module_id, None, competitors).subquery()
    query = (
        select(current.c.competitor_id, current.c.aspect_id, JudgeRow.code)
        .join(JudgeRow, JudgeRow.id == current.c.judge_id)
        .where(current.c.aspect_id.in_(sorted(single)))
    )
    measured_by = {(c, a): j for c, a, j in (await session.execute(query)).all()}
    return second_measurer_refusals(single, [(i, c, m.aspect_id, code) for i, m, c in valid], measured_by)


def _missing_reason(plan: _Plan) -> Problem | None:
    if not plan.cell.needs_reason:
        return None
    previous, m = plan.cell.previous, plan.mark
    assert previous is not None
    return Problem(
        f"marks[{plan.index}].reason",
        f"blind code {m.blind_code} already has {plain(previous.value)} on {m.aspect_id!r} (version {previous.version}): "
        "a correction needs a reason",
    )


def _all(items: list, field: str, rule: str) -> list[Problem]:
    return [Problem(f"marks[{i}].{field}" if field else f"marks[{i}]", rule) for i, _ in items]


def _index_of(problem: Problem) -> int:
    return int(problem.path.split("[", 1)[1].split("]", 1)[0])


def judge_cells_query(contest_id: int, event_id: str, module_id: str, judge_id: int, competitor_ids: Collection[int]) -> Select:
    """Every version of one judge's marks on some competitors of a module: (competitor id,
    aspect id, value, version). Served by the index `ix_marks_judge_cells` alone (migration
    0018): one range per competitor, nothing read from the table, no grouping, so the read
    costs the same in an empty module and after 300,000 marks."""
    m = MarkRow
    return select(m.competitor_id, m.aspect_id, m.value, m.version).where(
        m.contest_id == contest_id, m.event_id == event_id, m.module_id == module_id, m.judge_id == judge_id,
        m.competitor_id.in_(bindparam("competitors", sorted(set(competitor_ids)), expanding=True)),  # one parameter, not one per id
    )  # fmt: skip


async def _current(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, judge_id: int, competitor_ids: list[int]
) -> dict[tuple[int, str], Version]:
    """(competitor id, aspect id) → the judge's current version of the cell, on the batch's
    competitors: the newest of the versions read (corrections are few, so this reads about
    one row per marked cell and spares the database a GROUP BY max(version))."""
    current: dict[tuple[int, str], Version] = {}
    if not competitor_ids:
        return current
    for competitor_id, aspect_id, value, version in await session.execute(
        judge_cells_query(contest_id, event_id, module_id, judge_id, competitor_ids)
    ):
        seen = current.get((competitor_id, aspect_id))
        if seen is None or version > seen.version:
            current[(competitor_id, aspect_id)] = Version(value, version)
    return current


async def _refuse_locked_meanwhile(session: AsyncSession, contest_id: int, modules: set[tuple[str, str]]) -> None:
    """SQLite only: its reads ran before the write transaction began. On PostgreSQL the batch's
    share lock on each panel (`panel_judges`) made a racing lock wait for this batch, or this
    batch wait for the lock and then read it: the lock read before writing is still true."""
    if (await session.connection()).dialect.name == "postgresql":
        return
    for event_id, module_id in sorted(modules):
        await refuse_if_locked(session, contest_id, event_id, module_id, lock_rules.locked_meanwhile(f"{event_id}/{module_id}"))


# ---------------------------------------------------------------- writing


async def _write(session: AsyncSession, actor: Actor, contest_id: int, judge: JudgeRow, plans: list[_Plan]) -> None:
    """The batch's rows in one statement, built column by column (no dict per row, no ids
    needed back). One cell order for every writer: concurrent batches touching the same cells
    then collide on the first of them instead of deadlocking on PostgreSQL."""
    ordered = sorted(plans, key=lambda p: (p.competitor_id, p.mark.module_id, p.mark.aspect_id))
    if ordered:
        n, marks = len(ordered), [p.mark for p in ordered]
        columns = {
            "contest_id": [contest_id] * n, "event_id": [m.event_id for m in marks], "module_id": [m.module_id for m in marks],
            "competitor_id": [p.competitor_id for p in ordered], "aspect_id": [m.aspect_id for m in marks], "judge_id": [judge.id] * n,
            "value": [m.value for m in marks], "version": [p.cell.version for p in ordered], "reason": [m.reason for m in marks],
            "created_by": [actor.username] * n, "created_at": [utcnow()] * n,  # one request, one time
        }  # fmt: skip
        await _insert(session, columns)
    _audit(session, actor, contest_id, judge, plans)


async def _insert(session: AsyncSession, columns: dict[str, list]) -> None:
    """PostgreSQL: one INSERT … SELECT FROM unnest(arrays), one array per column, in the rows'
    order (one statement instead of one per row: about a third less time than asyncpg's
    executemany for a 500-mark batch). SQLite: the driver's executemany of the rows as the
    driver takes them; SQLAlchemy's executemany spent a fifth of a batch building and
    converting a parameter dict per row."""
    connection = await session.connection()
    table = MarkRow.__table__
    if connection.dialect.name != "postgresql":
        await connection.exec_driver_sql(*_driver_rows(connection.dialect, columns))
        return
    names = list(columns)
    arrays = [bindparam(f"rows_{n}", columns[n], type_=postgresql.ARRAY(table.c[n].type)) for n in names]
    await session.execute(insert(table).from_select(names, select(func.unnest(*arrays).table_valued(*names).render_derived())))


def _driver_rows(dialect: Dialect, columns: dict[str, list]) -> tuple[str, list[tuple]]:
    """The marks INSERT as the dialect writes it, and its rows as tuples of the values the
    column types bind (Numeric → float on SQLite, the UTC time as text), each distinct value
    converted once: a batch repeats a few values and one time."""
    table = MarkRow.__table__
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    bound = []
    for name in compiled.positiontup or ():
        values, convert = columns[name], table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            done: dict = {}
            values = [done[v] if v in done else done.setdefault(v, convert(v)) for v in values]
        bound.append(values)
    return str(compiled), list(zip(*bound, strict=True))


def _audit(session: AsyncSession, actor: Actor, contest_id: int, judge: JudgeRow, plans: list[_Plan]) -> None:
    created = [_created(p.mark) for p in plans if p.cell.status == "created"]
    if created:
        audit.record(
            session,
            actor.username,
            "marks.submit",
            "marks",
            judge.code,
            contest_id=contest_id,
            after={"judge": judge.code, "marks": created},
        )
    for p in plans:
        if p.status == "corrected":
            previous = p.cell.previous
            assert previous is not None
            audit.record(
                session, actor.username, "mark.correct", "mark", _key(p, judge), contest_id=contest_id,
                before={"value": shown(previous.value), "version": previous.version},
                after={"value": shown(p.mark.value), "version": p.version}, reason=p.mark.reason,
            )  # fmt: skip


def _created(m: MarkInput) -> dict:
    return {"event_id": m.event_id, "module_id": m.module_id, "blind_code": m.blind_code, "aspect_id": m.aspect_id, "value": shown(m.value)}


def _key(p: _Plan, judge: JudgeRow) -> str:
    m = p.mark
    return f"{m.event_id}/{m.module_id}/{m.blind_code}/{m.aspect_id}/{judge.code}"


def _result(judge: JudgeRow, plans: list[_Plan]) -> MarkBatchResult:
    outcomes = [
        MarkOutcome(
            index=p.index, event_id=p.mark.event_id, module_id=p.mark.module_id, blind_code=p.mark.blind_code,
            aspect_id=p.mark.aspect_id, value=shown(p.mark.value), version=p.version, status=p.status,  # type: ignore[arg-type]
        )
        for p in plans
    ]  # fmt: skip
    return MarkBatchResult(judge=judge.code, marks=outcomes, **versions.counts([p.cell for p in plans]))


# ---------------------------------------------------------------- history


async def mark_history(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, module_id: str, blind_code: str, aspect_id: str,
    *, judge: str | None = None,
) -> list[MarkVersionView]:  # fmt: skip
    """Every version of one cell, oldest first. A judge reads their own cells (judge None or
    their own code); the organiser and chief judge name the judge. NotFound (404) for an
    unknown event, module, judge or blind code; Forbidden (403) otherwise."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.module_of(lookup.event_of(definition, event_id), module_id)
    judge_row = await _history_judge(session, contest.id, actor, judge)
    field = await drawn_field(session, contest.id, event_id)
    where = field.by_code.get(blind_code)
    if where is None:
        raise NotFound.at("blind_code", f"no competitor has blind code {blind_code} in event {event_id!r}")
    query = (
        select(MarkRow, AppealCorrectionRow.appeal_id)
        .outerjoin(AppealCorrectionRow, AppealCorrectionRow.mark_id == MarkRow.id)
        .where(
            MarkRow.contest_id == contest.id, MarkRow.event_id == event_id, MarkRow.module_id == module_id,
            MarkRow.competitor_id == int(field.ids[where]), MarkRow.aspect_id == aspect_id, MarkRow.judge_id == judge_row.id,
        )
        .order_by(MarkRow.version)
    )  # fmt: skip
    return [
        MarkVersionView(version=m.version, value=plain(m.value), reason=m.reason, by=m.created_by, at=m.created_at, appeal_id=appeal_id)
        for m, appeal_id in (await session.execute(query)).all()
    ]


async def _history_judge(session: AsyncSession, contest_id: int, actor: Actor, code: str | None) -> JudgeRow:
    if actor.role in access.STAFF:
        if code is None:
            raise NotFound.at("judge", "name the judge whose marks to read")
        row = await lookup.judge_row(session, contest_id, code)
        if row is None:
            raise lookup.missing("judge", code, "judge")
        return row
    own = await access.acting_judge(session, contest_id, actor)
    if code is not None and code != own.code:
        raise access.Forbidden.at("judge", "a judge reads only their own marks")
    return own


__all__ = ["MarksRejected", "OPERATION", "judge_cells_query", "mark_history", "request_digest", "shown", "store_for_seat", "submit_marks"]
