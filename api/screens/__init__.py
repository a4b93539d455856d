"""The screens: server-rendered pages (Jinja + htmx, Chinese first) served by the same app
as the JSON API and calling the same use-cases.

- signin/: sign-in, sign-out, each role's home page;
- tablet/: the judge's tablet (sheet by blind code, offline-tolerant marks);
- chief/: the chief judge's console (progress, locks, appeals with the explanation, unblinding, charts);
- organiser/: the organiser's console (contests, registration, users and judges, panels, draw);
- campaigns/: five smalls (employee phone pages, reviewer queue and rubric, organiser board, finance);
- layout.py, i18n.py, session.py: the frame, Babel languages, session cookie and CSRF;
- apidocs.py: Swagger and Scalar from the package's own static files (no CDN).

`routes(secret)` gives the route handlers to register: the screens' router (session and
CSRF middleware on it alone, so the bearer-token API is untouched) and the static files.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from api.screens import session
from api.screens.campaigns import ROUTES as CAMPAIGN_ROUTES
from api.screens.chief.routes import ROUTES as CHIEF_ROUTES
from api.screens.honours import ROUTES as HONOURS_ROUTES
from api.screens.honours.board import ROUTES as HONOURS_BOARD_ROUTES
from api.screens.honours.board_print import ROUTES as HONOURS_PRINT_ROUTES
from api.screens.honours.nominating import NOMINATION_ROUTES
from api.screens.honours.public import ROUTES as HONOURS_PUBLIC_ROUTES
from api.screens.labour import ROUTES as LABOUR_ROUTES
from api.screens.layout import EXCEPTION_HANDLERS, template_config
from api.screens.organiser import ROUTES as ORGANISER_ROUTES
from api.screens.publishing.routes import ROUTES as PUBLISHING_ROUTES
from api.screens.results_import.routes import ROUTES as RESULTS_IMPORT_ROUTES
from api.screens.signin.routes import ROUTES as SIGNIN_ROUTES
from api.screens.tablet.routes import ROUTES as TABLET_ROUTES
from api.screens.venue.routes import ROUTES as VENUE_ROUTES

STATIC = Path(__file__).resolve().parent.parent / "static"
STATIC_PATH = "/static"


def routes(secret: str) -> list[ControllerRouterHandler]:
    screens = Router(
        path="/",
        route_handlers=[
            *SIGNIN_ROUTES,
            *TABLET_ROUTES,
            *ORGANISER_ROUTES,
            *CHIEF_ROUTES,
            *RESULTS_IMPORT_ROUTES,
            *PUBLISHING_ROUTES,
            *VENUE_ROUTES,
            *CAMPAIGN_ROUTES,
            *LABOUR_ROUTES,
            *HONOURS_ROUTES,
            *NOMINATION_ROUTES,
            *HONOURS_BOARD_ROUTES,
            *HONOURS_PRINT_ROUTES,
            *HONOURS_PUBLIC_ROUTES,
        ],
        middleware=session.middleware(secret),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        include_in_schema=False,  # pages, not API: the OpenAPI document stays the JSON contract
        opt={"exclude_from_auth": True},  # the session, not a bearer token, says who is signed in
    )
    static = create_static_files_router(
        path=STATIC_PATH,
        directories=[STATIC],
        include_in_schema=False,
        opt={"exclude_from_auth": True},
        cache_control=None,
    )
    return [screens, static]


__all__ = ["STATIC_PATH", "routes", "template_config"]
