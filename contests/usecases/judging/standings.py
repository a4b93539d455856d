"""Provisional rankings (成绩) of an event, computed from the current marks on request.

For the organiser and the chief judge while the day runs: snapshot 0, blind codes only
until the event is unblinded (then names, units and team results). Nothing is stored:
publishing (`publishing.publish_standings`) freezes a numbered snapshot.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.results.standings import Standings
from contests.usecases.core import access, lookup
from contests.usecases.judging.event_scoring import last_change, score_event_now, standings_of


async def compute_standings(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, *, stamp: tuple | None = None
) -> Standings:
    """The event's provisional standings (organiser or chief judge). NotFound (404) for an
    unknown event; Conflict (409) before the draw, without a panel, or while marks that the
    module's missing-mark policy does not allow to miss are still owed (each one named).
    `stamp`: the contest's field stamp when the caller already read it (`held_field`)."""
    access.require_role(actor, access.STAFF, "read provisional rankings")
    contest, definition = await lookup.current_contest(session, contest_id)
    run = await score_event_now(session, contest, definition, event_id, held=True, stamp=stamp)
    return await standings_of(session, run, snapshot=0, computed_at=await last_change(session, contest), held=True)


__all__ = ["compute_standings"]
