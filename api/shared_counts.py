"""Litestar's `Store` on the `shared_counts` table (issue 15, point 7): one count for all workers.

`biwu serve --workers N` runs N processes on one database. The login limits kept their counts
in each process's memory, so N workers allowed N × the limit; kept here, every worker reads
and writes the same rows.

Guarantee: `update(key, change)` is an atomic read-modify-write per key on SQLite and
PostgreSQL alike, in one short transaction: the key's row is locked before it is read (on
PostgreSQL `SELECT … FOR UPDATE` on the row, made to exist first by an `INSERT … ON CONFLICT
DO NOTHING`; on SQLite that same insert, a write, takes the database's single write lock
before the read, so no other writer can slip in between). Simultaneous updates of one key
from any number of workers therefore run one after another and none is lost; other keys are
not held up on PostgreSQL. (A compare-and-set with retries was tried first: correct, but 200
simultaneous updates of one key on SQLite took 15 s of retries and one gave up.)

The engine is bound in the app's lifespan (api.app.database), after the app is built. Expired
rows are ignored on read and purged on write, at most `PURGE` at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from litestar.stores.base import Store
from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contests.store.shared_counts import SharedCountRow

PURGE = 100
TABLE = SharedCountRow.__table__

Change = Callable[[bytes | None], bytes | None]  # the current value (None: none) → the new one (None: leave it)


def _seconds(expires_in: int | timedelta | None) -> float | None:
    if expires_in is None:
        return None
    return expires_in.total_seconds() if isinstance(expires_in, timedelta) else float(expires_in)


def _live(now: float):
    return or_(TABLE.c.expires_at.is_(None), TABLE.c.expires_at > now)


class DatabaseStore(Store):
    """A key/value store in the `shared_counts` table, shared by every worker on the database."""

    __slots__ = ("engine",)

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        self.engine = engine

    def _engine(self) -> AsyncEngine:
        if self.engine is None:
            raise RuntimeError("DatabaseStore used before the app's database lifespan bound its engine")
        return self.engine

    async def _read(self, key: str) -> tuple[bytes, float | None] | None:
        async with self._engine().connect() as conn:
            row = (await conn.execute(select(TABLE.c.value, TABLE.c.expires_at).where(TABLE.c.key == key, _live(time.time())))).first()
        return (row.value, row.expires_at) if row else None

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        found = await self._read(key)
        if found is None:
            return None
        if renew_for and found[1] is not None:
            await self.set(key, found[0], renew_for)
        return found[0]

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        data = value.encode("utf-8") if isinstance(value, str) else value
        expires_at = None if (seconds := _seconds(expires_in)) is None else time.time() + seconds
        async with self._engine().begin() as conn:
            insert = self._insert(conn).values(key=key, value=data, expires_at=expires_at)
            await conn.execute(insert.on_conflict_do_update(index_elements=["key"], set_={"value": data, "expires_at": expires_at}))
            await self._purge(conn)

    async def update(self, key: str, change: Change, expires_in: int | timedelta | None = None) -> bool:
        """Atomically replace the key's live value (None if none) by `change(value)`, with a new
        expiry: True once written, False if `change` answered None (nothing written)."""
        seconds = _seconds(expires_in)
        async with self._engine().begin() as conn:
            # the first statement writes: it takes SQLite's write lock (waiting up to the busy
            # timeout), and makes sure PostgreSQL has a row to lock; an expired placeholder
            # reads as no value
            placeholder = self._insert(conn).values(key=key, value=b"", expires_at=0.0)
            await conn.execute(placeholder.on_conflict_do_nothing(index_elements=["key"]))
            locked = select(TABLE.c.value, TABLE.c.expires_at).where(TABLE.c.key == key).with_for_update()
            row = (await conn.execute(locked)).one()
            now = time.time()
            new = change(row.value if row.expires_at is None or row.expires_at > now else None)
            if new is None:
                return False
            expires_at = None if seconds is None else now + seconds
            await conn.execute(update(TABLE).where(TABLE.c.key == key).values(value=new, expires_at=expires_at))
            await self._purge(conn)
            return True

    @staticmethod
    def _insert(conn: AsyncConnection):
        return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(TABLE)

    @staticmethod
    async def _purge(conn: AsyncConnection) -> None:
        """Delete at most PURGE expired rows: a spray of random usernames or addresses leaves
        rows behind, and each write clears a few, so the table stays about as large as the
        keys counted in the last window."""
        # SKIP LOCKED (PostgreSQL; SQLite has one writer anyway): rows another worker holds are
        # left for later, so two purges never wait on each other's locked keys (a deadlock)
        oldest = select(TABLE.c.key).where(TABLE.c.expires_at <= time.time()).order_by(TABLE.c.expires_at).limit(PURGE)
        oldest = oldest.with_for_update(skip_locked=True)
        await conn.execute(delete(TABLE).where(TABLE.c.key.in_(oldest.scalar_subquery())))

    async def delete(self, key: str) -> None:
        async with self._engine().begin() as conn:
            await conn.execute(delete(TABLE).where(TABLE.c.key == key))

    async def delete_all(self) -> None:
        async with self._engine().begin() as conn:
            await conn.execute(delete(TABLE))

    async def exists(self, key: str) -> bool:
        return await self._read(key) is not None

    async def expires_in(self, key: str) -> int | None:
        found = await self._read(key)
        if found is None or found[1] is None:
            return None
        return int(found[1] - time.time())


__all__ = ["PURGE", "DatabaseStore"]
