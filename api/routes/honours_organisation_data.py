"""优秀组织奖 computed from biwu's own data: the skills contest and/or labour competition the
title's formula names give each unit's participation, awards and on-time work; the
computation is shown per unit with the figures each term came from. Rules:
contests.honours.organisation_figures, contests.usecases.honours.organisation_data.
The latest computation (from data or from the request) is read with GET …/organisation.
"""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, allow
from api.bodies import strict_body
from api.routes.honours import RoundId, TitleId
from contests.usecases.honours import organisation_data
from contests.usecases.honours.organisation_data import OrganisationDataBody
from contests.usecases.honours.views import OrganisationView


class HonoursOrganisationDataController(Controller):
    path = "/honours/{round_id:int}/titles/{title_id:str}/organisation"
    tags = ["honours"]

    @post("/from-data", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def from_data(
        self,
        round_id: RoundId,
        title_id: TitleId,
        data: RequestBody[OrganisationDataBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> OrganisationView:
        """优秀组织奖 from the named contest's and competition's data: per unit, competitors ÷ the
        round's headcount, awards in the latest published results weighted by the formula,
        registration before the draw and labour reports by their deadlines; the quota and
        threshold applied; stored as the next version with each unit's figures. `records`
        gives figures for units biwu has no data for only (`{}` when none). Roles: organiser."""
        return await organisation_data.compute_from_data(session, request.user, round_id, title_id, await strict_body(request, data))


__all__ = ["HonoursOrganisationDataController"]
