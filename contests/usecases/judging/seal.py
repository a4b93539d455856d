"""The seal on an event's code → name table (the draw with names): read as the event's state
allows (`contests.judging.blindness`), or broken by the chief judge with a reason.

Reading: while any module of the event is open, nobody reads the draw with names, not even
the organiser who ran it; once every module is locked (or the event is unblinded) the
organiser and the chief judge do. Judges read no draw (their sheets carry the codes they mark).

Breaking the seal: the contest's chief judge reads the table before the lock, for a reason a
person can read (an emergency: a competitor taken ill, a badge mixed up). Each break writes
an audit entry (who, when, why, which draw) in its own transaction, and the table is only
returned once that entry is committed: there is no unrecorded way to the names.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.judging.blindness import SEAL_BREAKERS, SealState, names_visible, seal_break_problems, seal_state
from contests.store.models import ContestRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.judging.state import module_locks, unblinding
from contests.usecases.setup.draws import get_draw
from contests.usecases.setup.views import DrawView


async def event_seal(session: AsyncSession, contest: ContestRow, definition: Contest, event_id: str) -> SealState:
    """The event's state for blindness: sealed while a module is open. NotFound (404) for an unknown event."""
    event = lookup.event_of(definition, event_id)
    locks = await module_locks(session, contest.id, event_id)
    all_locked = all(m.id in locks and locks[m.id].locked for m in event.modules)
    return seal_state(all_locked=all_locked, unblinded=await unblinding(session, contest.id, event_id) is not None)


async def read_draw(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> DrawView:
    """The event's current draw as this actor may read it now: blind codes, stations and the
    commitment while sealed; names, drawing order and seed once `blindness` allows (the caller
    cannot ask for them). Forbidden (403) for a judge or viewer; NotFound (404) for an unknown
    event or an event not drawn yet."""
    access.require_role(actor, access.STAFF, "read the draw")
    contest, definition = await lookup.current_contest(session, contest_id)
    state = await event_seal(session, contest, definition, event_id)
    return await get_draw(session, contest_id, event_id, reveal_names=names_visible(actor, "draw", state=state))


async def break_seal(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, reason: str) -> DrawView:
    """The chief judge breaks the seal: the draw with names, whatever the event's state, and an
    audit entry "draw.seal_broken" with the reason. Forbidden (403) for anyone but the contest's
    chief judge; Conflict (409) without a visible reason; NotFound (404) for an unknown event
    or an event not drawn yet."""
    access.require_role(actor, SEAL_BREAKERS, "break the seal on the code → name table")
    await access.require_chief(session, contest_id, actor, "break the seal on the code → name table")
    if refused := seal_break_problems(reason):
        raise Conflict(refused)
    contest, definition = await lookup.current_contest(session, contest_id)
    async with transaction(session):
        state = await event_seal(session, contest, definition, event_id)
        view = await get_draw(session, contest_id, event_id, reveal_names=True)
        audit.record(
            session, actor.username, "draw.seal_broken", "draw", event_id, contest_id=contest.id,
            after={"commitment": view.commitment, "state": state, "competitors": len(view.assignments)}, reason=reason.strip(),
        )  # fmt: skip
    return view


__all__ = ["break_seal", "event_seal", "read_draw"]
