"""Appeals (申诉 / 仲裁) and unblinding (解密).

An appeal is filed about one competitor in one module of an event, while the module is
locked and within the contest's window after the lock; it is decided once, by the chief
judge. Appeal ids are numbered per service, so an appeal is read and decided at
/contests/{id}/appeals/{appeal_id} whatever its event. Appeals name competitors by blind
code, as marks do.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import CHIEF, STAFF, allow
from api.routes.params import ContestId, EventId
from contests.fields import INT32_MAX
from contests.usecases.judging import appeals as appeals_uc
from contests.usecases.judging import unblinding as unblinding_uc
from contests.usecases.judging.requests import AppealDecision, EventAppeal
from contests.usecases.judging.views import AppealView, UnblindView

AppealId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Appeal id (from POST …/appeals)")]


class EventAppealController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}"
    tags = ["appeals"]

    @post("/appeals", guards=[allow(*STAFF)], responses=problems.WRITE)
    async def file_appeal(
        self,
        contest_id: ContestId,
        event_id: EventId,
        data: RequestBody[EventAppeal],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> AppealView:
        """Record a written appeal. 409 when the module is not locked or its appeal window
        (default 2 hours after the lock) has closed. Roles: organiser, chief judge."""
        return await appeals_uc.file_appeal(session, request.user, contest_id, data.in_event(event_id))

    @get("/appeals", guards=[allow(*STAFF)], responses=problems.READ)
    async def list_appeals(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[AppealView]:
        """The event's appeals, oldest first, with decisions and corrections. Roles: organiser, chief judge."""
        return await appeals_uc.list_appeals(session, request.user, contest_id, event_id)

    @post("/unblind", guards=[allow(CHIEF)], responses=problems.WRITE)
    async def unblind(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> UnblindView:
        """Open the event's code → name table, once every module is locked (audited; once only).
        From then on sheets and rankings carry names and no module can be unlocked.
        Roles: chief judge."""
        return await unblinding_uc.unblind_event(session, request.user, contest_id, event_id)


class AppealController(Controller):
    path = "/contests/{contest_id:int}/appeals/{appeal_id:int}"
    tags = ["appeals"]

    @get("/", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_appeal(
        self, contest_id: ContestId, appeal_id: AppealId, session: NamedDependency[AsyncSession], request: Request
    ) -> AppealView:
        """One appeal. Roles: organiser, chief judge."""
        return await appeals_uc.get_appeal(session, request.user, contest_id, appeal_id)

    @post("/decision", guards=[allow(CHIEF)], responses=problems.WRITE)
    async def decide_appeal(
        self,
        contest_id: ContestId,
        appeal_id: AppealId,
        data: RequestBody[AppealDecision],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> AppealView:
        """Decide an appeal, once: `upheld` with the corrections it makes (new versions of panel
        judges' marks, written although the module is locked, linked to the appeal) or
        `rejected` with none; a reason always. 409 for a second decision. Roles: chief judge."""
        return await appeals_uc.decide_appeal(session, request.user, contest_id, appeal_id, data)
