"""Judges of a contest and the panel (裁判组) of each module.

Setting a panel is where conflicts of interest are enforced: the use-case records, per judge,
the competitors they may not mark (same unit, unless the contest's conflict policy is "none")
and refuses a panel the declared size or the aggregation cannot work with (409).
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import SETUP, STAFF, allow
from api.routes.params import Code, ContestId, EventId, ModuleId
from contests.fields import Code as CodeField
from contests.people import Judge
from contests.usecases.setup import judges as uc
from contests.usecases.setup.views import PanelView

LoginName = Annotated[
    str | None,
    QueryParameter(min_length=3, max_length=64, pattern="^[A-Za-z0-9_.\\-]{3,64}(?![\\s\\S])", description="The judge's login account"),
]


class PanelRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The judges of one module's panel, by judge code, in seat order."""

    judges: Annotated[list[CodeField], msgspec.Meta(min_length=1, max_length=100)]


class JudgeController(Controller):
    path = "/contests/{contest_id:int}/judges"
    tags = ["judges"]

    @get("/", guards=[allow(*STAFF)], responses=problems.READ)
    async def list_judges(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> list[Judge]:
        """Judges (裁判) with their units. Roles: organiser, chief judge."""
        return await uc.list_judges(session, contest_id)

    @post("/", guards=[allow(*SETUP)], responses=problems.WRITE)
    async def add_judge(
        self,
        contest_id: ContestId,
        data: RequestBody[Judge],
        session: NamedDependency[AsyncSession],
        request: Request,
        username: LoginName = None,
    ) -> Judge:
        """Register a judge of a registered unit; `username` links the login account the judge
        will mark with. Roles: organiser."""
        return await uc.add_judge(session, request.user, contest_id, data, username=username)

    @get("/{code:str}", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_judge(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession]) -> Judge:
        """One judge. Roles: organiser, chief judge."""
        return await uc.get_judge(session, contest_id, code)

    @put("/{code:str}", guards=[allow(*SETUP)], responses=problems.WRITE)
    async def update_judge(
        self,
        contest_id: ContestId,
        code: Code,
        data: RequestBody[Judge],
        session: NamedDependency[AsyncSession],
        request: Request,
        username: LoginName = None,
    ) -> Judge:
        """Replace a judge's record and account link (the body may rename the code); their unit
        is fixed once they have marked (409). Roles: organiser."""
        return await uc.update_judge(session, request.user, contest_id, code, data, username=username)

    @delete("/{code:str}", guards=[allow(*SETUP)], responses=problems.WRITE)
    async def delete_judge(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession], request: Request) -> None:
        """Remove a judge who sits on no panel (409 otherwise). Roles: organiser."""
        await uc.delete_judge(session, request.user, contest_id, code)


class PanelController(Controller):
    path = "/contests/{contest_id:int}"
    tags = ["panels"]

    @get("/panels", guards=[allow(*STAFF)], responses=problems.READ)
    async def list_panels(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> list[PanelView]:
        """Every panel of the contest with its recusals. Roles: organiser, chief judge."""
        return await uc.list_panels(session, contest_id)

    @get("/events/{event_id:str}/modules/{module_id:str}/panel", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_panel(
        self, contest_id: ContestId, event_id: EventId, module_id: ModuleId, session: NamedDependency[AsyncSession]
    ) -> PanelView:
        """One module's panel and who is recused from whom. Roles: organiser, chief judge."""
        return await uc.get_panel(session, contest_id, event_id, module_id)

    @put("/events/{event_id:str}/modules/{module_id:str}/panel", guards=[allow(*STAFF)], responses=problems.WRITE)
    async def set_panel(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        data: RequestBody[PanelRequest],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> PanelView:
        """Set (replace) a module's panel; conflicts of interest become recusals. Roles: organiser, chief judge."""
        return await uc.set_panel(session, request.user, contest_id, event_id, module_id, data.judges)
