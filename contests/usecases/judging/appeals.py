"""Appeals (申诉 / 仲裁): a written challenge of one competitor's marks in one module.

- Filing: the organiser or chief judge records the written appeal (who appealed, the
  grounds) while the module is locked and within the contest's window after that lock
  (settings.appeal_window_minutes, default 120: RULES.md "within 2 hours"). Before the
  lock there is nothing to appeal: the judges still correct their own marks.
- Deciding: the chief judge decides once, and the decision is final (a second decision is
  a Conflict; a unique constraint settles even a race). Upheld: with the corrections it
  makes, each a new version of a panel judge's mark on the appealed competitor, written
  although the module is locked, linked to the appeal and audited with old → new.
  Rejected: with its reason and no corrections. Both need a reason.

Appeals name competitors by blind code in every view, as marks do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.store.models import AppealCorrectionRow, AppealDecisionRow, AppealRow, JudgeRow, MarkRow, ModuleLockRow
from contests.store.types import utcnow
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.cells import recusals
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling
from contests.usecases.judging.state import Field, current_marks, drawn_field, is_locked, module_locks, panel_judges, require_drawn
from contests.usecases.judging.views import AppealView, CorrectionView
from contests.usecases.setup.checks import typed
from scoring.compiled import compile_scheme
from scoring.errors import Problem


async def file_appeal(session: AsyncSession, actor: Actor, contest_id: int, filing: AppealFiling) -> AppealView:
    """Record a written appeal (organiser or chief judge). NotFound (404) for an unknown
    event, module or competitor; Conflict (409) when the module is not locked or the
    appeal window after its lock has closed (the message names the window)."""
    access.require_role(actor, access.STAFF, "record an appeal")
    contest, definition = await lookup.current_contest(session, contest_id)
    typed(filing)
    lookup.module_of(lookup.event_of(definition, filing.event_id), filing.module_id)
    if (filing.blind_code is None) == (filing.employee_no is None):
        raise Conflict.at("blind_code", "name the competitor by blind code or by employee number (exactly one)")
    window = definition.settings.appeal_window_minutes
    async with transaction(session, conflict="the appeal could not be stored: reload and try again"):
        field = await drawn_field(session, contest.id, filing.event_id)
        require_drawn(field, filing.event_id)
        position = _competitor(field, filing)
        lock = (await module_locks(session, contest.id, filing.event_id)).get(filing.module_id)
        _check_window(lock, window, f"{filing.event_id}/{filing.module_id}")
        row = AppealRow(
            contest_id=contest.id,
            event_id=filing.event_id,
            module_id=filing.module_id,
            competitor_id=int(field.ids[position]),
            grounds=filing.grounds,
            appellant=filing.appellant,
            lock_id=lock.id,
            created_by=actor.username,
        )
        session.add(row)
        await session.flush()
        code = field.codes[position]
        audit.record(
            session, actor.username, "appeal.file", "appeal", str(row.id), contest_id=contest.id,
            after={"event_id": row.event_id, "module_id": row.module_id, "blind_code": code, "appellant": row.appellant, "grounds": row.grounds},
        )  # fmt: skip
    return await _view(session, row, window)


async def decide_appeal(session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int, decision: AppealDecision) -> AppealView:
    """The chief judge decides an appeal, once. NotFound (404) for an unknown appeal;
    Conflict (409) if it was decided already, an upheld decision lists no correction, a
    rejected one lists any, or a correction is refused (each at `corrections[i]…`)."""
    await access.require_chief(session, contest_id, actor, "decide an appeal")
    contest, definition = await lookup.current_contest(session, contest_id)
    typed(decision)
    reason = decision.reason.strip()
    _check_decision(decision, reason)
    async with transaction(session, conflict="the appeal or its marks changed at the same time: reload and decide again"):
        appeal = await _appeal(session, contest.id, appeal_id)
        await _refuse_decided(session, appeal)
        plans = await _corrections(session, contest.id, definition, appeal, decision.corrections)
        session.add(AppealDecisionRow(appeal_id=appeal.id, decision=decision.decision, reason=reason, created_by=actor.username))
        marks = _write_corrections(session, actor, appeal, plans, reason)
        await session.flush()  # mark ids for the links
        session.add_all(AppealCorrectionRow(appeal_id=appeal.id, mark_id=m.id) for m in marks)
        audit.record(
            session, actor.username, f"appeal.{decision.decision}", "appeal", str(appeal.id), contest_id=contest.id,
            before={"status": "open"}, after={"status": decision.decision, "corrections": [p.audit() for p in plans]}, reason=reason,
        )  # fmt: skip
    return await _view(session, appeal, definition.settings.appeal_window_minutes)


async def list_appeals(session: AsyncSession, actor: Actor, contest_id: int, event_id: str | None = None) -> list[AppealView]:
    """Appeals of the contest (or one event), oldest first (organiser or chief judge)."""
    access.require_role(actor, access.STAFF, "read appeals")
    contest, definition = await lookup.current_contest(session, contest_id)
    query = select(AppealRow).where(AppealRow.contest_id == contest.id)
    if event_id is not None:
        lookup.event_of(definition, event_id)
        query = query.where(AppealRow.event_id == event_id)
    window = definition.settings.appeal_window_minutes
    return [await _view(session, row, window) for row in await session.scalars(query.order_by(AppealRow.id))]


async def get_appeal(session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int) -> AppealView:
    access.require_role(actor, access.STAFF, "read appeals")
    contest, definition = await lookup.current_contest(session, contest_id)
    return await _view(session, await _appeal(session, contest.id, appeal_id), definition.settings.appeal_window_minutes)


# ---------------------------------------------------------------- filing


def _competitor(field: Field, filing: AppealFiling) -> int:
    if filing.blind_code is not None:
        position = field.by_code.get(filing.blind_code)
        if position is None:
            raise NotFound.at("blind_code", f"no competitor has blind code {filing.blind_code} in event {filing.event_id!r}")
        return position
    position = next((k for k, a in enumerate(field.assignments) if a.competitor.employee_no == filing.employee_no), None)
    if position is None:
        raise NotFound.at("employee_no", f"no competitor {filing.employee_no!r} in the draw of event {filing.event_id!r}")
    return position


def _check_window(lock: ModuleLockRow | None, window: int, where: str) -> None:
    if not is_locked(lock):
        raise Conflict.at("module_id", f"module {where} is not locked: appeals open when the chief judge locks it")
    deadline = lock.created_at + dt.timedelta(minutes=window)
    if utcnow() > deadline:
        raise Conflict.at(
            "module_id",
            f"the appeal window of {window} minutes after the lock of {where} at {lock.created_at:%Y-%m-%d %H:%M} UTC "
            f"closed at {deadline:%Y-%m-%d %H:%M} UTC",
        )


# ---------------------------------------------------------------- deciding


@dataclass(frozen=True)
class _Correction:
    """A checked correction: the next version of one judge's mark on the appealed cell."""

    judge: JudgeRow
    aspect_id: str
    value: Decimal
    previous: tuple[Decimal, int] | None  # the cell's current (value, version)

    @property
    def version(self) -> int:
        return self.previous[1] + 1 if self.previous else 1

    def audit(self) -> dict:
        old = plain(self.previous[0]) if self.previous else None
        return {"judge": self.judge.code, "aspect_id": self.aspect_id, "old": old, "new": plain(self.value), "version": self.version}


def _check_decision(decision: AppealDecision, reason: str) -> None:
    if not reason:
        raise Conflict.at("reason", "a decision needs its reason")
    if decision.decision == "rejected" and decision.corrections:
        raise Conflict.at("corrections", "a rejected appeal corrects no mark")
    if decision.decision == "upheld" and not decision.corrections:
        raise Conflict.at("corrections", "an upheld appeal lists the corrections it makes")


async def _appeal(session: AsyncSession, contest_id: int, appeal_id: int) -> AppealRow:
    row = await session.get(AppealRow, appeal_id) if isinstance(appeal_id, int) and 1 <= appeal_id <= 2**31 - 1 else None
    if row is None or row.contest_id != contest_id:
        raise NotFound.at("appeal_id", f"no appeal {appeal_id!r} in this contest")
    return row


async def _refuse_decided(session: AsyncSession, appeal: AppealRow) -> None:
    done = await session.scalar(select(AppealDecisionRow).where(AppealDecisionRow.appeal_id == appeal.id))
    if done is not None:
        raise Conflict.at(
            "appeal_id",
            f"appeal {appeal.id} was already {done.decision} by {done.created_by} at {done.created_at:%Y-%m-%d %H:%M} UTC: the decision is final",
        )


async def _corrections(
    session: AsyncSession, contest_id: int, definition: Contest, appeal: AppealRow, corrections: list[AppealCorrection]
) -> list[_Correction]:
    """Each correction checked like a mark (panel, conflicts, the engine's value rules) and
    against the cell's current mark; Conflict naming every refused one."""
    module = definition.event(appeal.event_id).module(appeal.module_id)
    compiled = compile_scheme(module.scheme)
    aspects = {a: k for k, a in enumerate(compiled.aspect_ids)}
    panel = {j.code: j for j in await panel_judges(session, contest_id, appeal.event_id, appeal.module_id)}
    field = await drawn_field(session, contest_id, appeal.event_id)
    position = field.position_of(appeal.competitor_id)
    rows = await current_marks(session, contest_id, appeal.event_id, appeal.module_id)
    current = {(r.aspect_id, r.judge_id): (r.value, r.version) for r in rows if r.competitor_id == appeal.competitor_id}
    bad = value_problems(
        module, compiled, [(i, aspects[c.aspect_id], c.value) for i, c in enumerate(corrections) if c.aspect_id in aspects]
    )
    problems: list[tuple[int, Problem]] = [(i, Problem(f"corrections[{i}].value", why)) for i, why in bad.items()]
    plans: list[_Correction] = []
    seen: dict[tuple[str, str], int] = {}
    for i, c in enumerate(corrections):
        found = _correction_problems(f"corrections[{i}]", c, panel, aspects, seen, appeal)
        judge = panel.get(c.judge)
        if judge is not None and recusals(definition, field, [judge])[position, 0]:
            found.append(Problem(f"corrections[{i}].judge", f"judge {c.judge} may not mark this competitor: conflict of interest"))
        seen.setdefault((c.judge, c.aspect_id), i)
        if found or i in bad:
            problems += [(i, p) for p in found]
            continue
        previous = current.get((c.aspect_id, judge.id))
        if previous is not None and previous[0] == c.value:
            problems.append(
                (i, Problem(f"corrections[{i}].value", f"{plain(c.value)} is already judge {c.judge}'s mark on {c.aspect_id!r}"))
            )
            continue
        plans.append(_Correction(judge, c.aspect_id, c.value, previous))
    if problems:
        raise Conflict([p for _, p in sorted(problems, key=lambda x: x[0])])
    return plans


def _correction_problems(at: str, c: AppealCorrection, panel: dict, aspects: dict, seen: dict, appeal: AppealRow) -> list[Problem]:
    found = []
    if c.judge not in panel:
        found.append(Problem(f"{at}.judge", f"judge {c.judge!r} is not on the panel of {appeal.event_id}/{appeal.module_id}"))
    if c.aspect_id not in aspects:
        found.append(Problem(f"{at}.aspect_id", f"module {appeal.module_id!r} has no aspect {c.aspect_id!r}"))
    if (c.judge, c.aspect_id) in seen:
        found.append(Problem(at, f"corrects the same mark as corrections[{seen[(c.judge, c.aspect_id)]}]"))
    return found


def _code_of(field: Field, appeal: AppealRow) -> str:
    position = field.position_of(appeal.competitor_id)
    # the draw is fixed once marked, and an appeal is filed on a locked (so marked) module
    return field.codes[position] if position is not None else "?"


def _write_corrections(session: AsyncSession, actor: Actor, appeal: AppealRow, plans: list[_Correction], reason: str) -> list[MarkRow]:
    marks = [
        MarkRow(
            contest_id=appeal.contest_id,
            event_id=appeal.event_id,
            module_id=appeal.module_id,
            competitor_id=appeal.competitor_id,
            aspect_id=p.aspect_id,
            judge_id=p.judge.id,
            value=p.value,
            version=p.version,
            reason=f"appeal {appeal.id}: {reason}",
            created_by=actor.username,
        )
        for p in sorted(plans, key=lambda p: (p.aspect_id, p.judge.id))
    ]
    session.add_all(marks)
    return marks


# ---------------------------------------------------------------- views


async def _view(session: AsyncSession, appeal: AppealRow, window: int) -> AppealView:
    lock = await session.get(ModuleLockRow, appeal.lock_id)
    decision = await session.scalar(select(AppealDecisionRow).where(AppealDecisionRow.appeal_id == appeal.id))
    field = await drawn_field(session, appeal.contest_id, appeal.event_id)
    return AppealView(
        id=appeal.id,
        event_id=appeal.event_id,
        module_id=appeal.module_id,
        blind_code=_code_of(field, appeal),
        grounds=appeal.grounds,
        appellant=appeal.appellant,
        filed_by=appeal.created_by,
        filed_at=appeal.created_at,
        deadline=lock.created_at + dt.timedelta(minutes=window),
        status=decision.decision if decision else "open",  # type: ignore[arg-type]
        reason=decision.reason if decision else None,
        decided_by=decision.created_by if decision else None,
        decided_at=decision.created_at if decision else None,
        corrections=await _correction_views(session, appeal),
    )


async def _correction_views(session: AsyncSession, appeal: AppealRow) -> list[CorrectionView]:
    """The appeal's mark versions with the version each replaced (one query for the cell history)."""
    query = (
        select(MarkRow, JudgeRow.code, AppealCorrectionRow.appeal_id)
        .join(JudgeRow, JudgeRow.id == MarkRow.judge_id)
        .outerjoin(AppealCorrectionRow, AppealCorrectionRow.mark_id == MarkRow.id)
        .where(MarkRow.competitor_id == appeal.competitor_id, MarkRow.module_id == appeal.module_id)
    )
    rows = (await session.execute(query)).all()
    versions = {(m.aspect_id, m.judge_id, m.version): m.value for m, _, _ in rows}
    return [
        CorrectionView(
            judge=code,
            aspect_id=m.aspect_id,
            old=_maybe(versions.get((m.aspect_id, m.judge_id, m.version - 1))),
            new=plain(m.value),
            version=m.version,
        )
        for m, code, linked in sorted(rows, key=lambda r: (r[0].aspect_id, r[1], r[0].version))
        if linked == appeal.id
    ]


def _maybe(value):
    return None if value is None else plain(value)


__all__ = ["decide_appeal", "file_appeal", "get_appeal", "list_appeals"]
