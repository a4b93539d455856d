"""Login accounts for tests, written straight into the users table.

`add_user` hashes every password with argon2 (≈ 0.1 s of CPU on purpose), which is what
tests/db/test_users.py tests; every other test only needs accounts that exist and can log
in. Here each distinct password is hashed once per test process and the rows are inserted
directly (no audit entry: the accounts are set-up, not the subject of the test).

    await add_logins(session, {"org": "organiser", "judge1": "judge"})   # password_of(username)
    await add_logins(session, [Actor("rev1", "reviewer")], password="password")
    await add_logins(session, [("organiser", "organiser", "organiser-demo")])   # its own password
    headers = log_in(client, "org")                                       # via /auth/token
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from argon2 import PasswordHasher
from litestar.testing import TestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.store.models import UserRow

PASSWORD = "password-of-{}"  # the default password of a login: its username in this pattern
NO_PASSWORD = "!"  # not an argon2 hash: an account nobody can log in to (use-case tests need none)


def password_of(username: str) -> str:
    return PASSWORD.format(username)


@cache
def password_hash(password: str) -> str:
    """The argon2 hash of `password` with the service's parameters, computed once per process."""
    return PasswordHasher().hash(password)


# username → role; Actors; (username, role) pairs; or (username, role, password) triples
Accounts = Mapping[str, str] | Iterable[Actor] | Iterable[tuple[str, str]] | Iterable[tuple[str, str, str]]


def _triples(accounts: Accounts, password: str | None) -> list[tuple[str, str, str]]:
    """(username, role, password) of each account."""
    pairs = accounts.items() if isinstance(accounts, Mapping) else accounts
    out = []
    for account in pairs:
        username, role, *own = (account.username, account.role) if isinstance(account, Actor) else account
        out.append((username, role, own[0] if own else password if password is not None else password_of(username)))
    return out


async def add_logins(
    session: AsyncSession, accounts: Accounts, *, password: str | None = None, can_log_in: bool = True, skip_existing: bool = False
) -> list[Actor]:
    """Insert the accounts and commit. The password is a triple's own, else `password`, else
    `password_of(username)`; `can_log_in=False` stores no usable hash. `skip_existing` leaves
    accounts that already exist (module-scoped databases)."""
    triples = _triples(accounts, password)
    if skip_existing:
        usernames = [u for u, _, _ in triples]
        taken = set((await session.scalars(select(UserRow.username).where(UserRow.username.in_(usernames)))).all())
        triples = [t for t in triples if t[0] not in taken]
    for username, role, secret in triples:
        session.add(UserRow(username=username, password_hash=password_hash(secret) if can_log_in else NO_PASSWORD, role=role))
    await session.commit()
    return [Actor(username=u, role=r) for u, r, _ in triples]  # type: ignore[arg-type]


def log_in(client: TestClient, username: str, password: str | None = None) -> dict[str, str]:
    """The Authorization header of `username`, signed in through /auth/token like a tablet."""
    response = client.post(
        "/auth/token", data={"username": username, "password": password if password is not None else password_of(username)}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


__all__ = ["NO_PASSWORD", "PASSWORD", "add_logins", "log_in", "password_hash", "password_of"]
