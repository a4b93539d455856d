"""Accounts: argon2 hashes, strict usernames, audited creation, login without telling
which part was wrong."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from contests.accounts import Actor, UserError
from contests.store.models import AuditEventRow, UserRow
from contests.usecases.accounts.users import add_user, authenticate, get_actor, list_users
from contests.usecases.core.errors import Conflict
from tests.db.helpers import ORGANISER, counts

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_add_user_hashes_the_password_and_audits(session):
    actor = await add_user(session, "li.ming", "correct horse", "organiser", by=ORGANISER)
    assert actor == Actor(username="li.ming", role="organiser")
    row = await session.scalar(select(UserRow))
    assert row.password_hash.startswith("$argon2id$") and "correct horse" not in row.password_hash
    event = await session.scalar(select(AuditEventRow))
    assert (event.actor, event.action, event.entity_key) == ("organiser", "user.add", "li.ming")
    assert "argon2" not in (event.after or "")


async def test_duplicate_username_is_a_conflict_and_writes_nothing(session):
    await add_user(session, "judge01", "password1", "judge")
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await add_user(session, "judge01", "password2", "viewer")
    assert err.value.problems[0].path == "username"
    assert await counts(session) == before


@pytest.mark.parametrize(
    ("username", "password", "role", "field"),
    [
        ("ab", "password1", "judge", "username"),
        ("", "password1", "judge", "username"),
        ("张三", "password1", "judge", "username"),
        ("x" * 65, "password1", "judge", "username"),
        ("robert'); DROP TABLE users;--", "password1", "judge", "username"),
        ("valid_name", "short", "judge", "password"),
        ("valid_name", "password1", "admin", "role"),
    ],
)
async def test_bad_accounts_are_refused_with_the_field(session, username, password, role, field):
    with pytest.raises(UserError) as err:
        await add_user(session, username, password, role)
    assert [p.path for p in err.value.problems] == [field]
    assert (await counts(session))["users"] == 0


async def test_authenticate_accepts_only_the_right_password(session):
    await add_user(session, "chief", "s3cret-pass", "chief_judge")
    assert await authenticate(session, "chief", "s3cret-pass") == Actor(username="chief", role="chief_judge")
    assert await authenticate(session, "chief", "wrong-pass") is None
    assert await authenticate(session, "nobody", "s3cret-pass") is None
    assert await authenticate(session, "", "") is None
    assert await get_actor(session, "chief") == Actor(username="chief", role="chief_judge")
    assert await get_actor(session, "nobody") is None
    assert await list_users(session) == [Actor(username="chief", role="chief_judge")]


async def test_an_outdated_hash_is_upgraded_at_login(session):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("old-password")
    session.add(UserRow(username="veteran", password_hash=weak, role="viewer"))
    await session.commit()
    assert await authenticate(session, "veteran", "old-password") == Actor(username="veteran", role="viewer")
    row = await session.scalar(select(UserRow).where(UserRow.username == "veteran"))
    assert row.password_hash != weak and not PasswordHasher().check_needs_rehash(row.password_hash)
    assert await authenticate(session, "veteran", "old-password") is not None
