"""Engines and sessions for SQLite (default, one file) and PostgreSQL (asyncpg).

SQLite gets its pragmas on every new connection: WAL (readers don't block the writer),
foreign keys ON (off by default in SQLite!) and a busy timeout, so a second writer waits
up to 5 s for the lock instead of failing at once (the URL's own `?timeout=` in seconds, as
sqlite3 spells it, sets another wait). A writer that still finds the lock taken gets
"database is locked": an overload, answered 503 with Retry-After (contests.store.overload).

Sessions use `expire_on_commit=False`: a use-case returns values read from rows after its
commit, and an expired attribute would need a lazy load, which async SQLAlchemy cannot do.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///./biwu.db"
BUSY_TIMEOUT_MS = 5000

# plain driver-less URLs are accepted and given the async driver we ship
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def database_url(url: str | URL) -> URL:
    """`url` with an async driver: sqlite:// → sqlite+aiosqlite://, postgresql:// → +asyncpg."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    if parsed.drivername not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise ValueError(f"unsupported database URL {parsed.drivername!r}: use sqlite+aiosqlite:// or postgresql+asyncpg://")
    return parsed


def is_sqlite(url: str | URL) -> bool:
    return database_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | URL = DEFAULT_URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url`; extra keyword arguments go to `create_async_engine`."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)  # several workers, long-lived pools
    engine = create_async_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        busy_ms = _busy_timeout_ms(parsed)
        event.listen(engine.sync_engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, busy_ms))
    return engine


def _busy_timeout_ms(url: URL) -> int:
    timeout = url.query.get("timeout")
    try:
        return max(0, round(float(timeout) * 1000)) if isinstance(timeout, str) else BUSY_TIMEOUT_MS
    except ValueError:
        raise ValueError(f"database URL: timeout={timeout!r} is not a number of seconds") from None


def _sqlite_pragmas(dbapi_connection: Any, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    finally:
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


__all__ = ["DEFAULT_URL", "database_url", "is_sqlite", "make_engine", "session_factory"]
