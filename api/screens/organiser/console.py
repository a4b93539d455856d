"""What every page of the organiser's console shares: who may open it, the contest it is
about, and the answer to a form (a redirect after success, the page again after a refusal).

Only the organiser opens these pages (the API's SETUP role): the chief judge has a console
of their own, and a judge or viewer gets the "your role may not open this page" page (403).
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.screens.layout import page
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.usecases.setup.contests import get_contest
from contests.usecases.setup.views import ContestView

BASE = "/organiser"
CONTEST = f"{BASE}/contests/{{contest_id:int}}"  # the path of a contest's pages, for route decorators


async def organiser(request: Request, session: AsyncSession) -> Actor:
    return await require_actor(request, session, ORGANISER)


def contest_url(contest_id: int, section: str = "") -> str:
    return f"{BASE}/contests/{contest_id}" + (f"/{section}" if section else "")


def done(url: str) -> Redirect:
    """After a form that changed something: back to its page (Post/Redirect/Get)."""
    return Redirect(url, status_code=303)


async def contest_page(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    contest_id: int,
    name: str,
    errors: FormErrors = NO_ERRORS,
    **context: Any,
) -> Template:
    """A page of one contest's section, with the contest for its heading and tabs; a
    refused form's status (4xx) is the page's."""
    contest: ContestView = await get_contest(session, contest_id)
    status = errors.status if errors.form else 200
    return page(request, f"organiser/{name}", actor=actor, contest=contest, errors=errors, status=status, **context)


__all__ = ["BASE", "CONTEST", "contest_page", "contest_url", "done", "organiser"]
