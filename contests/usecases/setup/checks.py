"""Checks shared by the registration use-cases (units, teams, competitors, judges): declared
bounds, registration rules re-rooted at the record's own fields, a record found by its key
or refused naming the field, the unit a team or judge belongs to, a contest's records in
registration order, and "still in use" refusals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest
from contests.errors import RegistrationError
from contests.fields import validation_problem
from contests.people import Judge, Registration, Team, registration_problems
from contests.store.models import UnitRow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.setup import records

T = TypeVar("T")


def typed(record: msgspec.Struct) -> None:
    """Apply the Struct's declared bounds: Structs built in Python skip msgspec's Meta
    checks, which only run on decoding (a body from the API has passed them already)."""
    try:
        msgspec.convert(msgspec.to_builtins(record), type(record))
    except msgspec.ValidationError as exc:
        raise RegistrationError.at(*validation_problem(exc)) from exc


def check(reg: Registration, group: str, contest: Contest | None = None) -> None:
    """Raise RegistrationError with the problems of `reg`, rooted at its one `group` record."""
    problems = lookup.reroot(registration_problems(reg, contest), f"{group}[0]")
    if problems:
        raise RegistrationError(problems)


def found(row: T | None, what: str, key: str, path: str = "code") -> T:
    """The record looked up by its key, or NotFound (404) at the field that named it."""
    if row is None:
        raise lookup.missing(what, key, path)
    return row


async def in_contest(session: AsyncSession, model: Any, contest_id: int, *where: Any) -> Sequence[Any]:
    """The contest's `model` rows (units, teams, competitors, judges) in registration order."""
    return (await session.scalars(select(model).where(model.contest_id == contest_id, *where).order_by(model.id))).all()


async def unit_of(session: AsyncSession, contest_id: int, record: Team | Judge, group: str) -> UnitRow:
    """The unit row a team or judge names, checked by the registration rules rooted at the
    record (`group`: "teams" or "judges"); RegistrationError at `unit` for an unknown one."""
    unit = await lookup.unit_row(session, contest_id, record.unit)
    known = [records.unit(unit)] if unit is not None else []
    check(Registration(units=known, **{group: [record]}), group)
    assert unit is not None  # check() refused an unknown unit
    return unit


async def count_referencing(session: AsyncSession, column: Any, value: int) -> int:
    return int(await session.scalar(select(func.count()).where(column == value)) or 0)


def in_use(what: str, key: str, counts: dict[str, int]) -> Conflict | None:
    used = [f"{n} {name}" for name, n in counts.items() if n]
    if not used:
        return None
    return Conflict.at("code", f"{what} {key!r} is still used by {', '.join(used)}")


__all__ = ["check", "count_referencing", "found", "in_contest", "in_use", "typed", "unit_of"]
