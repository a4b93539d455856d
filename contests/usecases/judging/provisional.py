"""Provisional standings as the organiser and chief judge read them: `standings.compute_standings`
plus the warning about competitors registered after the draw (`contests.after_draw`), who
are not in the draw and so not in these rows. Published snapshots never carry the warning:
the publish preview shows it before the organiser confirms."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.results.standings import Standings
from contests.usecases.core import access
from contests.usecases.judging.held_field import field_stamp, held_late_registrations
from contests.usecases.judging.standings import compute_standings
from contests.usecases.setup.after_draw import with_warning


async def provisional_standings(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> Standings:
    """`compute_standings`, with `after_draw` set when a registered competitor is not in the draw.
    The field stamp is read once, before any held read, and serves all of them (`held_field`)."""
    access.require_role(actor, access.STAFF, "read provisional rankings")
    stamp = await field_stamp(session, contest_id)
    standings = await compute_standings(session, actor, contest_id, event_id, stamp=stamp)  # 404 for an unknown contest
    late = await held_late_registrations(session, contest_id, event_id, stamp=stamp)  # the worker's copy while the field stamp holds
    return await with_warning(session, contest_id, event_id, standings, late=late)


__all__ = ["provisional_standings"]
