"""Provisional standings served from a cache while the event is unchanged (issue 15).

Every change of a contest's data is written by a use-case together with its audit event, in
the same transaction (`contests.audit`): marks and corrections, times, locks and unlocks,
appeals and their decisions, registrations, draws, panels, definitions and the unblinding.
Audit events are append-only, so the number of a contest's audit events grows with every
committed change, whatever order concurrent transactions commit in (a highest id alone
would not do on PostgreSQL, where a smaller id can commit after a larger one). The key of a
cached answer is therefore read from the database on every request: the contest's audit
count and highest audit id, its definition version, the event and the reader's role. Several
app workers each keep their own cache and can never serve a result older than the database.

The key is read before the standings are computed, so a change committed in between can
only make the stored answer newer than its key, and that key is dead from then on.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.results.standings import Standings
from contests.store.models import AuditEventRow, ContestRow
from contests.usecases.core import access
from contests.usecases.judging.provisional import provisional_standings

CAPACITY = 8  # answers kept per worker (event × role): a contest day has a handful; one holds a whole event


@dataclass(frozen=True, eq=False)
class ServedStandings:
    """Standings as served: `body` is their JSON (encoded once per key), `cached` whether
    they came from the cache (the `X-Standings-Cache` header)."""

    standings: Standings
    body: bytes
    cached: bool


@dataclass(eq=False)
class StandingsCache:
    """Least recently used answers per (contest, event, role), each with its data key."""

    capacity: int = CAPACITY
    hits: int = 0
    misses: int = 0
    entries: OrderedDict[tuple, tuple[tuple, Standings, bytes]] = field(default_factory=OrderedDict)

    def get(self, slot: tuple, key: tuple) -> tuple[Standings, bytes] | None:
        entry = self.entries.get(slot)
        if entry is None or entry[0] != key:
            self.misses += 1
            return None
        self.entries.move_to_end(slot)
        self.hits += 1
        return entry[1], entry[2]

    def put(self, slot: tuple, key: tuple, standings: Standings, body: bytes) -> None:
        self.entries[slot] = (key, standings, body)
        self.entries.move_to_end(slot)
        while len(self.entries) > self.capacity:
            self.entries.popitem(last=False)


CACHE = StandingsCache()  # one per worker process; every read checks its key against the database


async def data_key(session: AsyncSession, contest_id: int) -> tuple[int, int, int]:
    """(definition version, audit events, highest audit id) of the contest as committed now;
    one query on the (contest_id, id) index of audit events. (0, 0, 0) for no such contest."""
    audit = select(func.count(AuditEventRow.id), func.coalesce(func.max(AuditEventRow.id), 0)).where(AuditEventRow.contest_id == contest_id)
    version = select(ContestRow.current_version).where(ContestRow.id == contest_id).scalar_subquery()
    count, highest, current = (await session.execute(audit.add_columns(func.coalesce(version, 0)))).one()
    return int(current), int(count), int(highest)


async def served_standings(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, *, cache: StandingsCache = CACHE
) -> ServedStandings:
    """`provisional.provisional_standings`, from the cache while the contest's data key is
    unchanged. Refusals (403, 404, 409) are never cached: they are computed every time."""
    access.require_role(actor, access.STAFF, "read provisional rankings")
    slot = (contest_id, event_id, actor.role)
    key = await data_key(session, contest_id)
    found = cache.get(slot, key)
    if found is not None:
        return ServedStandings(found[0], found[1], cached=True)
    standings = await provisional_standings(session, actor, contest_id, event_id)
    body = msgspec.json.encode(standings)
    cache.put(slot, key, standings, body)
    return ServedStandings(standings, body, cached=False)


__all__ = ["CACHE", "ServedStandings", "StandingsCache", "data_key", "served_standings"]
