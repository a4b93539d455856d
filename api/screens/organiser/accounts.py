"""Login accounts on the console: add one, disable or enable it, reset its password.

The same use-cases as `/users` (contests.usecases.accounts): the password policy, "you
cannot disable your own account", revoking every token of a disabled or reset account. A
refusal is shown beside the field it names; a busy password hasher (503) above the form.
"""

from __future__ import annotations

import logging
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.logging import event
from api.screens.layout import page
from api.screens.organiser.console import BASE, done, organiser
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors, form_errors
from api.screens.organiser.forms import AccountForm, PasswordForm
from contests.accounts import ROLES, Actor
from contests.usecases.accounts import management
from contests.usecases.accounts.hashing import HashingBusy
from contests.usecases.accounts.users import add_user, list_accounts
from scoring.errors import RuleError

USERS = f"{BASE}/users"
Username = Annotated[str, PathParameter(min_length=3, max_length=64, pattern="^[A-Za-z0-9_.\\-]{3,64}(?![\\s\\S])")]


async def users_page(request: Request, session: AsyncSession, actor: Actor, errors: FormErrors = NO_ERRORS) -> Template:
    status = errors.status if errors.form else 200
    accounts = await list_accounts(session)
    return page(request, "organiser/users", actor=actor, accounts=accounts, roles=ROLES, errors=errors, status=status)


@get(USERS)
async def users(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    return await users_page(request, session, await organiser(request, session))


@post(USERS)
async def add_account(request: Request, session: NamedDependency[AsyncSession], data: URLEncodedBody[AccountForm]) -> Template | Response:
    actor = await organiser(request, session)
    try:
        await add_user(session, data.username, data.password, data.role, by=actor, policy=True)  # type: ignore[arg-type]
    except (RuleError, HashingBusy) as exc:
        refused = form_errors("account", exc, ["username", "role", "password"], {"username": data.username, "role": data.role})
        return await users_page(request, session, actor, refused)
    return done(f"{USERS}#user-{data.username}")


@post(f"{USERS}/{{username:str}}/disable")
async def disable(request: Request, session: NamedDependency[AsyncSession], username: Username) -> Template | Response:
    return await _set_disabled(request, session, username, True)


@post(f"{USERS}/{{username:str}}/enable")
async def enable(request: Request, session: NamedDependency[AsyncSession], username: Username) -> Template | Response:
    return await _set_disabled(request, session, username, False)


async def _set_disabled(request: Request, session: AsyncSession, username: str, disabled: bool) -> Template | Response:
    actor = await organiser(request, session)
    try:
        await management.set_disabled(session, actor, username, disabled)
    except RuleError as exc:
        return await users_page(request, session, actor, form_errors(f"state:{username}", exc, ["username"]))
    event("user.disabled" if disabled else "user.enabled", level=logging.INFO, username=username, by=actor.username)
    return done(f"{USERS}#user-{username}")


@post(f"{USERS}/{{username:str}}/password")
async def reset_password(
    request: Request, session: NamedDependency[AsyncSession], username: Username, data: URLEncodedBody[PasswordForm]
) -> Template | Response:
    actor = await organiser(request, session)
    try:
        await management.reset_password(session, actor, username, data.password)
    except (RuleError, HashingBusy) as exc:
        return await users_page(request, session, actor, form_errors(f"password:{username}", exc, ["password"]))
    event("user.password_reset", level=logging.INFO, username=username, by=actor.username)
    return done(f"{USERS}?reset={username}#user-{username}")


ROUTES = [users, add_account, disable, enable, reset_password]

__all__ = ["ROUTES", "USERS"]
