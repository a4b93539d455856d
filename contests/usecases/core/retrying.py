"""A use-case transaction that is run again when it lost a race.

Use-cases check, then write. Between the two another writer may commit the very row we
are about to write (the next mark version of a cell, an idempotency key, the next
snapshot number); the unique constraint refuses our insert and `transaction` turns the
IntegrityError into a Conflict. Where running the whole check-and-write again gives the
right answer (a retried request then finds the winner's stored answer; a second writer of a
cell then sees the winner's mark and is judged against it), this does so a few times
before giving up with that Conflict.

The contract of `attempt`: it loads every row it reads itself, inside the attempt. The
rollback between attempts expires every ORM object the session had loaded (what it read
belongs to a transaction that lost, and may no longer be true: the contest's current
version, a lock, the next number). A row loaded before the first attempt and used by a
later one would lazy-load on attribute access, which async SQLAlchemy cannot do: the retry
crashed with MissingGreenlet (a 500) instead of finding the winner's rows. Keeping objects
unexpired across the rollback (SQLAlchemy offers no switch for it, for that reason) would
only hide the stale read; re-loading is one primary-key query per retry. Plain values
(ids, the request, a digest) may be captured; rows may not.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contests.store.overload import transient
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
            # IntegrityError: a unique row was taken; StaleDataError: a compare-and-set lost
            if n + 1 < ATTEMPTS and isinstance(exc.__cause__, (IntegrityError, StaleDataError)):
                continue  # transaction() rolled back: the next attempt reads the winner's rows
            raise
        except DBAPIError as exc:
            if n + 1 < ATTEMPTS and transient(exc):
                continue  # PostgreSQL chose us as a deadlock or serialization victim: same as a lost race
            raise  # other overloads (SQLite busy, pool timeout) reach the client as 503 + Retry-After
    raise AssertionError("unreachable")


__all__ = ["ATTEMPTS", "retrying"]
