"""The inspection panel's marks (检查评分) of judged indicators (e.g. 赛精神 or site
civilisation), entered by the organiser per participant and period, one mark per inspector.
They are combined by the indicator's own aggregation (mean, trimmed mean …) in the engine.
Every version is kept; a changed set of marks needs a reason; each is audited.
"""

from __future__ import annotations

import math

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.store.labour import LabourInspectionRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.reports import ReportError
from contests.usecases.labour.views import InspectionRequest
from scoring.kpi import KIND_JUDGED


async def record_marks(session: AsyncSession, actor: Actor, competition_id: int, request: InspectionRequest) -> int:
    """Append the panel's marks; returns the version written."""
    require_role(actor, (ORGANISER,), "record inspection marks")
    row, c = await store.current(session, competition_id)
    store.participant_of(c, request.participant)
    store.period_of(c, request.period)
    ind = next((i for i in c.indicators if i.id == request.indicator), None)
    if ind is None or ind.kind != KIND_JUDGED:
        judged = ", ".join(i.id for i in c.indicators if i.kind == KIND_JUDGED) or "none"
        raise ReportError.at("indicator", f"{request.indicator!r} is not an indicator marked by the panel (those are: {judged})")
    for k, mark in enumerate(request.marks):
        if not math.isfinite(mark) or mark > ind.rule.max_mark:
            raise ReportError.at(f"marks[{k}]", f"a mark is from 0 to {ind.rule.max_mark:g}")
    where = (
        LabourInspectionRow.competition_id == row.id, LabourInspectionRow.participant == request.participant,
        LabourInspectionRow.period == request.period, LabourInspectionRow.indicator == request.indicator,
    )  # fmt: skip
    clash = "the panel's marks were changed at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        last = await session.scalar(select(func.max(LabourInspectionRow.version)).where(*where)) or 0
        if last and request.reason is None:
            raise Conflict.at("reason", "the panel's marks are already recorded: a change needs a reason")
        session.add(
            LabourInspectionRow(
                competition_id=row.id, participant=request.participant, period=request.period, indicator=request.indicator,
                version=last + 1, marks=store.encode(list(request.marks)), reason=request.reason, created_by=actor.username,
            )
        )  # fmt: skip
        key = f"{row.slug}/{request.period}/{request.participant}/{request.indicator}"
        audit.record(
            session,
            actor.username,
            "labour.marks.record",
            "labour_inspection",
            key,
            after=msgspec.to_builtins(request),
            reason=request.reason,
        )
    return last + 1


__all__ = ["record_marks"]
