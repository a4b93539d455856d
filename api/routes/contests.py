"""Contest definitions: create, list, read (any version), add a version.

The body is a `contests.definition.Contest` in JSON, or the same definition as TOML with
`Content-Type: application/toml` (what `examples/*.toml` hold).
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EVERYONE, SETUP, allow
from api.routes.params import ContestId, Version
from contests.definition import Contest
from contests.usecases.setup import contests as uc
from contests.usecases.setup.views import ContestSummary, ContestView

_TOML_NOTE = "\n\nThe body may also be sent as TOML with `Content-Type: application/toml`."


class ContestController(Controller):
    path = "/contests"
    tags = ["contests"]

    @post("/", guards=[allow(*SETUP)], responses=problems.WRITE, description="Define a contest. Roles: organiser." + _TOML_NOTE)
    async def create_contest(self, data: RequestBody[Contest], session: NamedDependency[AsyncSession], request: Request) -> ContestView:
        return await uc.create_contest(session, request.user, data)

    @get("/", guards=[allow(*EVERYONE)], responses=problems.READ)
    async def list_contests(self, session: NamedDependency[AsyncSession]) -> list[ContestSummary]:
        """Every contest with its latest version. Roles: organiser, chief judge, judge, viewer."""
        return await uc.list_contests(session)

    @get("/{contest_id:int}", guards=[allow(*EVERYONE)], responses=problems.READ)
    async def get_contest(self, contest_id: ContestId, session: NamedDependency[AsyncSession], version: Version = None) -> ContestView:
        """A contest's definition, the latest version unless `version` is given. Roles: all."""
        return await uc.get_contest(session, contest_id, version)

    @post(
        "/{contest_id:int}/versions",
        guards=[allow(*SETUP)],
        responses=problems.WRITE,
        description="Store a new version of the definition; refused with 409 once marking has started. Roles: organiser." + _TOML_NOTE,
    )
    async def new_version(
        self, contest_id: ContestId, data: RequestBody[Contest], session: NamedDependency[AsyncSession], request: Request
    ) -> ContestView:
        return await uc.new_version(session, request.user, contest_id, data)
