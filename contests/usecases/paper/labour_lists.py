"""Labour-competition standings on paper: the period and annual standings of
`contests.usecases.labour.standings` (verified reports only) with what the printed list
needs beside them: the competition's name, the period's name and the participant kind.
Readers are those of the standings (the API guards them)."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour.definition import LabourCompetition
from contests.store.labour import LabourCompetitionRow
from contests.usecases.labour import standings, store
from contests.usecases.labour.views import AnnualRowView, PeriodRowView


class LabourList(msgspec.Struct, frozen=True, kw_only=True):
    competition: str  # its name
    what: str  # the period's name, or 年度
    kind: str  # participant_kind: team, unit, project
    period_rows: list[PeriodRowView] = []
    annual_rows: list[AnnualRowView] = []


class Printable(msgspec.Struct, frozen=True, kw_only=True):
    """A competition on the organiser's print page: its periods (id, name) to print one by one."""

    id: int
    name: str
    year: int
    periods: list[tuple[str, str]]


async def printable(session: AsyncSession) -> list[Printable]:
    """Every labour competition with its current periods, newest year first."""
    rows = await session.scalars(select(LabourCompetitionRow).order_by(LabourCompetitionRow.year.desc(), LabourCompetitionRow.id))
    found = []
    for row in rows.all():
        _, c = await store.current(session, row.id)
        found.append(Printable(id=row.id, name=c.name, year=c.year, periods=[(p.id, p.name) for p in c.periods]))
    return found


async def period_list(session: AsyncSession, competition_id: int, period: str) -> LabourList:
    """A period's standings (404 for an unknown competition or period)."""
    view = await standings.period_standings(session, competition_id, period)
    _, c = await store.current(session, competition_id)
    rows = [msgspec.structs.replace(r, unit=_unit_name(c, r.unit)) for r in view.rows]
    return LabourList(competition=c.name, what=view.name, kind=c.participant_kind, period_rows=rows)


async def annual_list(session: AsyncSession, competition_id: int) -> LabourList:
    view = await standings.annual_standings(session, competition_id)
    _, c = await store.current(session, competition_id)
    rows = [msgspec.structs.replace(r, unit=_unit_name(c, r.unit)) for r in view.rows]
    return LabourList(competition=c.name, what=f"{c.year}年度", kind=c.participant_kind, annual_rows=rows)


def _unit_name(c: LabourCompetition, code: str) -> str:
    """A notice board names the unit (炼钢厂), not its code (U01); the code when none is declared."""
    return next((u.name for u in c.units if u.code == code), code)


__all__ = ["LabourList", "Printable", "annual_list", "period_list", "printable"]
