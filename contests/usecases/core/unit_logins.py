"""Logins tied to one unit (单位经办人): an `employee` login that the organiser ties to one unit
of a labour competition (a reporter, 填报员) or of an honours round (a nominator, 推荐单位经办人)
acts for that unit only. The checks and messages are the same for both; what differs (the
table, the words for the duty) is passed in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.store.models import UserRow
from contests.usecases.core.access import ORGANISER, Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction

UNIT_LOGIN_ROLE = "employee"  # the role of people who enter their own records: no new role was needed


async def require_employee_login(session: AsyncSession, username: str, duty: str) -> None:
    """NotFound if there is no such login; Conflict if it is not an employee login."""
    role = await session.scalar(select(UserRow.role).where(UserRow.username == username))
    if role is None:
        raise NotFound.at("username", f"no account {username!r}")
    if role != UNIT_LOGIN_ROLE:
        raise Conflict.at("username", f"a {duty} logs in with the {UNIT_LOGIN_ROLE!r} role; {username!r} is {role!r}")


async def tie_to_unit(session: AsyncSession, actor: Actor, row: Any, taken: str, audit_entry: tuple[str, str, str], after: Any) -> None:
    """Write the tie and its audit entry in one transaction; a login tied already is `taken`
    (a Conflict naming `username`, from the table's unique key). `audit_entry` is the
    entry's (action, kind, key)."""
    action, kind, key = audit_entry
    async with transaction(session, conflict=taken, path="username"):
        session.add(row)
        audit.record(session, actor.username, action, kind, key, after=after)


async def unit_of_login(session: AsyncSession, actor: Actor, unit: Select, acts: str, duty: str, scope: str) -> str | None:
    """The unit `unit` (a query of this login's tie) finds; None for the organiser (every
    unit). Forbidden for any other role, and for an employee login tied to no unit."""
    if actor.role == ORGANISER:
        return None
    if actor.role == UNIT_LOGIN_ROLE:
        found = await session.scalar(unit)
        if found is not None:
            return found
        raise Forbidden.at("", f"account {actor.username!r} {acts} for no unit of this {scope}")
    raise Forbidden.at("", f"only the organiser or a {duty} may do this; you are {actor.role!r}")


__all__ = ["UNIT_LOGIN_ROLE", "require_employee_login", "tie_to_unit", "unit_of_login"]
