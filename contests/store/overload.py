"""Database overload: the errors that mean "too busy right now, send it again", not "this
request is wrong" nor "biwu has a bug".

A venue with 32 tablets writing at once can outrun the database: SQLite lets one writer at a
time and gives up after its busy timeout ("database is locked"); PostgreSQL may pick a
deadlock victim, fail a serializable transaction, refuse a connection, or the pool may have
no free connection in time. Each of these rolled the whole transaction back (nothing was
stored) and the same request can succeed a moment later, so the service answers 503 with
`Retry-After` (api.problems) and `retrying` runs a lost deadlock again at once.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER_SECONDS = 1

# PostgreSQL SQLSTATE → what happened, in the organiser's words
_POSTGRES = {
    "40001": "a concurrent transaction changed the same rows (serialization failure)",
    "40P01": "two transactions waited for each other (deadlock); this one was cancelled",
    "55P03": "a row or table stayed locked by another transaction (lock timeout)",
    "53300": "the database has no free connection (too many connections)",
    "57P03": "the database is starting or shutting down",
}
# a lost race on these: the attempt may simply run again (contests.usecases.core.retrying)
TRANSIENT = frozenset({"40001", "40P01"})
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def sqlstate(exc: BaseException) -> str | None:
    """The PostgreSQL SQLSTATE of a driver error (asyncpg, as SQLAlchemy wraps it), else None."""
    orig = getattr(exc, "orig", None)
    for candidate in (orig, getattr(orig, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def overload(exc: BaseException) -> str | None:
    """Why `exc` is a retryable overload of the database, or None if it is something else."""
    if isinstance(exc, PoolTimeout):
        return "every database connection is in use (the pool timed out waiting for one)"
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError) and _sqlite_busy(orig):
        return "the database is busy with other writers (SQLite: database is locked)"
    return _POSTGRES.get(sqlstate(exc) or "")


def transient(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the transaction lost a race and may run again."""
    return isinstance(exc, DBAPIError) and sqlstate(exc) in TRANSIENT


def _sqlite_busy(orig: sqlite3.OperationalError) -> bool:
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_BUSY  # extended codes (BUSY_SNAPSHOT …) keep the primary in the low byte
    text = str(orig).lower()
    return "database is locked" in text or "database table is locked" in text or "database is busy" in text


__all__ = ["RETRY_AFTER_SECONDS", "TRANSIENT", "overload", "sqlstate", "transient"]
