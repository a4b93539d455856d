"""Login accounts (账号), managed by the organiser: list, add, disable, enable, reset a
password. Changing one's own password is `PUT /auth/password` (api.auth).

Disabling an account or resetting its password revokes every token it holds at once; a
password chosen here must pass the password policy (contests.accounts).
"""

from __future__ import annotations

import logging
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import PathParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, Password, Username, allow
from api.logging import event
from contests.accounts import Actor, Role
from contests.usecases.accounts import management
from contests.usecases.accounts.users import Account, add_user, list_accounts

UsernamePath = Annotated[
    str, PathParameter(min_length=3, max_length=64, pattern="^[A-Za-z0-9_.\\-]{3,64}(?![\\s\\S])", description="A login's username")
]


# on each handler, not the controller: Litestar's automatic OPTIONS handler must stay unguarded
ORGANISER_ONLY = [allow(ORGANISER)]


class NewAccount(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A new login account; the password must pass the password policy."""

    username: Username
    role: Role
    password: Password


class PasswordReset(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The account's new password (password policy); the user should change it after."""

    password: Password


class UserController(Controller):
    path = "/users"
    tags = ["users"]

    @get("/", guards=ORGANISER_ONLY, summary="List login accounts", responses=problems.READ)
    async def list_(self, session: NamedDependency[AsyncSession]) -> list[Account]:
        """Every account with its role and whether it is disabled (never a password hash)."""
        return await list_accounts(session)

    @post("/", guards=ORGANISER_ONLY, summary="Add a login account", responses=problems.responses(400, 401, 403, 409, 413, 415, 503))
    async def add(self, data: RequestBody[NewAccount], session: NamedDependency[AsyncSession], request: Request) -> Account:
        """409 at `username` if taken, at `password` if the policy refuses it."""
        actor = await add_user(session, data.username, data.password, data.role, by=request.user, policy=True)
        return Account(username=actor.username, role=actor.role, disabled=False)

    @post("/{username:str}/disable", guards=ORGANISER_ONLY, status_code=200, summary="Disable a login account", responses=problems.WRITE)
    async def disable(self, username: UsernamePath, session: NamedDependency[AsyncSession], request: Request) -> Account:
        """The account can no longer log in, and every token it holds stops working at once.
        409 for your own account."""
        account = await management.set_disabled(session, request.user, username, True)
        event("user.disabled", level=logging.INFO, username=username, by=_by(request))
        return account

    @post("/{username:str}/enable", guards=ORGANISER_ONLY, status_code=200, summary="Enable a login account", responses=problems.WRITE)
    async def enable(self, username: UsernamePath, session: NamedDependency[AsyncSession], request: Request) -> Account:
        """The account may log in again (its old tokens stay revoked)."""
        account = await management.set_disabled(session, request.user, username, False)
        event("user.enabled", level=logging.INFO, username=username, by=_by(request))
        return account

    @put(
        "/{username:str}/password",
        guards=ORGANISER_ONLY,
        summary="Reset a login's password",
        responses=problems.responses(400, 401, 403, 404, 409, 413, 415, 503),
    )
    async def reset_password(
        self, username: UsernamePath, data: RequestBody[PasswordReset], session: NamedDependency[AsyncSession], request: Request
    ) -> Account:
        """Set a new password (password policy, 409 at `password`); every token of the account
        stops working."""
        account = await management.reset_password(session, request.user, username, data.password)
        event("user.password_reset", level=logging.INFO, username=username, by=_by(request))
        return account


def _by(request: Request) -> str:
    actor = request.user
    return actor.username if isinstance(actor, Actor) else ""


__all__ = ["UserController"]
