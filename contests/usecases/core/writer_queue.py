"""One writer at a time per SQLite database, queued in the process instead of in SQLite.

SQLite lets one transaction write at a time. A second writer that finds the lock taken sleeps
in SQLite's busy handler, which polls with growing sleeps (up to 100 ms each) and gives up
after the busy timeout ("database is locked", a 503). With 8 judges sending batches to one
worker, most of a batch's time was such sleeping: each writer woke long after the lock was
free, and the unlucky ones ran out of time. Queued on an asyncio lock, the writers of one
process take their turn the moment the previous one commits, in arrival order.

The queue holds the whole check-and-write of a use-case (`retrying` and its attempts): the
checks then read what the writes commit on, as a lone writer would. It is a lock of this
process only: another process writing the same file (the CLI, a second `biwu serve`, which
`--workers` refuses on SQLite) is still met by SQLite's busy handler, and what commits is
decided by SQLite as before, so durability (a kill -9 loses no committed batch) and the
retries (`core.retrying`) are unchanged. PostgreSQL locks rows, not the database: no queue.

The locks are per event loop (an asyncio lock belongs to one loop; tests run many loops) and
per engine, the app's one pool of connections to the file. Not per URL: a second engine on the
same file in this process (a test's rival standing in for another process, the CLI's own
engine) must meet SQLite's lock as another process would; keyed by URL, a rival that had to
commit while our queued writer waited for it waited for our turn instead, forever. A queued
writer must not wait for another queued writer of its own engine (not nested).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

_QUEUES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, weakref.WeakKeyDictionary[Engine, asyncio.Lock]] = weakref.WeakKeyDictionary()


def _queue(engine: Engine) -> asyncio.Lock:
    queues = _QUEUES.setdefault(asyncio.get_running_loop(), weakref.WeakKeyDictionary())
    return queues.setdefault(engine, asyncio.Lock())


@asynccontextmanager
async def queued_writer(session: AsyncSession) -> AsyncIterator[None]:
    """Wait for this process's turn to write the session's SQLite database; on PostgreSQL
    (and any other database) enter at once."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    async with _queue(bind.engine):  # a Connection's .engine is its Engine; an Engine's is itself
        yield


__all__ = ["queued_writer"]
