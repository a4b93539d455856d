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

from litestar import Litestar, Request, Response
from litestar.datastructures import State
from litestar.di import Provide
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.types import Empty
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import DEFAULT_TOKEN_TTL, change_own_password, login, make_auth, resolve_secret
from api.bodies import body_kind, read_body
from api.logging import logged
from api.openapi import StrictStructSchemaPlugin
from api.routes.audit import list_audit
from api.routes.campaigns import CampaignController
from api.routes.campaigns_attachments import AttachmentController, ReviewAttachmentController
from api.routes.campaigns_awards import AwardController, PublicAwardController
from api.routes.campaigns_people import EmployeeController, ShareConfirmationController
from api.routes.campaigns_reviews import ReviewController
from api.routes.campaigns_submissions import SubmissionController
from api.routes.contests import ContestController
from api.routes.draws import DrawController
from api.routes.explanations import ExplanationController, PublicExplanationController
from api.routes.health import health
from api.routes.honours_all import HONOURS_ROUTES
from api.routes.honours_nomination_files import HonoursNominationFileController
from api.routes.honours_nomination_records import HonoursNominationRecordController
from api.routes.honours_organisation_data import HonoursOrganisationDataController
from api.routes.import_jobs import ImportJobController
from api.routes.judges import JudgeController, PanelController
from api.routes.judging import JudgingController
from api.routes.judging_appeals import AppealController, EventAppealController
from api.routes.labour import LabourController
from api.routes.labour_accidents import LabourAccidentController
from api.routes.labour_extras import LABOUR_EXTRA_ROUTES
from api.routes.paper import CampaignPaperController, CertificateController, ContestPaperController, PublicPaperController, check_public_url
from api.routes.paper_honours import HonoursPaperController
from api.routes.paper_labour import LabourPaperController
from api.routes.people import CompetitorController, TeamController, UnitController
from api.routes.public import PublicResultsController
from api.routes.results import ResultsController
from api.routes.results_import import ResultsImportController
from api.routes.users import UserController
from api.screens import routes as screen_routes
from api.screens import template_config as screen_templates
from api.screens.apidocs import render_plugins as offline_docs
from api.security_headers import add_security_headers
from api.shared_counts import DatabaseStore
from api.throttle import LoginLimits, SharedFailedLogins, rate_limit_config
from contests.store.database import DEFAULT_URL, make_engine, session_factory

log = logging.getLogger("biwu.api")

VERSION = "0.1.0"
# A contest definition is at most contests.definition.MAX_DEFINITION_BYTES (2 MiB); the
# import route raises its own limit for spreadsheets.
MAX_BODY_BYTES = 2 * 1024 * 1024 + 64 * 1024


# ---------------------------------------------------------------- database lifecycle


@asynccontextmanager
async def database(app: Litestar) -> AsyncIterator[None]:
    engine = make_engine(app.state.database_url)
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.shared_counts.engine = engine  # the login limits count in the database, shared by all workers
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
    exactly those of the JSON body. Every body is read by `api.bodies.read_body`: a declared
    JSON or TOML type, a bounded depth and no control characters in any text."""

    async def json(self) -> Any:
        if self._json is Empty:
            if (value := self._connection_state.json) is Empty:
                kind = body_kind(self.headers.get("content-type"))
                value = read_body(await self.body(), kind, self.route_handler.resolve_type_decoders())
            self._json = self._connection_state.json = value
        return self._json


# ---------------------------------------------------------------- the request log


class BiwuApp(Litestar):
    """Litestar, with every HTTP request run under its request id and logged once when it
    ends (api.logging): 404s, problem answers and static files included."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await logged(super().__call__, scope, receive, send)


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
        render_plugins=offline_docs(),  # assets from the package: no CDN on a venue LAN
    )


def create_app(
    database_url: str | None = None,
    *,
    secret: str | None = None,
    demo: bool = False,
    token_ttl: dt.timedelta = DEFAULT_TOKEN_TTL,
    max_body_bytes: int = MAX_BODY_BYTES,
    debug: bool = False,
    login_limits: LoginLimits | None = None,
) -> Litestar:
    url = database_url or os.environ.get("BIWU_DATABASE_URL") or DEFAULT_URL
    auth = make_auth(resolve_secret(secret, os.environ.get("BIWU_SECRET")), token_ttl)
    limits = login_limits or LoginLimits.from_env()
    shared = DatabaseStore()  # bound to the engine by the `database` lifespan
    check_public_url()  # a malformed BIWU_PUBLIC_URL would print QR codes to nowhere: refuse to start
    return BiwuApp(
        route_handlers=[
            health,
            login,
            change_own_password,
            UserController,
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
            EmployeeController,
            ShareConfirmationController,
            AttachmentController,
            ReviewAttachmentController,
            ReviewController,
            AwardController,
            PublicAwardController,
            JudgingController,
            EventAppealController,
            AppealController,
            ResultsController,
            ResultsImportController,
            ImportJobController,
            PublicResultsController,
            ExplanationController,
            PublicExplanationController,
            ContestPaperController,
            CampaignPaperController,
            CertificateController,
            PublicPaperController,
            LabourPaperController,
            HonoursPaperController,
            LabourController,
            *HONOURS_ROUTES,
            HonoursNominationFileController,
            HonoursNominationRecordController,
            *LABOUR_EXTRA_ROUTES,
            LabourAccidentController,
            HonoursOrganisationDataController,
            *screen_routes(auth.token_secret),
        ],
        template_config=screen_templates(),
        dependencies={"session": Provide(provide_session)},
        lifespan=[database],
        on_startup=[seed_demo] if demo else [],
        on_app_init=[auth.on_app_init],
        plugins=[problems.plugin(), StrictStructSchemaPlugin()],
        openapi_config=openapi_config(),
        request_class=BiwuRequest,
        before_request=allow_header,
        before_send=[add_security_headers],
        # the root logger is the operator's (and pytest's caplog): biwu logs through structlog
        # to the "biwu" loggers (api.logging); Litestar configures only its own logger
        logging_config=LoggingConfig(configure_root_logger=False),
        middleware=[rate_limit_config(limits).middleware],
        stores={"login_rate_limit": shared},
        request_max_body_size=max_body_bytes,
        state=State(
            {
                "database_url": url,
                "auth": auth,
                "shared_counts": shared,
                "failed_logins": SharedFailedLogins(shared, limits.failures, limits.window),
            }
        ),
        debug=debug,
    )
