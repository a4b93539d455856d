"""Who is signed in on the screens: a signed, encrypted session cookie, and CSRF tokens.

Design:
- The screens use a session cookie (HttpOnly, SameSite=Lax, AES-GCM encrypted and
  authenticated by Litestar's cookie backend, with its expiry inside the authenticated
  data). It holds the username and the account's token generation, exactly what the API's
  JWT holds: every request reloads the account, so a removed, disabled or re-roled login
  loses its rights at once, and a password change or revocation ends the session too. A
  cookie backend needs no server state, so several app workers accept each other's sessions.
- Cookies are sent by the browser on its own, so every unsafe screen request must carry
  the CSRF token (a form field or the `X-CSRF-Token` header). The session and CSRF
  middlewares are installed on the screens' router only: the JSON API keeps bearer tokens,
  never reads the session cookie, and so needs no CSRF token.
- The tablet's JavaScript talks to the JSON API. It asks `POST /session/token` (session
  cookie + CSRF header) for a bearer token of the signed-in user, keeps it in memory only,
  and asks again after a 401. A page on another site can neither pass the CSRF check nor
  read the answer.

Both secrets are derived from the app's JWT secret with HMAC, one label each, so one
BIWU_SECRET configures everything and no two mechanisms share a key.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import ASGIApp
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.usecases.accounts.users import Grant, actor_for_token

SESSION_COOKIE = "biwu_session"
CSRF_COOKIE = "biwu_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf_token"  # Litestar's CSRF middleware reads this form field
SESSION_AGE = 12 * 3600  # one contest day, like the API's tokens
USER_KEY = "u"
GENERATION_KEY = "g"


class SignInRequired(NotAuthorizedException):
    """No valid session: the screens answer with the sign-in page."""


class RoleRefused(PermissionDeniedException):
    """Signed in, but this page is for other roles."""


def _derive(secret: str, label: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), label, hashlib.sha256).digest()


def session_config(secret: str) -> CookieBackendConfig:
    # secure=False: venue LANs often serve plain HTTP; behind TLS a proxy may add Secure.
    return CookieBackendConfig(
        secret=_derive(secret, b"biwu screens session v1"),
        key=SESSION_COOKIE,
        max_age=SESSION_AGE,
        httponly=True,
        samesite="lax",
        secure=False,
    )


def csrf_config(secret: str) -> CSRFConfig:
    return CSRFConfig(
        secret=_derive(secret, b"biwu screens csrf v1").hex(),
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,  # pages hand the token to scripts in a <meta> tag
        cookie_samesite="lax",
        header_name=CSRF_HEADER,
    )


def middleware(secret: str) -> list[DefineMiddleware]:
    """Session first (outermost), then CSRF, for the screens' router only."""
    config = session_config(secret)

    # A factory, not the middleware's instance: Litestar deep-copies a router when it is
    # registered, and the cookie backend's AES-GCM key object cannot be copied.
    def session_middleware(app: ASGIApp) -> ASGIApp:
        return SessionMiddleware(app, backend=ClientSideSessionBackend(config))

    return [DefineMiddleware(session_middleware), DefineMiddleware(CSRFMiddleware, config=csrf_config(secret))]


def sign_in(request: Request, grant: Grant) -> None:
    request.clear_session()  # a fresh session on sign-in: nothing carried over from before
    request.set_session({USER_KEY: grant.actor.username, GENERATION_KEY: grant.generation})


def sign_out(request: Request) -> None:
    request.clear_session()


async def signed_in_grant(request: Request, session: AsyncSession) -> Grant | None:
    """The signed-in account and its generation, checked against the store like a JWT; None
    without a valid session (none, expired, or the account disabled or revoked since)."""
    data: dict[str, Any] = request.session if isinstance(request.scope.get("session"), dict) else {}
    username, generation = data.get(USER_KEY), data.get(GENERATION_KEY, 0)
    if not isinstance(username, str) or type(generation) is not int:
        return None
    actor = await actor_for_token(session, username, generation)
    return None if actor is None else Grant(actor=actor, generation=generation)


async def signed_in(request: Request, session: AsyncSession) -> Actor | None:
    grant = await signed_in_grant(request, session)
    return None if grant is None else grant.actor


async def require_actor(request: Request, session: AsyncSession, *roles: str) -> Actor:
    """The signed-in account if its role is one of `roles` (any role when none are given)."""
    actor = await signed_in(request, session)
    if actor is None:
        raise SignInRequired("sign in first")
    if roles and actor.role not in roles:
        raise RoleRefused(f"role {actor.role!r} may not open this page")
    return actor


__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "RoleRefused",
    "SignInRequired",
    "middleware",
    "require_actor",
    "sign_in",
    "sign_out",
    "signed_in",
    "signed_in_grant",
]
