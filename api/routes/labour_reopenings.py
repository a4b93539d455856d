"""Reopening a period for one participant after a refused late report (重新开放报送).

Under the "refuse" late policy a first report after the deadline is refused (409). The
organiser may reopen that period for that participant with a reason (audited); its report is
then taken, marked late with the reason. Rules: contests.usecases.labour.reopenings.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, allow
from api.routes.labour import CompetitionId
from contests.usecases.labour import reopenings as uc
from contests.usecases.labour.reopenings import ReopeningView, ReopenRequest


class LabourReopeningController(Controller):
    path = "/labour/{competition_id:int}/reopenings"
    tags = ["labour competitions"]

    @post("/", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def reopen(
        self, competition_id: CompetitionId, data: RequestBody[ReopenRequest], session: NamedDependency[AsyncSession], request: Request
    ) -> ReopeningView:
        """Reopen a period for one participant after its deadline, with the reason: a report the
        late policy refuses is then taken, marked late. 409 when there is nothing to reopen (a report
        exists, or one sent today would be taken) or it is reopened already. Roles: organiser."""
        return await uc.reopen_period(session, request.user, competition_id, data)

    @get("/", guards=[allow(ORGANISER)], responses=problems.READ)
    async def list_reopenings(
        self, competition_id: CompetitionId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[ReopeningView]:
        """Every reopening of the competition, with its reason, who and when. Roles: organiser."""
        return await uc.list_reopenings(session, request.user, competition_id)


__all__ = ["LabourReopeningController"]
