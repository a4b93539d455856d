"""Whether a report is taken: the competition's late policy (`contests.labour.periods.
late_decision`) on the day of the first submission, unless the organiser reopened the
period for that participant (`reopenings`): then a report the policy would refuse is taken,
marked late, with the organiser's reason in the note (no points off: "refuse" declares none)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour.definition import LabourCompetition
from contests.labour.periods import LateDecision, Period, late_decision
from contests.store.labour import LabourReopeningRow


async def reopening(session: AsyncSession, competition_id: int, participant: str, period: str) -> LabourReopeningRow | None:
    query = select(LabourReopeningRow).where(
        LabourReopeningRow.competition_id == competition_id,
        LabourReopeningRow.participant == participant,
        LabourReopeningRow.period == period,
    )
    return await session.scalar(query)


async def decide_late(
    session: AsyncSession, competition_id: int, c: LabourCompetition, period: Period, participant: str, first_day: dt.date
) -> LateDecision:
    decision = late_decision(c.late, period, first_day)
    if decision.accepted:
        return decision
    reopened = await reopening(session, competition_id, participant, period.id)
    if reopened is None:
        return decision
    note = f"截止 {period.report_deadline.isoformat()}，迟报{decision.days_late}天：组委会已重新开放（{reopened.reason}）/ reopened by the organiser"
    return LateDecision(decision.days_late, True, True, 0.0, note)


__all__ = ["decide_late", "reopening"]
