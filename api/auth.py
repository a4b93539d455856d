"""Login (OAuth2 password flow → JWT) and the role guards.

The token carries the username (`sub`) and the account's token generation (`gen`); every
request reloads the Actor from the users table and compares the generation, so a removed,
re-roled or disabled account, a changed or reset password, and a judge login that left its
last panel lose their old rights at once, not when the token expires (a token without
`gen` counts as generation 0, the generation of an account never revoked). The token is sent back in the body only (no cookie): a cookie would be sent by the
browser on cross-site requests, and the API has no CSRF protection to go with it.

Roles (who may do what is declared on each handler with `allow(...)`):
- organiser (组委会): everything in setup;
- chief judge (裁判长): reads everything, sets panels, runs the draw, reads the audit log;
- judge (裁判): the contest definition and the blind draw (codes only, no names);
- viewer: the contest list and definitions;
- employee / reviewer / finance (五小 campaigns only, see api/routes/campaigns.py): submit and
  read one's own submissions / score assigned submissions / verify benefits; no contest;
- anonymous: /health, /schema, /auth/token.

Login throttling (api.throttle): per client address (Litestar's rate limiter) and per
account (failed logins), 429 with Retry-After; failed logins and throttles are logged as
events (api.logging). The signing key: `secret`, else BIWU_SECRET, else (`biwu serve`) the
key stored in the database (contests.usecases.accounts.signing_key), else a random one.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, post, put
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.params import RequestBody, URLEncodedBody
from litestar.security.jwt import OAuth2PasswordBearerAuth, Token
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.logging import event
from api.throttle import SharedFailedLogins, too_many
from contests.accounts import MAX_PASSWORD, Actor
from contests.usecases.accounts.management import change_password
from contests.usecases.accounts.users import Grant, actor_for_token, log_in, user_row

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


class PasswordChange(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Change one's own password: the current one proves it is you; the new one must pass
    the password policy (≥ 10 characters, not a common password, not the username)."""

    current_password: Password
    new_password: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_PASSWORD)]


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
    die with the process, and several workers would not accept each other's tokens; `biwu
    serve` passes the key stored in the database instead)."""
    value = secret or env
    if value is None:
        log.warning("BIWU_SECRET is not set: using a random JWT secret; tokens end when the server stops")
        return secrets.token_urlsafe(48)
    if len(value.encode("utf-8")) < MIN_SECRET_BYTES:
        raise ValueError(f"the JWT secret must be at least {MIN_SECRET_BYTES} bytes long (set BIWU_SECRET)")
    return value


# ---------------------------------------------------------------- authentication

GENERATION = "gen"  # the token claim holding the account's token generation


async def retrieve_actor(token: Token, connection: ASGIConnection) -> Actor | None:
    """Load the token's user; None (→ 401) if the account no longer exists, is disabled, or
    its tokens were revoked since this one was issued."""
    generation = token.extras.get(GENERATION, 0)
    if not isinstance(token.sub, str) or not token.sub or type(generation) is not int:
        return None
    factory = connection.app.state.session_factory
    async with factory() as session:
        return await actor_for_token(session, token.sub, generation)


def make_auth(secret: str, ttl: dt.timedelta = DEFAULT_TOKEN_TTL) -> OAuth2PasswordBearerAuth[Actor, Token]:
    return OAuth2PasswordBearerAuth[Actor, Token](
        token_secret=secret,
        token_url=TOKEN_URL,
        retrieve_user_handler=retrieve_actor,
        default_token_expiration=ttl,
        exclude=["^/schema", "^/health$", f"^{TOKEN_URL}$"],
        description="Log in at /auth/token (form fields username, password) and send `Authorization: Bearer <token>`.",
    )


def issue_token(request: Request, grant: Grant) -> AccessToken:
    auth: OAuth2PasswordBearerAuth = request.app.state.auth
    ttl = auth.default_token_expiration
    token = auth.create_token(identifier=grant.actor.username, token_expiration=ttl, token_extras={GENERATION: grant.generation})
    return AccessToken(access_token=token, expires_in=int(ttl.total_seconds()), username=grant.actor.username, role=grant.actor.role)


async def token_for(request: Request, session: AsyncSession, actor: Actor) -> str:
    """A bearer token for an account signed in another way (the screens' session cookie),
    carrying the account's current token generation, so it authenticates until the next
    revocation like a token from /auth/token."""
    row = await user_row(session, actor.username)
    return issue_token(request, Grant(actor=actor, generation=row.token_generation if row else 0)).access_token


async def checked_login(request: Request, session: AsyncSession, username: str, password: str) -> Grant | None:
    """Log in with the per-account throttle, bounded hashing and the security events: the
    Grant, None for a wrong username or password, or a 429 / 503 problem raised. The
    screens' sign-in can call it too."""
    failed: SharedFailedLogins = request.app.state.failed_logins
    client = request.client.host if request.client else ""
    if (wait := await failed.attempt(username)) is not None:
        event("login.throttled", by="account", username=username, client=client, retry_after=wait)
        raise too_many("username", f"too many failed logins for this account (at most {failed.limit})", wait)
    try:
        grant = await log_in(session, username, password)  # HashingBusy → 503 with Retry-After (api.problems)
    except BaseException:
        await failed.finish(username, None)
        raise
    await failed.finish(username, grant is not None)
    if grant is None:
        event("login.failed", username=username, client=client)
    return grant


@post(
    TOKEN_URL,
    tags=["auth"],
    summary="Log in (OAuth2 password grant)",
    status_code=200,
    security=[{}],
    exclude_from_auth=True,
    responses=problems.responses(400, 401, 413, 429, 503),
)
async def login(data: URLEncodedBody[LoginForm], session: NamedDependency[AsyncSession], request: Request) -> AccessToken:
    """Exchange a username and password for a bearer token. Anonymous. Throttled per client
    address and per account (429 with Retry-After); a disabled account cannot log in."""
    grant = await checked_login(request, session, data.username, data.password)
    if grant is None:
        raise NotAuthorizedException(problems.LOGIN_FAILED)
    return issue_token(request, grant)


@put("/auth/password", tags=["auth"], summary="Change your own password", responses=problems.responses(400, 401, 409, 413, 415, 503))
async def change_own_password(data: RequestBody[PasswordChange], session: NamedDependency[AsyncSession], request: Request) -> AccessToken:
    """Any signed-in account. Every token issued before (on every device) stops working;
    the answer carries a fresh token. 409 at `current_password` or `new_password`."""
    actor: Actor = request.user
    generation = await change_password(session, actor, data.current_password, data.new_password)
    event("user.password_changed", level=logging.INFO, username=actor.username)
    return issue_token(request, Grant(actor=actor, generation=generation))


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
