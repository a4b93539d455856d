"""Plans (计划) per participant per period, for the completion indicators (scored against
the participant's own plan).

Setting a plan appends version n+1; nothing is overwritten. Once a report of that
participant and period exists, a changed plan needs a reason (an appeal is usually about the
plan): without one it is refused (409), with one it is stored and audited with the reason.
Only the organiser sets plans. A whole period's plans are imported by `period_import`.
"""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.labour.definition import LabourCompetition
from contests.store.labour import LabourCompetitionRow, LabourPlanRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.views import PlanRequest, PlanView
from scoring.errors import Problem, RuleError
from scoring.kpi import KIND_COMPLETION


class PlanError(RuleError):
    """A plan that does not fit the competition (→ 400)."""


async def set_plan(session: AsyncSession, actor: Actor, competition_id: int, request: PlanRequest) -> PlanView:
    """Append a plan version (see the module docstring)."""
    require_role(actor, (ORGANISER,), "set plans")
    row, c = await store.current(session, competition_id)
    problems = plan_problems(c, request)
    if problems:
        raise PlanError(problems)
    clash = f"the plan of {request.participant!r} for {request.period!r} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        plan = await write_plan(session, actor, row, request)
    return plan_view(plan)


def plan_problems(c: LabourCompetition, request: PlanRequest, prefix: str = "") -> list[Problem]:
    """Unknown participant, period or indicator; a plan for a non-completion indicator; a plan of 0."""
    problems = []
    if request.participant not in {p.id for p in c.participants}:
        problems.append(Problem(f"{prefix}participant", f"no participant {request.participant!r} in competition {c.id!r}"))
    if c.period_index(request.period) is None:
        problems.append(Problem(f"{prefix}period", f"no period {request.period!r} in competition {c.id!r}"))
    planned = {i.id for i in c.indicators if i.kind == KIND_COMPLETION}
    for key, value in request.plans.items():
        if key not in planned:
            problems.append(
                Problem(f"{prefix}plans.{key}", f"not a completion indicator (plans are set for: {', '.join(sorted(planned))})")
            )
        elif not math.isfinite(value) or value <= 0:
            problems.append(Problem(f"{prefix}plans.{key}", "a plan is a number above 0 (completion is actual / plan)"))
    if not request.plans:
        problems.append(Problem(f"{prefix}plans", "give the plan of at least one completion indicator"))
    return problems


async def write_plan(session: AsyncSession, actor: Actor, competition: LabourCompetitionRow, request: PlanRequest, path: str = "reason"):
    """Add the next plan version and its audit entry (the caller commits)."""
    last = await _latest(session, competition.id, request.participant, request.period)
    before = store.decode(last.figures) if last is not None else None
    if before == dict(request.plans):
        return last  # the same plan again: nothing changes, nothing to record
    reported = await store.report_row(session, competition.id, request.participant, request.period)
    if reported is not None and request.reason is None:
        raise Conflict.at(path, f"{request.participant!r} has reported {request.period!r}: a changed plan needs a reason")
    plan = LabourPlanRow(
        competition_id=competition.id, participant=request.participant, period=request.period,
        version=(last.version + 1) if last is not None else 1, figures=store.encode(dict(request.plans)), reason=request.reason,
        created_by=actor.username,
    )  # fmt: skip
    session.add(plan)
    await session.flush()
    key = f"{competition.slug}/{request.period}/{request.participant}"
    audit.record(
        session, actor.username, "labour.plan.set", "labour_plan", key, before=before, after=dict(request.plans), reason=request.reason
    )
    return plan


async def plan_history(session: AsyncSession, competition_id: int, participant: str, period: str) -> list[PlanView]:
    """Every version of the plan, oldest first."""
    row = await store.competition_row(session, competition_id)
    query = select(LabourPlanRow).where(
        LabourPlanRow.competition_id == row.id, LabourPlanRow.participant == participant, LabourPlanRow.period == period
    )
    return [plan_view(p) for p in await session.scalars(query.order_by(LabourPlanRow.version))]


async def _latest(session: AsyncSession, competition_id: int, participant: str, period: str) -> LabourPlanRow | None:
    where = (LabourPlanRow.competition_id == competition_id, LabourPlanRow.participant == participant, LabourPlanRow.period == period)
    newest = select(func.max(LabourPlanRow.version)).where(*where).scalar_subquery()
    return await session.scalar(select(LabourPlanRow).where(*where, LabourPlanRow.version == newest))


def plan_view(p: LabourPlanRow) -> PlanView:
    return PlanView(
        participant=p.participant, period=p.period, version=p.version, plans=store.decode(p.figures), reason=p.reason,
        created_by=p.created_by, created_at=p.created_at,
    )  # fmt: skip


__all__ = ["PlanError", "plan_history", "plan_problems", "plan_view", "set_plan", "write_plan"]
