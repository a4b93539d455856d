"""Reopening a period for one participant (重新开放报送): under the "refuse" late policy a
first report after the deadline (plus grace days) is refused; the organiser may then reopen
that period for that participant, with the reason. From then on its report is taken, marked
late with the reason (`lateness.decide_late`); other participants stay refused.

Reopening is refused (409) when there is nothing to reopen: the period's report of that
participant exists already, or a report sent today would be taken anyway (before the
deadline, or a policy that takes late reports). Once per participant and period; written
with its audit entry in one transaction.
"""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.fields import Code
from contests.labour.periods import late_decision
from contests.store.labour import LabourReopeningRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import reports, store
from contests.usecases.labour.views import Reason


class ReopenRequest(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    participant: Code
    period: Code
    reason: Reason


class ReopeningView(msgspec.Struct, kw_only=True, frozen=True):
    participant: str
    period: str
    reason: str
    created_by: str
    created_at: dt.datetime


async def reopen_period(
    session: AsyncSession, actor: Actor, competition_id: int, request: ReopenRequest, *, today: dt.date | None = None
) -> ReopeningView:
    require_role(actor, (ORGANISER,), "reopen a period")
    row, c = await store.current(session, competition_id)
    store.participant_of(c, request.participant)
    period = store.period_of(c, request.period)
    decision = late_decision(c.late, period, today or reports.china_today())
    if decision.accepted:
        raise Conflict.at(
            "period", f"a report of {request.participant!r} for {period.id!r} is taken today ({decision.note}): nothing to reopen"
        )
    taken = f"period {period.id!r} is already reopened for {request.participant!r}"
    async with transaction(session, conflict=taken, path="participant"):
        if await store.report_row(session, row.id, request.participant, period.id) is not None:
            raise Conflict.at("participant", f"{request.participant!r} has a report for {period.id!r} already: nothing to reopen")
        new = LabourReopeningRow(
            competition_id=row.id, participant=request.participant, period=period.id, reason=request.reason, created_by=actor.username
        )
        session.add(new)
        await session.flush()
        audit.record(
            session, actor.username, "labour.period.reopen", "labour_reopening", f"{row.slug}/{period.id}/{request.participant}",
            before={"late": decision.note}, after={"reopened": True}, reason=request.reason,
        )  # fmt: skip
    return _view(new)


async def list_reopenings(session: AsyncSession, actor: Actor, competition_id: int) -> list[ReopeningView]:
    require_role(actor, (ORGANISER,), "read the reopenings")
    row = await store.competition_row(session, competition_id)
    query = select(LabourReopeningRow).where(LabourReopeningRow.competition_id == row.id).order_by(LabourReopeningRow.id)
    return [_view(r) for r in await session.scalars(query)]


def _view(r: LabourReopeningRow) -> ReopeningView:
    return ReopeningView(participant=r.participant, period=r.period, reason=r.reason, created_by=r.created_by, created_at=r.created_at)


__all__ = ["ReopenRequest", "ReopeningView", "list_reopenings", "reopen_period"]
