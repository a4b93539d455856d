"""Checks shared by the registration use-cases: declared bounds, registration rules
re-rooted at the record's own fields, and "still in use" refusals."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest
from contests.errors import RegistrationError
from contests.fields import validation_problem
from contests.people import Registration, registration_problems
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict


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


async def count_referencing(session: AsyncSession, column: Any, value: int) -> int:
    return int(await session.scalar(select(func.count()).where(column == value)) or 0)


def in_use(what: str, key: str, counts: dict[str, int]) -> Conflict | None:
    used = [f"{n} {name}" for name, n in counts.items() if n]
    if not used:
        return None
    return Conflict.at("code", f"{what} {key!r} is still used by {', '.join(used)}")


__all__ = ["check", "count_referencing", "in_use", "typed"]
