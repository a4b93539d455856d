"""A use-case transaction that is run again when it lost a race.

Use-cases check, then write. Between the two another writer may commit the very row we
are about to write (the next mark version of a cell, an idempotency key, the next
snapshot number); the unique constraint refuses our insert and `transaction` turns the
IntegrityError into a Conflict. Where running the whole check-and-write again gives the
right answer (a retried request then finds the winner's stored answer; a second writer of a
cell then sees the winner's mark and is judged against it), this does so a few times
before giving up with that Conflict.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction

T = TypeVar("T")
ATTEMPTS = 4


async def retrying(session: AsyncSession, attempt: Callable[[], Awaitable[T]], *, conflict: str, path: str = "") -> T:
    """Run `attempt` in a transaction (committed on success); again after a lost race."""
    for n in range(ATTEMPTS):
        try:
            async with transaction(session, conflict=conflict, path=path):
                result = await attempt()
            return result
        except Conflict as exc:
            if n + 1 < ATTEMPTS and isinstance(exc.__cause__, IntegrityError):
                continue  # transaction() rolled back: the next attempt reads the winner's rows
            raise
    raise AssertionError("unreachable")


__all__ = ["ATTEMPTS", "retrying"]
