"""The Litestar app factory.

    app = create_app("sqlite+aiosqlite:///./biwu.db", secret=..., demo=True)

The factory does not migrate the database: `biwu serve` and `biwu db upgrade` do (and the
tests' fixtures), so importing or building an app never changes a schema behind the
operator's back. With `demo=True` the demo contests and accounts are seeded from
`on_startup` (all lifespan managers, which open the engine, have run by then).

Configuration, explicit arguments first, then the environment:
- database URL: `database_url`, else BIWU_DATABASE_URL, else ./biwu.db (SQLite);
- JWT secret: `secret`, else BIWU_SECRET (≥ 32 bytes), else a random one with a warning.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from litestar import Litestar, Request, Response
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.types import Empty
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import DEFAULT_TOKEN_TTL, login, make_auth, resolve_secret
from api.openapi import StrictStructSchemaPlugin
from api.routes.audit import list_audit
from api.routes.campaigns import CampaignController
from api.routes.campaigns_awards import AwardController, PublicAwardController
from api.routes.campaigns_reviews import ReviewController
from api.routes.campaigns_submissions import SubmissionController
from api.routes.contests import ContestController
from api.routes.draws import DrawController
from api.routes.health import health
from api.routes.judges import JudgeController, PanelController
from api.routes.judging import JudgingController
from api.routes.judging_appeals import AppealController, EventAppealController
from api.routes.people import CompetitorController, TeamController, UnitController
from api.routes.public import PublicResultsController
from api.routes.results import ResultsController
from contests.store.database import DEFAULT_URL, make_engine, session_factory
from scoring.errors import Problem

log = logging.getLogger("biwu.api")

VERSION = "0.1.0"
# A contest definition is at most contests.definition.MAX_DEFINITION_BYTES (2 MiB); the
# import route raises its own limit for spreadsheets.
MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024
TOML_TYPES = ("application/toml", "text/toml", "application/x-toml")


# ---------------------------------------------------------------- database lifecycle


@asynccontextmanager
async def database(app: Litestar) -> AsyncIterator[None]:
    engine = make_engine(app.state.database_url)
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    try:
        yield
    finally:
        await engine.dispose()


async def provide_session(state: State) -> AsyncIterator[AsyncSession]:
    # Use-cases commit explicitly; closing here only rolls back what a failed request left open.
    async with state.session_factory() as session:
        yield session


async def seed_demo(app: Litestar) -> None:
    from api.demo import seed  # deferred: only demo servers need the demo data

    await seed(app.state.session_factory)


# ---------------------------------------------------------------- TOML bodies


class BiwuRequest(Request):
    """A request whose "JSON" body may also be sent as TOML (contest definitions are kept in
    TOML files). The TOML is decoded to the same builtins, so validation and its messages are
    exactly those of the JSON body."""

    async def json(self) -> Any:
        if self._json is Empty and self._is_toml():
            body = await self.body()
            try:
                value = msgspec.toml.decode(body)
            except (msgspec.DecodeError, UnicodeError) as exc:
                raise problems.BadRequest([Problem("body", f"not valid TOML: {exc}")]) from exc
            self._json = self._connection_state.json = value
        return await super().json()

    def _is_toml(self) -> bool:
        media_type = self.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return media_type in TOML_TYPES


# ---------------------------------------------------------------- OPTIONS


async def allow_header(request: Request) -> Response | None:
    """Answer OPTIONS with every method of the path. Litestar 2.25 builds the automatic
    OPTIONS handler when the first handler of a path is registered and keeps it when more
    are merged in, so `Allow` listed only that first method (e.g. POST but not GET)."""
    if request.method != "OPTIONS":
        return None
    paths = request.route_handler.paths
    methods = {m for route in request.app.routes if route.path in paths for m in getattr(route, "methods", ())}
    return Response(None, status_code=204, headers={"Allow": ", ".join(sorted(methods))})


# ---------------------------------------------------------------- the app


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="biwu 比武",
        version=VERSION,
        description=(
            "Scoring service for trade-union skills contests. Log in at `/auth/token` "
            "(OAuth2 password form), then send `Authorization: Bearer <token>`. "
            "Errors are `application/problem+json` with `errors: [{path, rule}]`."
        ),
        path="/schema",
        render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin()],
    )


def create_app(
    database_url: str | None = None,
    *,
    secret: str | None = None,
    demo: bool = False,
    token_ttl: dt.timedelta = DEFAULT_TOKEN_TTL,
    max_body_bytes: int = MAX_BODY_BYTES,
    debug: bool = False,
) -> Litestar:
    url = database_url or os.environ.get("BIWU_DATABASE_URL") or DEFAULT_URL
    auth = make_auth(resolve_secret(secret, os.environ.get("BIWU_SECRET")), token_ttl)
    return Litestar(
        route_handlers=[
            health,
            login,
            ContestController,
            UnitController,
            TeamController,
            CompetitorController,
            JudgeController,
            PanelController,
            DrawController,
            list_audit,
            CampaignController,
            SubmissionController,
            ReviewController,
            AwardController,
            PublicAwardController,
            JudgingController,
            EventAppealController,
            AppealController,
            ResultsController,
            PublicResultsController,
        ],
        dependencies={"session": Provide(provide_session)},
        lifespan=[database],
        on_startup=[seed_demo] if demo else [],
        on_app_init=[auth.on_app_init],
        plugins=[problems.plugin(), StrictStructSchemaPlugin()],
        openapi_config=openapi_config(),
        request_class=BiwuRequest,
        before_request=allow_header,
        request_max_body_size=max_body_bytes,
        state=State({"database_url": url, "auth": auth}),
        debug=debug,
    )
