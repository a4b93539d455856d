"""Login accounts: add, authenticate and list them, with argon2 password hashes.

An `Actor` (contests.accounts) is who performs a use-case (the API builds it from the JWT;
the CLI from its options).

`authenticate` costs the same whether or not the user exists (a dummy hash is verified for
unknown names), so response time does not reveal which usernames exist; and it rehashes a
password whose hash used older argon2 parameters.
"""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
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
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction

_hasher = PasswordHasher()


async def add_user(session: AsyncSession, username: str, password: str, role: Role, *, by: Actor | None = None) -> Actor:
    """Create an account; Conflict (409) if the username is taken. `by` is recorded as the
    audit actor (the CLI and demo seeding pass none: "system")."""
    problems = account_problems(username, password, role)
    if problems:
        raise UserError(problems)
    taken = f"username {username!r} is already taken"
    password_hash = await _hash(password)  # before the transaction: keep write locks short
    async with transaction(session, conflict=taken, path="username"):
        if await _user(session, username) is not None:
            raise Conflict.at("username", taken)
        session.add(UserRow(username=username, password_hash=password_hash, role=role))
        audit.record(session, by.username if by else audit.SYSTEM, "user.add", "user", username, after={"username": username, "role": role})
    return Actor(username=username, role=role)


async def authenticate(session: AsyncSession, username: str, password: str) -> Actor | None:
    """The Actor for a correct username and password; None otherwise (never says which)."""
    row = None
    if username_problem(username) is None and isinstance(password, str) and len(password) <= MAX_PASSWORD:
        row = await _user(session, username)
    if row is None:
        await _verify(_dummy_hash(), password[:MAX_PASSWORD] if isinstance(password, str) else "")
        return None
    if not await _verify(row.password_hash, password):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        new_hash = await _hash(password)
        async with transaction(session):
            row.password_hash = new_hash
            audit.record(session, row.username, "user.rehash", "user", row.username)
    return Actor(username=row.username, role=row.role)  # type: ignore[arg-type]


async def get_actor(session: AsyncSession, username: str) -> Actor | None:
    """The Actor of an existing account (e.g. the subject of a JWT), or None."""
    if username_problem(username) is not None:
        return None
    row = await _user(session, username)
    return None if row is None else Actor(username=row.username, role=row.role)  # type: ignore[arg-type]


async def list_users(session: AsyncSession) -> list[Actor]:
    rows = (await session.scalars(select(UserRow).order_by(UserRow.username))).all()
    return [Actor(username=r.username, role=r.role) for r in rows]  # type: ignore[arg-type]


async def count_users(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(UserRow)) or 0)


async def _user(session: AsyncSession, username: str) -> UserRow | None:
    return await session.scalar(select(UserRow).where(UserRow.username == username))


# argon2 takes tens of milliseconds of CPU on purpose: run it off the event loop
async def _hash(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(_verify_sync, password_hash, password)


def _verify_sync(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash("biwu: not a password of anyone")


__all__ = ["add_user", "authenticate", "count_users", "get_actor", "list_users"]
