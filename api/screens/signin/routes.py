"""Sign-in, sign-out and each role's home page.

The password is checked exactly as at the API's `/auth/token` (`api.auth.checked_login`:
the `log_in` use-case with argon2 off the event loop, the per-account throttle, bounded
hashing); the per-address throttle (api/throttle.py) counts `/signin` too. A judge lands
on the tablet's module list; every other role on a home page listing what it may open.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import CAMPAIGN_ROLES, CHIEF, JUDGE, ORGANISER, VIEWER, checked_login
from api.screens.campaigns import landing as campaign_landing
from api.screens.chief.routes import landing as chief_landing
from api.screens.i18n import N_
from api.screens.labour.common import labour_home
from api.screens.layout import page, safe_next
from api.screens.organiser.home import home_page as organiser_home_page
from api.screens.session import require_actor, sign_in, sign_out, signed_in
from contests.accounts import Actor
from contests.usecases.accounts.hashing import HashingBusy
from contests.usecases.setup.contests import list_contests

TABLET_HOME = "/tablet"
NextPath = Annotated[str | None, QueryParameter(max_length=2000, description="where to go after signing in")]
HOME = "/home"
SIGN_IN_FAILED = N_("用户名或密码错误。")
THROTTLED = N_("登录失败次数过多：请稍后再试。")
BUSY = N_("服务器正忙：请稍后再试。")
ROLE_NAMES = {
    ORGANISER: N_("组委会"),
    CHIEF: N_("裁判长"),
    JUDGE: N_("裁判"),
    VIEWER: N_("观察员"),
    "employee": N_("职工"),
    "reviewer": N_("评审专家"),
    "finance": N_("财务"),
}


class SignInForm(msgspec.Struct, kw_only=True):
    username: Annotated[str, msgspec.Meta(max_length=64)] = ""
    password: Annotated[str, msgspec.Meta(max_length=1024)] = ""
    next: Annotated[str, msgspec.Meta(max_length=2000)] = ""


def home_of(actor: Actor) -> str:
    return TABLET_HOME if actor.role == JUDGE else HOME


@get("/")
async def root(request: Request, session: NamedDependency[AsyncSession]) -> Redirect:
    actor = await signed_in(request, session)
    return Redirect(home_of(actor) if actor else "/signin", status_code=303)


@get("/signin")
async def sign_in_page(request: Request, session: NamedDependency[AsyncSession], next: NextPath = None) -> Response:
    actor = await signed_in(request, session)
    if actor is not None:
        return Redirect(safe_next(next) or home_of(actor), status_code=303)
    return page(request, "signin", next=safe_next(next) or "", username="", error=None)


@post("/signin")
async def sign_in_submit(request: Request, session: NamedDependency[AsyncSession], data: URLEncodedBody[SignInForm]) -> Response:
    """Checked like `/auth/token` (api.auth.checked_login): the same use-case, the per-account
    throttle and the bounded hashing; their refusals are shown on the sign-in page."""
    again = {"next": safe_next(data.next) or "", "username": data.username}
    try:
        grant = await checked_login(request, session, data.username, data.password)
    except HashingBusy:
        return page(request, "signin", status=503, error=BUSY, **again)
    except HTTPException as exc:
        if exc.status_code != 429:
            raise
        return page(request, "signin", status=429, error=THROTTLED, **again)
    if grant is None:
        return page(request, "signin", status=401, error=SIGN_IN_FAILED, **again)
    sign_in(request, grant)
    return Redirect(safe_next(data.next) or home_of(grant.actor), status_code=303)


@post("/signout")
async def sign_out_submit(request: Request) -> Redirect:
    sign_out(request)
    return Redirect("/signin", status_code=303)


@get(HOME)
async def home(request: Request, session: NamedDependency[AsyncSession]) -> Template | Redirect:
    """Every role but the judge: what it may open (the consoles come later; the API docs now)."""
    actor = await require_actor(request, session)
    if actor.role == JUDGE:
        return Redirect(TABLET_HOME, status_code=303)
    if actor.role == ORGANISER:  # the organiser's home is the console's (same page as /organiser)
        return await organiser_home_page(request, session, actor)
    if actor.role == CHIEF:  # the chief judge's home is the console's (same page as /chief)
        return await chief_landing(request, session, actor)
    if (labour := await labour_home(session, actor)) is not None:  # a unit reporter lands on the labour report form
        return Redirect(labour, status_code=303)
    if actor.role in CAMPAIGN_ROLES:  # employee, reviewer, finance: their campaign pages (api/screens/campaigns)
        return await campaign_landing(request, session, actor)
    contests = await list_contests(session) if actor.role not in CAMPAIGN_ROLES else []
    return page(request, "home", actor=actor, role_name=ROLE_NAMES.get(actor.role, actor.role), contests=contests)


ROUTES = [root, sign_in_page, sign_in_submit, sign_out_submit, home]
