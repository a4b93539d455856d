"""Which labour competitions a login may open, and the plans a unit reporter reads, for the
screens (api/screens/labour): the organiser and viewers see every competition; a unit
reporter sees the competitions it reports for, with its unit, and its own unit's plans only.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.store.labour import LabourCompetitionRow, LabourReporterRow
from contests.usecases.labour import store
from contests.usecases.labour.reporters import REPORTER, reporter_unit


class CompetitionEntry(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    year: int
    unit: str | None = None  # the unit a reporter reports for (None: every unit)


async def list_competitions(session: AsyncSession) -> list[CompetitionEntry]:
    """Every labour competition, newest year first."""
    query = select(LabourCompetitionRow).order_by(LabourCompetitionRow.year.desc(), LabourCompetitionRow.id)
    return [CompetitionEntry(id=r.id, slug=r.slug, name=r.name, year=r.year) for r in await session.scalars(query)]


async def reporting_for(session: AsyncSession, actor: Actor) -> list[CompetitionEntry]:
    """The competitions an employee login reports for, each with its unit (none for other roles)."""
    if actor.role != REPORTER:
        return []
    query = (
        select(LabourCompetitionRow, LabourReporterRow.unit)
        .join(LabourReporterRow, LabourReporterRow.competition_id == LabourCompetitionRow.id)
        .where(LabourReporterRow.username == actor.username)
        .order_by(LabourCompetitionRow.year.desc(), LabourCompetitionRow.id)
    )
    return [CompetitionEntry(id=r.id, slug=r.slug, name=r.name, year=r.year, unit=unit) for r, unit in await session.execute(query)]


async def plans_of_period(session: AsyncSession, actor: Actor, competition_id: int, period: str) -> dict[str, dict[str, float]]:
    """participant → its current plan for `period`, for the participants the login may report
    for (the organiser: all; a reporter: its own unit's)."""
    row, c = await store.current(session, competition_id)
    unit = await reporter_unit(session, row.id, actor)
    store.period_of(c, period)
    unit_of = {p.id: p.unit for p in c.participants}
    plans = await store.latest_plans(session, row.id, period)
    return {t: store.decode(plan.figures) for (t, _), plan in plans.items() if unit is None or unit_of.get(t) == unit}


__all__ = ["CompetitionEntry", "list_competitions", "plans_of_period", "reporting_for"]
