"""Marks (分数): a judge's batch of marks on blind codes, checked whole and stored append-only.

A batch is stored entirely or not at all. Each mark is checked against
- the event and module (they exist), the panel (the judge sits on it) and the lock (the
  module is not locked: after the lock marks change only by an audited unlock or an
  upheld appeal);
- the draw (the blind code is in the event's current draw) and conflicts of interest
  (the contest's conflict policy; "unit": a judge never marks their own unit);
- the aspect, by the scoring engine itself (`mark_values`);
- the cell's current mark: the same value is "unchanged" (no new version; a resend is
  harmless), another value is a correction and needs a reason. A correction is the next
  version; every version is kept.
Every refused mark is reported at `marks[i]…` in one MarksRejected (409).

One transaction per batch: the mark rows, the audit events (one for the new marks, one per
correction with old → new and the reason) and the idempotency record commit together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.store.models import AppealCorrectionRow, ContestRow, JudgeRow, MarkRow
from contests.store.types import utcnow
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.idempotency import checked_key, digest, remember, replay
from contests.usecases.core.retrying import retrying
from contests.usecases.judging.cells import recusals
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.requests import MarkBatch, MarkInput
from contests.usecases.judging.state import Field, current_marks, drawn_field, is_locked, module_locks, panel_judges
from contests.usecases.judging.views import MarkBatchResult, MarkOutcome, MarkVersionView
from contests.usecases.setup.checks import typed
from scoring.compiled import compile_scheme
from scoring.errors import Problem

OPERATION = "marks.submit"
RACED = "these marks were changed by another request at the same time: send them again"


class MarksRejected(Conflict):
    """A batch refused as a whole; every bad mark is named at `marks[i]` (nothing stored)."""


@dataclass(frozen=True)
class _Plan:
    index: int
    mark: MarkInput
    competitor_id: int
    previous: tuple[Decimal, int] | None  # the cell's current (value, version)

    @property
    def status(self) -> str:
        if self.previous is None:
            return "created"
        return "unchanged" if self.previous[0] == self.mark.value else "corrected"

    @property
    def version(self) -> int:
        if self.previous is None:
            return 1
        return self.previous[1] + (self.status == "corrected")


async def submit_marks(
    session: AsyncSession, actor: Actor, contest_id: int, batch: MarkBatch, *, idempotency_key: str | None = None
) -> MarkBatchResult:
    """Store a judge's batch of marks (the login must be linked to a judge of the contest).

    NotFound (404) for an unknown contest; Forbidden (403) for a login that is no judge of
    it; MarksRejected (409) naming every refused mark; Conflict (409) for an idempotency key
    reused with another request; BadKey for a malformed key. With a key, a retry returns
    the first answer and stores nothing again."""
    contest = await lookup.contest_row(session, contest_id)
    typed(batch)
    key = checked_key(idempotency_key)
    request_hash = digest(OPERATION, contest.id, batch) if key is not None else ""

    async def attempt() -> MarkBatchResult:
        if key is not None and (first := await replay(session, actor, key, request_hash, MarkBatchResult)) is not None:
            return first
        result = await _store(session, actor, contest, batch)
        if key is not None:
            remember(session, actor, key, OPERATION, contest.id, request_hash, result)
        return result

    return await retrying(session, attempt, conflict=RACED, path="marks")


async def _store(session: AsyncSession, actor: Actor, contest: ContestRow, batch: MarkBatch) -> MarkBatchResult:
    definition = lookup.definition(await lookup.version_row(session, contest))
    judge = await access.acting_judge(session, contest.id, actor)
    problems = _repeats(batch.marks)
    plans: list[_Plan] = []
    for (event_id, module_id), items in _groups(batch.marks).items():
        group_problems, group_plans = await _plan_module(session, contest.id, definition, judge, event_id, module_id, items)
        problems += group_problems
        plans += group_plans
    if problems:
        raise MarksRejected(sorted(problems, key=_index_of))
    changed = [p for p in plans if p.status != "unchanged"]
    await _write(session, actor, contest.id, judge, changed)
    await session.flush()
    await _refuse_locked_meanwhile(session, contest.id, {(p.mark.event_id, p.mark.module_id) for p in changed})
    return _result(judge, sorted(plans, key=lambda p: p.index))


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


async def _plan_module(
    session: AsyncSession, contest_id: int, definition: Contest, judge: JudgeRow, event_id: str, module_id: str, items: list
) -> tuple[list[Problem], list[_Plan]]:
    """The marks of one module: (problems, plans). A gate that fails (unknown event or
    module, not on the panel, locked) refuses every mark of the module with one reason."""
    event = definition.event(event_id)
    module = event.module(module_id) if event is not None else None
    if event is None:
        return _all(items, "event_id", f"unknown event {event_id!r}"), []
    if module is None:
        return _all(items, "module_id", f"unknown module {module_id!r} of event {event_id!r}"), []
    panel = await panel_judges(session, contest_id, event_id, module_id, lock="share")
    if judge.id not in {j.id for j in panel}:
        return _all(items, "", f"judge {judge.code} is not on the panel of {event_id}/{module_id}"), []
    lock = (await module_locks(session, contest_id, event_id)).get(module_id)
    if is_locked(lock):
        why = f"module {event_id}/{module_id} was locked at {lock.created_at:%H:%M} UTC: marks change only after the chief judge unlocks it, or through an upheld appeal"
        return _all(items, "", why), []
    field = await drawn_field(session, contest_id, event_id, codes=[m.blind_code for _, m in items])
    compiled = compile_scheme(module.scheme)
    aspects = {a: k for k, a in enumerate(compiled.aspect_ids)}
    problems, known = _cells(definition, judge, event_id, module_id, field, aspects, items)
    bad_values = value_problems(module, compiled, [(i, aspects[m.aspect_id], m.value) for i, m, _ in known])
    problems += [Problem(f"marks[{i}].value", why) for i, why in bad_values.items()]
    valid = [(i, m, int(field.ids[k])) for i, m, k in known if i not in bad_values]
    current = await _current(session, contest_id, event_id, module_id, judge.id, [c for _, _, c in valid])
    plans = [_Plan(i, m, c, current.get((c, m.aspect_id))) for i, m, c in valid]
    return problems + [p for plan in plans if (p := _missing_reason(plan))], plans


def _cells(definition: Contest, judge: JudgeRow, event_id: str, module_id: str, field: Field, aspects: dict, items: list):
    """Problems with the aspect and the blind code (unknown, or a conflict of interest), and
    the marks without any: (index, mark, position in the field)."""
    recused = recusals(definition, field, [judge])[:, 0]
    problems: list[Problem] = []
    known: list[tuple[int, MarkInput, int]] = []
    for i, m in items:
        where = field.by_code.get(m.blind_code)
        if m.aspect_id not in aspects:
            problems.append(Problem(f"marks[{i}].aspect_id", f"module {module_id!r} has no aspect {m.aspect_id!r}"))
        if where is None:
            problems.append(Problem(f"marks[{i}].blind_code", f"no competitor has blind code {m.blind_code} in event {event_id!r}"))
        elif recused[where]:
            why = f"judge {judge.code} may not mark blind code {m.blind_code}: conflict of interest (contest policy {definition.settings.conflict_policy!r})"
            problems.append(Problem(f"marks[{i}].blind_code", why))
        elif m.aspect_id in aspects:
            known.append((i, m, where))
    return problems, known


def _missing_reason(plan: _Plan) -> Problem | None:
    if plan.status != "corrected" or (plan.mark.reason or "").strip():
        return None
    old, version = plan.previous
    m = plan.mark
    return Problem(
        f"marks[{plan.index}].reason",
        f"blind code {m.blind_code} already has {plain(old)} on {m.aspect_id!r} (version {version}): a correction needs a reason",
    )


def _all(items: list, field: str, rule: str) -> list[Problem]:
    return [Problem(f"marks[{i}].{field}" if field else f"marks[{i}]", rule) for i, _ in items]


def _index_of(problem: Problem) -> int:
    return int(problem.path.split("[", 1)[1].split("]", 1)[0])


async def _current(session: AsyncSession, contest_id: int, event_id: str, module_id: str, judge_id: int, competitor_ids: list[int]) -> dict:
    """(competitor id, aspect id) → (value, version) of the judge's current marks on the batch's competitors."""
    rows = await current_marks(session, contest_id, event_id, module_id, judge_id, competitor_ids)
    return {(r.competitor_id, r.aspect_id): (r.value, r.version) for r in rows}


async def _refuse_locked_meanwhile(session: AsyncSession, contest_id: int, modules: set[tuple[str, str]]) -> None:
    """Checked again inside the write transaction: on SQLite our reads ran before it began,
    and a lock committed in between must still win (PostgreSQL's share lock already waits)."""
    for event_id, module_id in sorted(modules):
        if is_locked((await module_locks(session, contest_id, event_id)).get(module_id)):
            raise Conflict.at("marks", f"module {event_id}/{module_id} was locked while these marks were being stored: nothing was stored")


# ---------------------------------------------------------------- writing


async def _write(session: AsyncSession, actor: Actor, contest_id: int, judge: JudgeRow, plans: list[_Plan]) -> None:
    """One executemany for the batch (no ids are needed back; the ORM would send a row at a
    time). One cell order for every writer: concurrent batches touching the same cells then
    collide on the first of them instead of deadlocking on PostgreSQL."""
    now = utcnow()  # one request, one time
    rows = [
        {
            "contest_id": contest_id, "event_id": p.mark.event_id, "module_id": p.mark.module_id,
            "competitor_id": p.competitor_id, "aspect_id": p.mark.aspect_id, "judge_id": judge.id, "value": p.mark.value,
            "version": p.version, "reason": p.mark.reason, "created_by": actor.username, "created_at": now,
        }
        for p in sorted(plans, key=lambda p: (p.competitor_id, p.mark.module_id, p.mark.aspect_id))
    ]  # fmt: skip
    if rows:
        await session.execute(insert(MarkRow), rows)
    _audit(session, actor, contest_id, judge, plans)


def _audit(session: AsyncSession, actor: Actor, contest_id: int, judge: JudgeRow, plans: list[_Plan]) -> None:
    created = [_cell(p) | {"value": plain(p.mark.value)} for p in plans if p.status == "created"]
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
            old_value, old_version = p.previous
            audit.record(
                session, actor.username, "mark.correct", "mark", _key(p, judge), contest_id=contest_id,
                before={"value": plain(old_value), "version": old_version},
                after={"value": plain(p.mark.value), "version": p.version}, reason=p.mark.reason,
            )  # fmt: skip


def _cell(p: _Plan) -> dict:
    m = p.mark
    return {"event_id": m.event_id, "module_id": m.module_id, "blind_code": m.blind_code, "aspect_id": m.aspect_id}


def _key(p: _Plan, judge: JudgeRow) -> str:
    m = p.mark
    return f"{m.event_id}/{m.module_id}/{m.blind_code}/{m.aspect_id}/{judge.code}"


def _result(judge: JudgeRow, plans: list[_Plan]) -> MarkBatchResult:
    outcomes = [
        MarkOutcome(
            index=p.index, event_id=p.mark.event_id, module_id=p.mark.module_id, blind_code=p.mark.blind_code,
            aspect_id=p.mark.aspect_id, value=plain(p.mark.value), version=p.version, status=p.status,  # type: ignore[arg-type]
        )
        for p in plans
    ]  # fmt: skip
    count = {s: sum(o.status == s for o in outcomes) for s in ("created", "corrected", "unchanged")}
    return MarkBatchResult(judge=judge.code, marks=outcomes, **count)


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


__all__ = ["MarksRejected", "OPERATION", "mark_history", "submit_marks"]
