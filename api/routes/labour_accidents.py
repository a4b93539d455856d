"""Safety-accident records (安全事故记录) of a labour competition (安康杯): record, correct or
withdraw (a new version with the reason), list, read one's versions. The honours accident bar
reads them. Rules: contests.labour.accidents, contests.usecases.labour.accidents.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, VIEWER, allow
from api.bodies import strict_body
from api.routes.labour import CompetitionId
from contests.fields import INT32_MAX
from contests.labour.accidents import AccidentReport
from contests.usecases.labour import accidents as uc
from contests.usecases.labour.accidents import AccidentCorrection, AccidentHistoryView, AccidentView

AccidentNumber = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Accident number within the competition (1, 2, …)")]
Withdrawn = Annotated[bool, QueryParameter(description="true: list withdrawn records too")]


class LabourAccidentController(Controller):
    path = "/labour/{competition_id:int}/accidents"
    tags = ["labour competitions"]

    @post("/", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def record(
        self, competition_id: CompetitionId, data: RequestBody[AccidentReport], session: NamedDependency[AsyncSession], request: Request
    ) -> AccidentView:
        """Record a safety accident: unit (team, person optional), day, severity 轻伤/重伤/死亡,
        description, reporter. 409 naming the field when the unit or team is not the
        competition's or the day is in the future. Roles: organiser."""
        return await uc.record_accident(session, request.user, competition_id, await strict_body(request, data))

    @get("/", guards=[allow(ORGANISER, VIEWER)], responses=problems.READ)
    async def list_accidents(
        self, competition_id: CompetitionId, session: NamedDependency[AsyncSession], request: Request, withdrawn: Withdrawn = False
    ) -> list[AccidentView]:
        """The standing version of every accident, by number. Roles: organiser, viewer."""
        return await uc.list_accidents(session, request.user, competition_id, withdrawn=withdrawn)

    @get("/{number:int}", guards=[allow(ORGANISER, VIEWER)], responses=problems.READ)
    async def get_accident(
        self, competition_id: CompetitionId, number: AccidentNumber, session: NamedDependency[AsyncSession], request: Request
    ) -> AccidentHistoryView:
        """One accident: the version that stands and every version with its reason. Roles: organiser, viewer."""
        return await uc.get_accident(session, request.user, competition_id, number)

    @post("/{number:int}/versions", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def correct(
        self,
        competition_id: CompetitionId,
        number: AccidentNumber,
        data: RequestBody[AccidentCorrection],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> AccidentView:
        """Correct an accident record (all its facts again, with the reason), or withdraw it
        (`withdrawn: true`, with the reason): version n+1; nothing is overwritten. Roles: organiser."""
        return await uc.correct_accident(session, request.user, competition_id, number, await strict_body(request, data))


__all__ = ["LabourAccidentController"]
