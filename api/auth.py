"""Login (OAuth2 password flow → JWT) and the role guards.

The token carries only the username (`sub`); every request reloads the Actor from the users
table, so a removed or re-roled account loses its old rights at once, not when the token
expires. The token is sent back in the body only (no cookie): a cookie would be sent by the
browser on cross-site requests, and the API has no CSRF protection to go with it.

Roles (who may do what is declared on each handler with `allow(...)`):
- organiser (组委会): everything in setup;
- chief judge (裁判长): reads everything, sets panels, runs the draw, reads the audit log;
- judge (裁判): the contest definition and the blind draw (codes only, no names);
- viewer: the contest list and definitions;
- employee / reviewer / finance (五小 campaigns only, see api/routes/campaigns.py): submit and
  read one's own submissions / score assigned submissions / verify benefits; no contest;
- anonymous: /health, /schema, /auth/token.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.params import URLEncodedBody
from litestar.security.jwt import OAuth2PasswordBearerAuth, Token
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from contests.accounts import Actor
from contests.usecases.accounts.users import authenticate, get_actor

log = logging.getLogger("biwu.api")

ORGANISER = "organiser"
CHIEF = "chief_judge"
JUDGE = "judge"
VIEWER = "viewer"
EMPLOYEE = "employee"
REVIEWER = "reviewer"
FINANCE = "finance"
CONTEST_ROLES = (ORGANISER, CHIEF, JUDGE, VIEWER)
CAMPAIGN_ROLES = (EMPLOYEE, REVIEWER, FINANCE)  # five smalls: submit, review, verify benefit
ROLES = (*CONTEST_ROLES, *CAMPAIGN_ROLES)

SETUP = (ORGANISER,)  # define contests, register people
STAFF = (ORGANISER, CHIEF)  # read everything, panels, draw, audit
DRAW_READERS = (ORGANISER, CHIEF, JUDGE)
EVERYONE = CONTEST_ROLES  # every contest role; the campaign-only roles see no contest

TOKEN_URL = "/auth/token"
MIN_SECRET_BYTES = 32
DEFAULT_TOKEN_TTL = dt.timedelta(hours=12)  # one contest day

# contests.usecases.accounts.users' rule for usernames, published in the schema; never empty (an empty `sub`
# made PyJWT fail with a 500).
Username = Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern="^[A-Za-z0-9_.\\-]{3,64}(?![\\s\\S])", examples=["organiser"])]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginForm(msgspec.Struct, kw_only=True):
    """The OAuth2 password grant form. Unknown fields (client_id, …) are ignored, as OAuth2 clients send them."""

    username: Username
    password: Password
    grant_type: Literal["password"] | None = None
    scope: Annotated[str, msgspec.Meta(max_length=1024)] = ""


class AccessToken(msgspec.Struct, kw_only=True):
    """An OAuth2 bearer token: send it as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    username: str
    role: str


# ---------------------------------------------------------------- the secret


def resolve_secret(secret: str | None, env: str | None) -> str:
    """The explicit secret, else BIWU_SECRET, else a random one (with a warning: tokens then
    die with the process, and several workers would not accept each other's tokens)."""
    value = secret or env
    if value is None:
        log.warning("BIWU_SECRET is not set: using a random JWT secret; tokens end when the server stops")
        return secrets.token_urlsafe(48)
    if len(value.encode("utf-8")) < MIN_SECRET_BYTES:
        raise ValueError(f"the JWT secret must be at least {MIN_SECRET_BYTES} bytes long (set BIWU_SECRET)")
    return value


# ---------------------------------------------------------------- authentication


async def retrieve_actor(token: Token, connection: ASGIConnection) -> Actor | None:
    """Load the token's user; None (→ 401) if the account no longer exists."""
    if not isinstance(token.sub, str) or not token.sub:
        return None
    factory = connection.app.state.session_factory
    async with factory() as session:
        return await get_actor(session, token.sub)


def make_auth(secret: str, ttl: dt.timedelta = DEFAULT_TOKEN_TTL) -> OAuth2PasswordBearerAuth[Actor, Token]:
    return OAuth2PasswordBearerAuth[Actor, Token](
        token_secret=secret,
        token_url=TOKEN_URL,
        retrieve_user_handler=retrieve_actor,
        default_token_expiration=ttl,
        exclude=["^/schema", "^/health$", f"^{TOKEN_URL}$"],
        description="Log in at /auth/token (form fields username, password) and send `Authorization: Bearer <token>`.",
    )


@post(
    TOKEN_URL,
    tags=["auth"],
    summary="Log in (OAuth2 password grant)",
    status_code=200,
    security=[{}],
    exclude_from_auth=True,
    responses=problems.responses(400, 401, 413),
)
async def login(data: URLEncodedBody[LoginForm], session: NamedDependency[AsyncSession], request: Request) -> AccessToken:
    """Exchange a username and password for a bearer token. Anonymous."""
    actor = await authenticate(session, data.username, data.password)
    if actor is None:
        raise NotAuthorizedException(problems.LOGIN_FAILED)
    auth: OAuth2PasswordBearerAuth = request.app.state.auth
    ttl = auth.default_token_expiration
    token = auth.create_token(identifier=actor.username, token_expiration=ttl)
    return AccessToken(access_token=token, expires_in=int(ttl.total_seconds()), username=actor.username, role=actor.role)


# ---------------------------------------------------------------- guards


def allow(*roles: str) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    """A guard letting only these roles through (403 for the others)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        actor = connection.user
        if not isinstance(actor, Actor) or actor.role not in roles:
            role = getattr(actor, "role", "anonymous")
            raise PermissionDeniedException(f"role {role!r} may not do this; allowed: {', '.join(roles)}")

    guard.roles = roles  # type: ignore[attr-defined]  # read by the role-matrix test and docs
    return guard


def may_see_names(actor: Actor) -> bool:
    """Blind judging: only the organiser and the chief judge see who is behind a blind code."""
    return actor.role in STAFF
