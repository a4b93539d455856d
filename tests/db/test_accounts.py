"""Accounts that can be managed (issue 10, item 9), on the store: the password policy,
disable / enable, password change and reset, token generations, seat-scoped judge tokens,
the judge seat only for a login that can mark, and the stored signing key."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contests.accounts import UserError, common_passwords, password_problem
from contests.people import Judge
from contests.store.models import AuditEventRow, SigningKeyRow, UserRow
from contests.usecases.accounts.management import change_password, reset_password, set_disabled
from contests.usecases.accounts.signing_key import rotate_signing_key, signing_key
from contests.usecases.accounts.users import actor_for_token, add_user, authenticate, get_actor, list_accounts, log_in
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.setup import judges
from tests.db.helpers import ORGANISER, counts, welder_contest

pytestmark = [pytest.mark.db, pytest.mark.anyio]

GOOD = "焊花飞溅-2026-秋"


# ---------------------------------------------------------------- the password policy


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("12345678", "at least 10"),
        ("password", "at least 10"),
        ("short", "8 to 1024"),
        ("1234567890", "common"),
        ("QWERTYUIOP", "common"),
        ("password123", "common"),
        ("woaini1314", "common"),
        ("wang.ming.ok", "username"),
        ("zzzzzzzzzzzz", "repeated"),
    ],
)
async def test_the_policy_refuses_short_common_and_guessable_passwords(session, password, rule):
    assert rule in (password_problem(password, "wang.ming.ok") or "")
    with pytest.raises(UserError) as err:
        await add_user(session, "wang.ming.ok", password, "judge", policy=True)
    assert [p.path for p in err.value.problems] == ["password"]
    assert (await counts(session))["users"] == 0


async def test_the_policy_accepts_a_long_uncommon_password(session):
    assert len(common_passwords()) >= 1000 and {"12345678", "password", "123456"} <= common_passwords()
    assert password_problem(GOOD, "wang") is None
    await add_user(session, "wang", GOOD, "judge", policy=True)
    assert await authenticate(session, "wang", GOOD) is not None


# ---------------------------------------------------------------- disable, enable


async def test_disable_refuses_login_and_revokes_tokens_enable_lets_log_in_again(session):
    await add_user(session, "li.lei", GOOD, "judge")
    before = await log_in(session, "li.lei", GOOD)
    assert before is not None and await actor_for_token(session, "li.lei", before.generation) is not None
    account = await set_disabled(session, ORGANISER, "li.lei", True)
    assert account.disabled
    assert await authenticate(session, "li.lei", GOOD) is None
    assert await actor_for_token(session, "li.lei", before.generation) is None
    assert await get_actor(session, "li.lei") is None
    assert [a.disabled for a in await list_accounts(session)] == [True]
    await set_disabled(session, ORGANISER, "li.lei", False)
    after = await log_in(session, "li.lei", GOOD)
    assert after is not None and after.generation > before.generation
    assert await actor_for_token(session, "li.lei", before.generation) is None  # the old token stays revoked
    actions = (await session.scalars(select(AuditEventRow.action).order_by(AuditEventRow.id))).all()
    assert actions[-2:] == ["user.disable", "user.enable"]


async def test_one_cannot_disable_oneself_or_an_unknown_account(session):
    await add_user(session, "organiser", GOOD, "organiser")
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await set_disabled(session, ORGANISER, "organiser", True)
    assert err.value.problems[0].path == "username"
    with pytest.raises(NotFound):
        await set_disabled(session, ORGANISER, "nobody", True)
    assert await counts(session) == before


# ---------------------------------------------------------------- passwords


async def test_changing_ones_password_needs_the_current_one_and_revokes_old_tokens(session):
    await add_user(session, "han.mei", GOOD, "viewer")
    old = await log_in(session, "han.mei", GOOD)
    actor = old.actor
    before = await counts(session)
    with pytest.raises(Conflict) as err:
        await change_password(session, actor, "not-my-password", "一个新的好口令-2026")
    assert err.value.problems[0].path == "current_password"
    with pytest.raises(UserError) as err:
        await change_password(session, actor, GOOD, "12345678")
    assert err.value.problems[0].path == "new_password"
    assert await counts(session) == before
    generation = await change_password(session, actor, GOOD, "一个新的好口令-2026")
    assert generation > old.generation
    assert await actor_for_token(session, "han.mei", old.generation) is None
    assert await actor_for_token(session, "han.mei", generation) == actor
    assert await authenticate(session, "han.mei", GOOD) is None
    assert await authenticate(session, "han.mei", "一个新的好口令-2026") == actor


async def test_a_reset_sets_the_password_revokes_tokens_and_audits_no_hash(session):
    await add_user(session, "zhao.li", GOOD, "judge")
    old = await log_in(session, "zhao.li", GOOD)
    with pytest.raises(UserError):
        await reset_password(session, ORGANISER, "zhao.li", "password")
    await reset_password(session, ORGANISER, "zhao.li", "重置后的口令-abc")
    assert await actor_for_token(session, "zhao.li", old.generation) is None
    assert await authenticate(session, "zhao.li", "重置后的口令-abc") is not None
    event = await session.scalar(select(AuditEventRow).where(AuditEventRow.action == "user.reset_password"))
    assert (event.actor, event.entity_key) == ("organiser", "zhao.li")
    row = await session.scalar(select(UserRow).where(UserRow.username == "zhao.li"))
    assert row.password_hash not in (event.before or "") + (event.after or "")


# ---------------------------------------------------------------- judge seats


async def test_a_judge_seat_needs_a_login_that_can_mark(session):
    contest_id = await welder_contest(session)
    await add_user(session, "org2", GOOD, "organiser")
    await add_user(session, "viewer2", GOOD, "viewer")
    before = await counts(session)
    for username in ("org2", "viewer2"):
        with pytest.raises(Conflict) as err:
            await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J9", name="裁判九", unit="HF"), username=username)
        assert err.value.problems[0].path == "username" and "judge" in err.value.problems[0].rule
    assert await counts(session) == before
    await add_user(session, "chief2", GOOD, "chief_judge")
    await judges.add_judge(
        session, ORGANISER, contest_id, Judge(code="CJ", name="裁判长", unit="HF", role="chief_judge"), username="chief2"
    )


async def test_a_judge_login_leaving_its_last_panel_loses_its_tokens(session):
    contest_id = await welder_contest(session, judges=True)
    await add_user(session, "judge.six", GOOD, "judge")
    await add_user(session, "chief.one", GOOD, "chief_judge")
    await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J7", name="裁判七", unit="HF"), username="judge.six")
    await judges.add_judge(session, ORGANISER, contest_id, Judge(code="J8", name="裁判八", unit="HF"), username="chief.one")
    never_seated = await log_in(session, "judge.six", GOOD)
    panel = ["J1", "J2", "J3", "J7", "J8"]
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", panel)
    seated = await log_in(session, "judge.six", GOOD)
    chief = await log_in(session, "chief.one", GOOD)
    assert seated.generation == never_seated.generation  # taking a seat revokes nothing
    await judges.set_panel(session, ORGANISER, contest_id, "welder", "practical", ["J1", "J2", "J3", "J4", "J5"])
    assert await actor_for_token(session, "judge.six", seated.generation) is None
    assert await actor_for_token(session, "chief.one", chief.generation) is not None  # a chief judge's rights are not the seat's
    again = await log_in(session, "judge.six", GOOD)
    assert await actor_for_token(session, "judge.six", again.generation) is not None


# ---------------------------------------------------------------- the signing key


async def test_the_signing_key_is_made_once_kept_and_rotated(session):
    first = await signing_key(session)
    assert len(first) >= 48 and await signing_key(session) == first
    assert await session.scalar(select(SigningKeyRow.secret)) == first
    await rotate_signing_key(session)
    assert await signing_key(session) != first
    audited = (
        await session.scalars(select(AuditEventRow.action).where(AuditEventRow.entity == "signing_key").order_by(AuditEventRow.id))
    ).all()
    assert audited == ["signing_key.create", "signing_key.rotate"]
    assert all(first not in (e.after or "") for e in await session.scalars(select(AuditEventRow)))
