"""Loading labour competitions, their current definition, reporters, plans, reports and
panel marks for the labour use-cases; missing records raise NotFound naming the field.
Children are loaded for a whole batch in one query each, never per report."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour.definition import LabourCompetition, decode_labour
from contests.store.labour import (
    LabourCompetitionRow,
    LabourInspectionRow,
    LabourPlanRow,
    LabourReportEventRow,
    LabourReportRow,
    LabourReportVersionRow,
    LabourVersionRow,
)
from contests.usecases.core import lookup
from contests.usecases.core.errors import NotFound
from contests.usecases.labour.views import ReportEventView, ReportVersionView, ReportView


async def competition_row(session: AsyncSession, competition_id: int) -> LabourCompetitionRow:
    return await lookup.row_by_id(session, LabourCompetitionRow, competition_id, "competition")


async def version_row(session: AsyncSession, competition: LabourCompetitionRow, version: int | None = None) -> LabourVersionRow:
    return await lookup.versioned_row(session, LabourVersionRow, competition, version, "competition")


def definition(row: LabourVersionRow) -> LabourCompetition:
    # stored definitions were validated when written; decoding checks types only
    return decode_labour(row.definition, "json", validate=False)


async def current(session: AsyncSession, competition_id: int) -> tuple[LabourCompetitionRow, LabourCompetition]:
    competition = await competition_row(session, competition_id)
    return competition, definition(await version_row(session, competition))


def period_of(c: LabourCompetition, period: str, path: str = "period"):
    index = c.period_index(period)
    if index is None:
        raise NotFound.at(path, f"no period {period!r} in competition {c.id!r} (known: {', '.join(p.id for p in c.periods)})")
    return c.periods[index]


def participant_of(c: LabourCompetition, participant: str, path: str = "participant"):
    found = next((p for p in c.participants if p.id == participant), None)
    if found is None:
        raise NotFound.at(path, f"no participant {participant!r} in competition {c.id!r}")
    return found


def encode(value) -> str:
    return msgspec.json.encode(value).decode("utf-8")


def decode(text: str) -> dict:
    return msgspec.json.decode(text)


async def latest_plans(session: AsyncSession, competition_id: int, period: str | None = None) -> dict[tuple[str, str], LabourPlanRow]:
    """The current plan version of every (participant, period) that has one."""
    newest = (
        select(LabourPlanRow.participant, LabourPlanRow.period, func.max(LabourPlanRow.version).label("v"))
        .where(LabourPlanRow.competition_id == competition_id)
        .group_by(LabourPlanRow.participant, LabourPlanRow.period)
    )
    if period is not None:
        newest = newest.where(LabourPlanRow.period == period)
    sub = newest.subquery()
    query = select(LabourPlanRow).join(
        sub, (LabourPlanRow.participant == sub.c.participant) & (LabourPlanRow.period == sub.c.period) & (LabourPlanRow.version == sub.c.v)
    )
    rows = await session.scalars(query.where(LabourPlanRow.competition_id == competition_id))
    return {(r.participant, r.period): r for r in rows}


async def latest_inspections(session: AsyncSession, competition_id: int) -> list[LabourInspectionRow]:
    keys = (LabourInspectionRow.participant, LabourInspectionRow.period, LabourInspectionRow.indicator)
    sub = (
        select(*keys, func.max(LabourInspectionRow.version).label("v"))
        .where(LabourInspectionRow.competition_id == competition_id)
        .group_by(*keys)
        .subquery()
    )
    on = (
        (LabourInspectionRow.participant == sub.c.participant)
        & (LabourInspectionRow.period == sub.c.period)
        & (LabourInspectionRow.indicator == sub.c.indicator)
        & (LabourInspectionRow.version == sub.c.v)
    )
    query = select(LabourInspectionRow).join(sub, on).where(LabourInspectionRow.competition_id == competition_id)
    return list((await session.scalars(query)).all())


async def report_row(session: AsyncSession, competition_id: int, participant: str, period: str) -> LabourReportRow | None:
    query = select(LabourReportRow).where(
        LabourReportRow.competition_id == competition_id, LabourReportRow.participant == participant, LabourReportRow.period == period
    )
    return await session.scalar(query)


async def report_rows(
    session: AsyncSession, competition_id: int, *, period: str | None = None, states: Sequence[str] = (), units: Sequence[str] | None = None
) -> list[LabourReportRow]:
    query = select(LabourReportRow).where(LabourReportRow.competition_id == competition_id)
    if period is not None:
        query = query.where(LabourReportRow.period == period)
    if states:
        query = query.where(LabourReportRow.state.in_(list(states)))
    if units is not None:
        query = query.where(LabourReportRow.unit.in_(list(units)))
    return list((await session.scalars(query.order_by(LabourReportRow.id))).all())


async def current_versions(session: AsyncSession, reports: Sequence[LabourReportRow]) -> dict[int, LabourReportVersionRow]:
    """The current figures version of each report."""
    if not reports:
        return {}
    wanted = {r.id: r.current_version for r in reports}
    query = select(LabourReportVersionRow).where(LabourReportVersionRow.report_id.in_(list(wanted)))
    return {v.report_id: v for v in await session.scalars(query) if wanted[v.report_id] == v.version}


async def report_view(session: AsyncSession, row: LabourReportRow) -> ReportView:
    return (await report_views(session, [row]))[0]


async def report_views(session: AsyncSession, rows: Sequence[LabourReportRow]) -> list[ReportView]:
    """Views of a batch of reports: their versions and events in one query each."""
    ids = [r.id for r in rows]
    versions: dict[int, list] = {i: [] for i in ids}
    events: dict[int, list] = {i: [] for i in ids}
    if ids:
        query = select(LabourReportVersionRow).where(LabourReportVersionRow.report_id.in_(ids))
        for v in await session.scalars(query.order_by(LabourReportVersionRow.version)):
            versions[v.report_id].append(v)
        query = select(LabourReportEventRow).where(LabourReportEventRow.report_id.in_(ids))
        for e in await session.scalars(query.order_by(LabourReportEventRow.seq)):
            events[e.report_id].append(e)
    return [_view(r, versions[r.id], events[r.id]) for r in rows]


def _view(row: LabourReportRow, versions: list, events: list) -> ReportView:
    return ReportView(
        id=row.id, participant=row.participant, period=row.period, unit=row.unit, state=row.state,  # type: ignore[arg-type]
        version=row.current_version, first_reported_on=row.first_reported_on,
        versions=[version_view(v) for v in versions],
        history=[
            ReportEventView(seq=e.seq, action=e.action, from_state=e.from_state, to_state=e.to_state, version=e.version,
                            actor=e.actor, reason=e.reason, at=e.at)
            for e in events
        ],
    )  # fmt: skip


def version_view(v: LabourReportVersionRow) -> ReportVersionView:
    figures = decode(v.figures)
    return ReportVersionView(
        version=v.version, actuals=figures["actuals"], facts=figures["facts"], note=v.note, days_late=v.days_late,
        late_deduction=figures["late_deduction"], late_note=v.late_note, submitted_by=v.submitted_by, submitted_at=v.submitted_at,
    )  # fmt: skip


async def next_seq(session: AsyncSession, report_id: int) -> int:
    last = await session.scalar(select(func.max(LabourReportEventRow.seq)).where(LabourReportEventRow.report_id == report_id))
    return (last or 0) + 1


__all__ = [
    "competition_row",
    "current",
    "current_versions",
    "decode",
    "definition",
    "encode",
    "latest_inspections",
    "latest_plans",
    "next_seq",
    "participant_of",
    "period_of",
    "report_row",
    "report_rows",
    "report_view",
    "report_views",
    "version_row",
    "version_view",
]
