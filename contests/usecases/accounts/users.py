"""Login accounts: add, authenticate and list them, with argon2 password hashes.

An `Actor` (contests.accounts) is who performs a use-case (the API builds it from the JWT;
the CLI from its options).

`authenticate` costs the same whether or not the user exists, or is disabled (a hash is
verified either way), so response time does not reveal which usernames exist; and it
rehashes a password whose hash used older argon2 parameters. Hashing runs off the event
loop, bounded (contests.usecases.accounts.hashing).

Managing accounts (disable, enable, change or reset a password) is in
contests.usecases.accounts.management; tokens carry the account's `token_generation`
(see `Grant` and `actor_for_token`), which those changes move on to revoke older tokens.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import (
    MAX_PASSWORD,
    Actor,
    Role,
    UserError,
    account_problems,
    username_problem,
)
from contests.store.models import UserRow
from contests.usecases.accounts.hashing import dummy_hash, hash_password, needs_rehash, verify_password
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction


class Grant(msgspec.Struct, frozen=True):
    """A successful login: who, and the token generation a token issued now must carry."""

    actor: Actor
    generation: int


class Account(msgspec.Struct, frozen=True, kw_only=True):
    """A login account as the organiser sees it (never its hash)."""

    username: str
    role: Role
    disabled: bool


async def add_user(
    session: AsyncSession, username: str, password: str, role: Role, *, by: Actor | None = None, policy: bool = False
) -> Actor:
    """Create an account; Conflict (409) if the username is taken. `by` is recorded as the
    audit actor (the CLI and demo seeding pass none: "system"). `policy`: the password was
    chosen by a person (HTTP, CLI) and must pass the password policy, not only the floor."""
    problems = account_problems(username, password, role, policy=policy)
    if problems:
        raise UserError(problems)
    taken = f"username {username!r} is already taken"
    password_hash = await hash_password(password)  # before the transaction: keep write locks short
    async with transaction(session, conflict=taken, path="username"):
        if await user_row(session, username) is not None:
            raise Conflict.at("username", taken)
        session.add(UserRow(username=username, password_hash=password_hash, role=role))
        audit.record(session, by.username if by else audit.SYSTEM, "user.add", "user", username, after={"username": username, "role": role})
    return Actor(username=username, role=role)


async def authenticate(session: AsyncSession, username: str, password: str) -> Actor | None:
    """The Actor for a correct username and password; None otherwise (never says which)."""
    grant = await log_in(session, username, password)
    return None if grant is None else grant.actor


async def log_in(session: AsyncSession, username: str, password: str) -> Grant | None:
    """The Grant for a correct username and password of an enabled account; None otherwise."""
    found = None
    if username_problem(username) is None and isinstance(password, str) and len(password) <= MAX_PASSWORD:
        found = (await session.execute(select(*_LOGIN_FACTS).where(UserRow.username == username))).first()
    # hand the connection back to the pool before argon2: a hash takes long, and a flood of
    # logins holding connections while they wait starved every other request (/health too)
    await session.rollback()
    if found is None:
        await verify_password(dummy_hash(), password[:MAX_PASSWORD] if isinstance(password, str) else "")
        return None
    name, role, password_hash, disabled, generation = found
    if not await verify_password(password_hash, password) or disabled:
        return None
    if needs_rehash(password_hash):
        new_hash = await hash_password(password)
        async with transaction(session):
            await session.execute(update(UserRow).where(UserRow.username == name).values(password_hash=new_hash))
            audit.record(session, name, "user.rehash", "user", name)
    return Grant(actor=Actor(username=name, role=role), generation=generation)


_LOGIN_FACTS = (UserRow.username, UserRow.role, UserRow.password_hash, UserRow.disabled, UserRow.token_generation)


async def get_actor(session: AsyncSession, username: str) -> Actor | None:
    """The Actor of an existing, enabled account (e.g. the user of a screens session), or
    None: a disabled account acts nowhere. (`user_row` tells whether a username is taken.)"""
    if username_problem(username) is not None:
        return None
    row = await user_row(session, username)
    return None if row is None or row.disabled else Actor(username=row.username, role=row.role)  # type: ignore[arg-type]


async def actor_for_token(session: AsyncSession, username: str, generation: int) -> Actor | None:
    """The Actor a token of this subject and generation still stands for: None (→ 401) if
    the account is gone or disabled, or was revoked since (its generation moved on)."""
    if username_problem(username) is not None:
        return None
    row = await user_row(session, username)
    if row is None or row.disabled or row.token_generation != generation:
        return None
    return Actor(username=row.username, role=row.role)  # type: ignore[arg-type]


async def list_users(session: AsyncSession) -> list[Actor]:
    rows = (await session.scalars(select(UserRow).order_by(UserRow.username))).all()
    return [Actor(username=r.username, role=r.role) for r in rows]  # type: ignore[arg-type]


async def list_accounts(session: AsyncSession) -> list[Account]:
    rows = (await session.scalars(select(UserRow).order_by(UserRow.username))).all()
    return [account(r) for r in rows]


async def count_users(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(UserRow)) or 0)


async def user_row(session: AsyncSession, username: str) -> UserRow | None:
    return await session.scalar(select(UserRow).where(UserRow.username == username))


def account(row: UserRow) -> Account:
    return Account(username=row.username, role=row.role, disabled=row.disabled)  # type: ignore[arg-type]


__all__ = [
    "Account",
    "Grant",
    "account",
    "actor_for_token",
    "add_user",
    "authenticate",
    "count_users",
    "get_actor",
    "list_accounts",
    "list_users",
    "log_in",
    "user_row",
]
