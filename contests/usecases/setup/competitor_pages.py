"""A page of a contest's competitors in registration order, and how many there are in all.

Plain columns with OFFSET / LIMIT in the database: a national field of 100,000 is neither
loaded as ORM objects nor sent whole to read the first hundred. `people.list_competitors`
stays the whole list (the same order, the same values).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.people import Competitor
from contests.store.models import CompetitorRow, TeamRow, UnitRow
from contests.usecases.core import lookup


async def competitor_page(session: AsyncSession, contest_id: int, offset: int, limit: int | None) -> tuple[list[Competitor], int]:
    """(the competitors from `offset`, at most `limit` of them, in registration order; the
    contest's number of competitors). NotFound (404) for an unknown contest."""
    contest = await lookup.contest_row(session, contest_id)
    c = CompetitorRow
    query = (
        select(c.employee_no, c.name, UnitRow.code, TeamRow.code, c.event_id)
        .join(UnitRow, UnitRow.id == c.unit_id)
        .outerjoin(TeamRow, TeamRow.id == c.team_id)
        .where(c.contest_id == contest.id)
        .order_by(c.id)
        .offset(offset)
        .limit(limit)
    )
    page = [
        Competitor(employee_no=no, name=name, unit=unit, team=team, event=event)
        for no, name, unit, team, event in (await session.execute(query)).all()
    ]
    total = await session.scalar(select(func.count(c.id)).where(c.contest_id == contest.id))
    return page, int(total or 0)


__all__ = ["competitor_page"]
