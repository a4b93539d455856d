"""Unblinding (解密): the chief judge opens an event's code → name table.

Only once every module of the event is locked (RULES.md: the number → name table is sealed
until the scores are locked), and only once: what was revealed cannot be sealed again.
From then on sheets and rankings carry names, no module of the event can be unlocked, and
marks change only through upheld appeals.

Races: unblinding moves the state guard of every module of the event on (compare-and-set),
and there is one unblinding per event; of an unblinding and a racing unlock, or two
unblindings, exactly one wins.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.store.models import UnblindingRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.loading import load_event_day
from contests.usecases.judging.state import compare_and_set, state_versions, unblinding
from contests.usecases.judging.views import UnblindView
from scoring.errors import Problem


async def unblind_event(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> UnblindView:
    """Unblind the event (chief judge). NotFound (404) for an unknown event; Conflict (409)
    naming every module not locked yet, or if the event is already unblinded."""
    await access.require_chief(session, contest_id, actor, "unblind an event")
    contest, definition = await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    async with transaction(session, conflict=f"event {event_id!r} was unblinded or unlocked by someone else at the same time: reload"):
        seen = await state_versions(session, contest.id, event_id, [m.id for m in event.modules])
        day = await load_event_day(session, contest.id, event_id, loaded=(contest, definition))
        done = day.unblinded
        if done is not None:
            raise Conflict.at(
                "event_id", f"event {event_id!r} was already unblinded by {done.created_by} at {done.created_at:%Y-%m-%d %H:%M} UTC"
            )
        locks = day.locks
        open_modules = day.open_modules
        if open_modules:
            raise Conflict(
                [Problem(f"modules.{m}", f"module {event_id}/{m} is not locked: unblind once every module is locked") for m in open_modules]
            )
        await compare_and_set(session, contest.id, event_id, seen)
        row = UnblindingRow(contest_id=contest.id, event_id=event_id, created_by=actor.username)
        session.add(row)
        await session.flush()
        audit.record(
            session,
            actor.username,
            "event.unblind",
            "event",
            event_id,
            contest_id=contest.id,
            after={"unblinded": True, "locks": {m: r.seq for m, r in locks.items()}},
        )
    return _view(row)


async def get_unblinding(session: AsyncSession, contest_id: int, event_id: str) -> UnblindView | None:
    """The event's unblinding, or None while it is blind."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    row = await unblinding(session, contest.id, event_id)
    return _view(row) if row is not None else None


def _view(row: UnblindingRow) -> UnblindView:
    return UnblindView(event_id=row.event_id, by=row.created_by, at=row.created_at)


__all__ = ["get_unblinding", "unblind_event"]
