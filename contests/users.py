"""Login accounts: usernames, roles and argon2 password hashes.

An `Actor` is who performs a use-case (the API builds it from the JWT; the CLI from its
options). Usernames are validated strictly because they become JWT subjects and audit
actors: 3–64 characters of [A-Za-z0-9_.-].

`authenticate` costs the same whether or not the user exists (a dummy hash is verified for
unknown names), so response time does not reveal which usernames exist; and it rehashes a
password whose hash used older argon2 parameters.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache
from typing import Literal, get_args

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.store.models import UserRow
from contests.usecases.errors import Conflict
from contests.usecases.transaction import transaction
from scoring.errors import Problem, RuleError

# contest roles, then the five-smalls roles: an employee (职工) submits and sees their own
# submissions, a reviewer (评审专家) scores the ones assigned, finance (财务) verifies benefits
Role = Literal["organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance"]
ROLES: tuple[str, ...] = get_args(Role)
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,64}")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; bound the work an attacker can ask for

_hasher = PasswordHasher()


class Actor(msgspec.Struct, frozen=True):
    username: str
    role: Role


class UserError(RuleError):
    """A username, password or role that breaks the account rules (→ 400)."""


def username_problem(username: object) -> str | None:
    if not isinstance(username, str):
        return "must be text"
    if USERNAME_PATTERN.fullmatch(username) is None:
        return "must be 3 to 64 characters of letters, digits, '_', '.' or '-'"
    return None


def _account_problems(username: object, password: object, role: object) -> list[Problem]:
    problems = []
    if why := username_problem(username):
        problems.append(Problem("username", why))
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.append(Problem("password", f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters"))
    if role not in ROLES:
        problems.append(Problem("role", f"must be one of {', '.join(ROLES)}, got {role!r}"))
    return problems


async def add_user(session: AsyncSession, username: str, password: str, role: Role, *, by: Actor | None = None) -> Actor:
    """Create an account; Conflict (409) if the username is taken. `by` is recorded as the
    audit actor (the CLI and demo seeding pass none: "system")."""
    problems = _account_problems(username, password, role)
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


__all__ = [
    "Actor",
    "ROLES",
    "Role",
    "UserError",
    "add_user",
    "authenticate",
    "count_users",
    "get_actor",
    "list_users",
    "username_problem",
]
