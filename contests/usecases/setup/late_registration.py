"""Registering a competitor, answered with a warning when the event is drawn already
(`contests.after_draw`): warned, not refused; the organiser draws the event again to include
them while no mark exists.
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.after_draw import AfterDraw
from contests.people import Competitor
from contests.usecases.core import lookup
from contests.usecases.setup.after_draw import event_warning
from contests.usecases.setup.people import add_competitor


class RegisteredCompetitor(Competitor, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The registration answer: the competitor, and `after_draw` when their event was drawn
    before they were registered (they are not in the draw: see `contests.after_draw`)."""

    after_draw: AfterDraw | msgspec.UnsetType = msgspec.UNSET


async def register_competitor(session: AsyncSession, actor: Actor, contest_id: int, competitor: Competitor) -> RegisteredCompetitor:
    """`people.add_competitor`, warned (not refused) when the competitor's event is drawn already."""
    added = await add_competitor(session, actor, contest_id, competitor)
    contest = await lookup.contest_row(session, contest_id)
    warning = await event_warning(session, contest.id, added.event)
    answer = RegisteredCompetitor(**msgspec.structs.asdict(added))
    return answer if warning is None else msgspec.structs.replace(answer, after_draw=warning)


__all__ = ["RegisteredCompetitor", "register_competitor"]
