"""Appeals (申诉 / 仲裁): a written challenge of one competitor's marks in one module
(the rules: `contests.judging.appeal`, the window: `contests.judging.lock`).

- Filing: the organiser or chief judge records the written appeal (who appealed, the
  grounds) while the module is locked and within the contest's window after that lock
  (settings.appeal_window_minutes, default 120: RULES.md "within 2 hours"). Before the
  lock there is nothing to appeal: the judges still correct their own marks.
- Deciding: the chief judge decides once, and the decision is final. Upheld: with the
  corrections it makes, each a new version of a panel judge's mark on the appealed
  competitor (`contests.judging.versions`), written although the module is locked, linked
  to the appeal and audited with old → new. Rejected: with its reason and no corrections.
  Races: a decision moves the module's state guard on (compare-and-set) and decisions are
  unique per appeal, so of two racing decisions of one appeal exactly one is stored.

Appeals name competitors by blind code in every view, as marks do. Listing reads a fixed
number of queries whatever the number of appeals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.judging import appeal as appeal_rules
from contests.judging import lock as lock_rules
from contests.judging.appeal import Decided
from contests.judging.field import DrawnField, unknown_code
from contests.judging.module_day import PanelJudge, recusals
from contests.judging.versions import CellPlan, Version
from contests.store.models import AppealCorrectionRow, AppealDecisionRow, AppealRow, DrawAssignmentRow, JudgeRow, MarkRow, ModuleLockRow
from contests.store.types import utcnow
from contests.usecases.core import access, lookup
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.retrying import retrying
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.requests import AppealCorrection, AppealDecision, AppealFiling, typed
from contests.usecases.judging.state import (
    compare_and_set,
    current_marks,
    drawn_field,
    lock_event,
    module_locks,
    panel_judges,
    require_drawn,
    state_versions,
)
from contests.usecases.judging.views import AppealView, CorrectionView
from scoring.compiled import compile_scheme
from scoring.errors import Problem
from scoring.single_measurer import second_measurer_refusals, single_measurer_aspects

DECIDE_RACED = "the appeal or its marks changed at the same time: reload and decide again"


async def file_appeal(session: AsyncSession, actor: Actor, contest_id: int, filing: AppealFiling) -> AppealView:
    """Record a written appeal (organiser or chief judge). NotFound (404) for an unknown event, module or competitor;
    Conflict (409) when the module is not locked or the appeal window after its lock has
    closed (the message names the window)."""
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
        if refused := lock_rules.appeal_window_problems(lock, window, utcnow(), f"{filing.event_id}/{filing.module_id}"):
            raise Conflict(refused)
        assert lock is not None
        row = AppealRow(
            contest_id=contest.id, event_id=filing.event_id, module_id=filing.module_id, competitor_id=int(field.ids[position]),
            grounds=filing.grounds, appellant=filing.appellant, lock_id=lock.id, created_by=actor.username,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        audit.record(
            session, actor.username, "appeal.file", "appeal", str(row.id), contest_id=contest.id,
            after={"event_id": row.event_id, "module_id": row.module_id, "blind_code": field.codes[position],
                   "appellant": row.appellant, "grounds": row.grounds},
        )  # fmt: skip
    return (await _views(session, [row], window))[0]


async def decide_appeal(session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int, decision: AppealDecision) -> AppealView:
    """The chief judge decides an appeal, once. NotFound (404) for an unknown appeal;
    Conflict (409) if it was decided already, an upheld decision lists no correction, a
    rejected one lists any, or a correction is refused (each at `corrections[i]…`)."""
    await access.require_chief(session, contest_id, actor, "decide an appeal")
    contest, definition = await lookup.current_contest(session, contest_id)
    typed(decision)
    reason = decision.reason.strip()
    if refused := appeal_rules.decision_problems(decision.decision, reason, len(decision.corrections)):
        raise Conflict(refused)

    cid = contest.id  # a plain id: a retry's rollback expires the rows read before it

    async def attempt() -> AppealRow:
        appeal = await _appeal(session, cid, appeal_id)
        seen = await state_versions(session, cid, appeal.event_id, [appeal.module_id])
        if done := appeal_rules.decided_problem(appeal.id, await _decided(session, appeal.id)):
            raise Conflict([done])
        plans = await _corrections(session, cid, definition, appeal, decision.corrections)
        await compare_and_set(session, cid, appeal.event_id, seen)
        session.add(AppealDecisionRow(appeal_id=appeal.id, decision=decision.decision, reason=reason, created_by=actor.username))
        marks = _write_corrections(session, actor, appeal, plans, reason)
        await session.flush()  # mark ids for the links
        session.add_all(AppealCorrectionRow(appeal_id=appeal.id, mark_id=m.id) for m in marks)
        audit.record(
            session, actor.username, f"appeal.{decision.decision}", "appeal", str(appeal.id), contest_id=cid,
            before={"status": "open"}, after={"status": decision.decision, "corrections": [p.audit() for p in plans]}, reason=reason,
        )  # fmt: skip
        return appeal

    # a lost race reads again: the same appeal is then decided, another one goes through
    appeal = await retrying(session, attempt, conflict=DECIDE_RACED)
    return (await _views(session, [appeal], definition.settings.appeal_window_minutes))[0]


async def list_appeals(session: AsyncSession, actor: Actor, contest_id: int, event_id: str | None = None) -> list[AppealView]:
    """Appeals of the contest (or one event), oldest first (organiser or chief judge)."""
    access.require_role(actor, access.STAFF, "read appeals")
    contest, definition = await lookup.current_contest(session, contest_id)
    query = select(AppealRow).where(AppealRow.contest_id == contest.id)
    if event_id is not None:
        lookup.event_of(definition, event_id)
        query = query.where(AppealRow.event_id == event_id)
    rows = list(await session.scalars(query.order_by(AppealRow.id)))
    return await _views(session, rows, definition.settings.appeal_window_minutes)


async def get_appeal(session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int) -> AppealView:
    access.require_role(actor, access.STAFF, "read appeals")
    contest, definition = await lookup.current_contest(session, contest_id)
    return (await _views(session, [await _appeal(session, contest.id, appeal_id)], definition.settings.appeal_window_minutes))[0]


# ---------------------------------------------------------------- filing


def _competitor(field: DrawnField, filing: AppealFiling) -> int:
    if filing.blind_code is not None:
        position = field.by_code.get(filing.blind_code)
        if position is None:
            raise NotFound([unknown_code(filing.blind_code, filing.event_id, "blind_code")])
        return position
    position = next((k for k, a in enumerate(field.assignments) if a.competitor.employee_no == filing.employee_no), None)
    if position is None:
        raise NotFound.at("employee_no", f"no competitor {filing.employee_no!r} in the draw of event {filing.event_id!r}")
    return position


# ---------------------------------------------------------------- deciding


@dataclass(frozen=True)
class _Correction:
    """A checked correction: the next version of one judge's mark on the appealed cell."""

    judge: PanelJudge
    aspect_id: str
    cell: CellPlan

    def audit(self) -> dict:
        old = plain(self.cell.previous.value) if self.cell.previous else None
        return {
            "judge": self.judge.code,
            "aspect_id": self.aspect_id,
            "old": old,
            "new": plain(self.cell.value),
            "version": self.cell.version,
        }


async def _appeal(session: AsyncSession, contest_id: int, appeal_id: int) -> AppealRow:
    row = await session.get(AppealRow, appeal_id) if isinstance(appeal_id, int) and 1 <= appeal_id <= 2**31 - 1 else None
    if row is None or row.contest_id != contest_id:
        raise NotFound.at("appeal_id", f"no appeal {appeal_id!r} in this contest")
    return row


async def _decided(session: AsyncSession, appeal_id: int) -> Decided | None:
    done = await session.scalar(select(AppealDecisionRow).where(AppealDecisionRow.appeal_id == appeal_id))
    return Decided(done.decision, done.created_by, done.created_at) if done is not None else None


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
    rows = await current_marks(session, contest_id, appeal.event_id, appeal.module_id, competitor_ids=[appeal.competitor_id])
    current = {(r.aspect_id, r.judge_id): Version(r.value, r.version) for r in rows}
    bad = value_problems(
        module, compiled, [(i, aspects[c.aspect_id], c.value) for i, c in enumerate(corrections) if c.aspect_id in aspects]
    )
    problems: list[tuple[int, Problem]] = [(i, Problem(f"corrections[{i}].value", why)) for i, why in bad.items()]
    # one-measurer aspects: an appeal corrects the value of the judge who measured, never adds a second one
    single, codes = single_measurer_aspects(module.scheme.aspects()), {j.id: j.code for j in panel.values()}
    measured_by = {(appeal.competitor_id, r.aspect_id): codes.get(r.judge_id, str(r.judge_id)) for r in rows if r.aspect_id in single}
    batch = [(i, appeal.competitor_id, c.aspect_id, c.judge) for i, c in enumerate(corrections)]
    taken = second_measurer_refusals(single, batch, measured_by)
    problems += [(i, Problem(f"corrections[{i}].judge", why)) for i, why in taken.items()]
    plans: list[_Correction] = []
    seen: dict[tuple[str, str], int] = {}
    for i, c in enumerate(corrections):
        found = _correction_problems(f"corrections[{i}]", c, panel, aspects, seen, appeal)
        judge = panel.get(c.judge)
        if judge is not None and position is not None and recusals(definition.settings.conflict_policy, field, [judge])[position, 0]:
            found.append(Problem(f"corrections[{i}].judge", f"judge {c.judge} may not mark this competitor: conflict of interest"))
        seen.setdefault((c.judge, c.aspect_id), i)
        if found or i in bad or i in taken:
            problems += [(i, p) for p in found]
            continue
        assert judge is not None
        cell = appeal_rules.plan_correction(current.get((c.aspect_id, judge.id)), c.value, "appeal")
        if same := appeal_rules.correction_problem(f"corrections[{i}]", cell, c.judge, c.aspect_id):
            problems.append((i, same))
            continue
        plans.append(_Correction(judge, c.aspect_id, cell))
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


def _write_corrections(session: AsyncSession, actor: Actor, appeal: AppealRow, plans: list[_Correction], reason: str) -> list[MarkRow]:
    marks = [
        MarkRow(
            contest_id=appeal.contest_id, event_id=appeal.event_id, module_id=appeal.module_id, competitor_id=appeal.competitor_id,
            aspect_id=p.aspect_id, judge_id=p.judge.id, value=p.cell.value, version=p.cell.version,
            reason=f"appeal {appeal.id}: {reason}", created_by=actor.username,
        )
        for p in sorted(plans, key=lambda p: (p.aspect_id, p.judge.id))
    ]  # fmt: skip
    session.add_all(marks)
    return marks


# ---------------------------------------------------------------- views: a fixed number of queries for any number of appeals


async def _views(session: AsyncSession, appeals: Sequence[AppealRow], window: int) -> list[AppealView]:
    if not appeals:
        return []
    ids = [a.id for a in appeals]
    locks = {
        r.id: lock_event(r) for r in await session.scalars(select(ModuleLockRow).where(ModuleLockRow.id.in_({a.lock_id for a in appeals})))
    }
    decisions = {d.appeal_id: d for d in await session.scalars(select(AppealDecisionRow).where(AppealDecisionRow.appeal_id.in_(ids)))}
    codes = await _blind_codes(session, appeals)
    corrections = await _correction_views(session, appeals)
    return [
        _view(a, locks[a.lock_id], decisions.get(a.id), codes.get((a.event_id, a.competitor_id), "?"), corrections.get(a.id, []), window)
        for a in appeals
    ]


def _view(
    appeal: AppealRow, lock, decision: AppealDecisionRow | None, code: str, corrections: list[CorrectionView], window: int
) -> AppealView:
    return AppealView(
        id=appeal.id,
        event_id=appeal.event_id,
        module_id=appeal.module_id,
        blind_code=code,  # the draw is fixed once marked, and an appeal is filed on a locked (so marked) module
        grounds=appeal.grounds,
        appellant=appeal.appellant,
        filed_by=appeal.created_by,
        filed_at=appeal.created_at,
        deadline=lock_rules.appeal_deadline(lock, window) or lock.at,
        status=decision.decision if decision else "open",  # type: ignore[arg-type]
        reason=decision.reason if decision else None,
        decided_by=decision.created_by if decision else None,
        decided_at=decision.created_at if decision else None,
        corrections=corrections,
    )


async def _blind_codes(session: AsyncSession, appeals: Sequence[AppealRow]) -> dict[tuple[str, int], str]:
    """(event id, competitor id) → blind code in the event's current draw."""
    a = DrawAssignmentRow
    query = select(a.event_id, a.competitor_id, a.blind_code).where(
        a.contest_id == appeals[0].contest_id, tuple_(a.event_id, a.competitor_id).in_({(x.event_id, x.competitor_id) for x in appeals})
    )
    return {(e, c): code for e, c, code in (await session.execute(query)).all()}


async def _correction_views(session: AsyncSession, appeals: Sequence[AppealRow]) -> dict[int, list[CorrectionView]]:
    """appeal id → its mark versions with the version each replaced (one query for the cells' histories)."""
    cells = {(a.competitor_id, a.module_id) for a in appeals}
    query = (
        select(MarkRow, JudgeRow.code, AppealCorrectionRow.appeal_id)
        .join(JudgeRow, JudgeRow.id == MarkRow.judge_id)
        .outerjoin(AppealCorrectionRow, AppealCorrectionRow.mark_id == MarkRow.id)
        .where(MarkRow.contest_id == appeals[0].contest_id, tuple_(MarkRow.competitor_id, MarkRow.module_id).in_(cells))
    )
    rows = (await session.execute(query)).all()
    versions = {(m.competitor_id, m.module_id, m.aspect_id, m.judge_id, m.version): m.value for m, _, _ in rows}
    out: dict[int, list[CorrectionView]] = {}
    for m, code, linked in sorted(rows, key=lambda r: (r[0].aspect_id, r[1], r[0].version)):
        if linked is not None:
            old = versions.get((m.competitor_id, m.module_id, m.aspect_id, m.judge_id, m.version - 1))
            view = CorrectionView(
                judge=code, aspect_id=m.aspect_id, old=None if old is None else plain(old), new=plain(m.value), version=m.version
            )
            out.setdefault(linked, []).append(view)
    return out


__all__ = ["decide_appeal", "file_appeal", "get_appeal", "list_appeals"]
