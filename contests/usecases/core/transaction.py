"""The one way a use-case writes: validate, change, audit, then commit, all or nothing.

    async with transaction(session, conflict="unit code 'TL' is already used", path="code"):
        ...  # checks, session.add(...), audit.record(...)

On leaving the block the session is flushed and committed explicitly; a failing commit
raises (it is never swallowed). Any error inside or at commit rolls the whole transaction
back, so nothing is half-written. An IntegrityError or a StaleDataError (a concurrent writer
won a race past our own checks) becomes a `Conflict` with the human reason given.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from contests.usecases.core.errors import Conflict

DEFAULT_CONFLICT = "the change conflicts with stored data (a duplicate or a record still in use)"


@asynccontextmanager
async def transaction(session: AsyncSession, *, conflict: str = DEFAULT_CONFLICT, path: str = "") -> AsyncIterator[None]:
    try:
        yield
        await session.flush()
        await session.commit()
    except (IntegrityError, StaleDataError) as exc:
        # IntegrityError: a unique row was taken by a concurrent writer. StaleDataError: a
        # versioned row (compare-and-set) was changed since we read it. Either way we lost a race.
        await _rollback(session)
        raise Conflict.at(path, conflict) from exc
    except BaseException:
        await _rollback(session)
        raise


async def _rollback(session: AsyncSession) -> None:
    try:
        await session.rollback()
    except Exception:  # the connection may be gone; the original error is the one to report
        pass


__all__ = ["transaction"]
