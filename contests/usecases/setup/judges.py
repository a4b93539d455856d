"""Judges of a contest (裁判), each from a unit, optionally linked to a login account.

Panels and recusals live in contests.usecases.setup.panels and are re-exported here
(`set_panel`, `get_panel`, `list_panels`), the names the API was built against.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import SEAT_ROLES, Actor, username_problem
from contests.errors import RegistrationError
from contests.people import Judge
from contests.store.models import JudgeRow, PanelMemberRow, UserRow
from contests.usecases.accounts.seats import revoke_unseated_judges
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.setup import records
from contests.usecases.setup.checks import count_referencing, found, in_contest, in_use, typed, unit_of
from contests.usecases.setup.panels import get_panel, list_panels, set_panel


async def add_judge(session: AsyncSession, actor: Actor, contest_id: int, judge: Judge, *, username: str | None = None) -> Judge:
    """Register a judge. RegistrationError (400) naming `unit` (unknown unit) or `username`
    (no such account); Conflict (409) for a judge code already used, or an account already
    linked to another judge of the contest. `username` links the login the judge marks with."""
    contest = await lookup.contest_row(session, contest_id)
    typed(judge)
    taken = f"judge code {judge.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        unit = await unit_of(session, contest.id, judge, "judges")
        user = await _user(session, contest.id, username, None)
        if await lookup.judge_row(session, contest.id, judge.code) is not None:
            raise Conflict.at("code", taken)
        session.add(JudgeRow(contest_id=contest.id, code=judge.code, name=judge.name, unit=unit, role=judge.role, user=user))
        audit.record(
            session, actor.username, "judge.add", "judge", judge.code,
            contest_id=contest.id, after={"judge": judge, "username": username},
        )  # fmt: skip
    return judge


async def list_judges(session: AsyncSession, contest_id: int) -> list[Judge]:
    contest = await lookup.contest_row(session, contest_id)
    return [records.judge(r) for r in await in_contest(session, JudgeRow, contest.id)]


async def get_judge(session: AsyncSession, contest_id: int, code: str) -> Judge:
    contest = await lookup.contest_row(session, contest_id)
    return records.judge(await _judge(session, contest.id, code))


async def judge_for_user(session: AsyncSession, contest_id: int, username: str) -> Judge | None:
    """The judge of this contest a login account is linked to (for a judge's own views)."""
    contest = await lookup.contest_row(session, contest_id)
    query = select(JudgeRow).join(UserRow, JudgeRow.user_id == UserRow.id)
    row = await session.scalar(query.where(JudgeRow.contest_id == contest.id, UserRow.username == username))
    return records.judge(row) if row is not None else None


async def judge_logins(session: AsyncSession, contest_id: int) -> dict[str, str]:
    """judge code → username of the login linked to the seat (seats without a login are left out)."""
    contest = await lookup.contest_row(session, contest_id)
    query = select(JudgeRow.code, UserRow.username).join(UserRow, JudgeRow.user_id == UserRow.id)
    return {code: username for code, username in (await session.execute(query.where(JudgeRow.contest_id == contest.id))).all()}


async def update_judge(
    session: AsyncSession, actor: Actor, contest_id: int, code: str, judge: Judge, *, username: str | None = None
) -> Judge:
    """Replace judge `code` (and their account link). Once they have marked, their unit is
    fixed (Conflict, 409): their marks were checked against it."""
    contest = await lookup.contest_row(session, contest_id)
    typed(judge)
    taken = f"judge code {judge.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        row = await _judge(session, contest.id, code)
        unit = await unit_of(session, contest.id, judge, "judges")
        user = await _user(session, contest.id, username, row.id)
        if judge.code != code and await lookup.judge_row(session, contest.id, judge.code) is not None:
            raise Conflict.at("code", taken)
        if unit.id != row.unit_id and await lookup.marks_exist(session, contest.id, judge_id=row.id):
            raise Conflict.at("unit", f"judge {code!r} has already marked: their unit can no longer change")
        before = {"judge": records.judge(row), "username": row.user.username if row.user else None}
        old_user_id = row.user_id
        row.code, row.name, row.unit, row.role, row.user = judge.code, judge.name, unit, judge.role, user
        if user is None or user.id != old_user_id:
            await revoke_unseated_judges(session, [old_user_id])  # the old login left this seat
        audit.record(
            session, actor.username, "judge.update", "judge", code,
            contest_id=contest.id, before=before, after={"judge": judge, "username": username},
        )  # fmt: skip
    return judge


async def delete_judge(session: AsyncSession, actor: Actor, contest_id: int, code: str) -> None:
    """Delete a judge; Conflict (409) while on a panel or once they have marked."""
    contest = await lookup.contest_row(session, contest_id)
    async with transaction(session, conflict=f"judge {code!r} is still in use"):
        row = await _judge(session, contest.id, code)
        panels = await count_referencing(session, PanelMemberRow.judge_id, row.id)
        if refused := in_use("judge", code, {"panel(s)": panels}):
            raise refused
        if await lookup.marks_exist(session, contest.id, judge_id=row.id):
            raise Conflict.at("code", f"judge {code!r} has already marked and cannot be deleted")
        before = records.judge(row)
        await session.delete(row)
        audit.record(session, actor.username, "judge.delete", "judge", code, contest_id=contest.id, before=before)


async def _judge(session: AsyncSession, contest_id: int, code: str) -> JudgeRow:
    return found(await lookup.judge_row(session, contest_id, code), "judge", code)


async def _user(session: AsyncSession, contest_id: int, username: str | None, judge_id: int | None) -> UserRow | None:
    """The account to link, checked: it exists and no other judge of the contest has it."""
    if username is None:
        return None
    if why := username_problem(username):
        raise RegistrationError.at("username", why)
    user = await session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None:
        raise RegistrationError.at("username", f"no user account {username!r}")
    if user.role not in SEAT_ROLES:  # a judge seat marks: an organiser's or a viewer's login may not hold one
        raise Conflict.at(
            "username", f"account {username!r} has role {user.role!r}: only a judge or chief judge login can hold a judge seat"
        )
    other = await session.scalar(
        select(JudgeRow.code).where(JudgeRow.contest_id == contest_id, JudgeRow.user_id == user.id, JudgeRow.id != judge_id)
    )
    if other is not None:
        raise Conflict.at("username", f"account {username!r} is already linked to judge {other!r}")
    return user


__all__ = [
    "add_judge",
    "delete_judge",
    "get_judge",
    "get_panel",
    "judge_for_user",
    "judge_logins",
    "list_judges",
    "list_panels",
    "set_panel",
    "update_judge",
]
