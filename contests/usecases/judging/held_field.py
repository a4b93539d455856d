"""The drawn field, and the contest's units and teams, held by each app worker between
rankings (issue 15), the way `current_marks` holds the marks.

Reading an event's field is a join of every draw line with its competitor, unit and team and
one Python object per competitor: most of an uncached ranking once the marks are held. It
only changes when a competitor, unit, team or draw line is written, and every such write
moves the contest's field stamp in its own transaction (database triggers, revision 0020,
`contests.store.field_stamps`). So each read asks for the stamp first and re-reads the field
only when it moved. The stamp is read before the field: a change committed in between can
only make the held field newer than its stamp, which is then read again at the next request.
Several workers each hold their own copy and never serve a field older than the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.judging.field import DrawnField
from contests.people import Team, Unit
from contests.store.field_stamps import FieldStampRow
from contests.store.models import TeamRow, UnitRow
from contests.usecases.judging.state import drawn_field
from contests.usecases.setup import records
from contests.usecases.setup.after_draw import late_registrations

CAPACITY = 16  # fields (and contests' units and teams) held per worker and database: a contest day has a handful

_HELD: WeakKeyDictionary = WeakKeyDictionary()  # engine → OrderedDict[slot, (stamp, value)]
_DERIVED: WeakKeyDictionary = WeakKeyDictionary()  # DrawnField → {key: value}


async def field_stamp(session: AsyncSession, contest_id: int) -> tuple[int, str]:
    """(changes counted, random token of the last change) of the contest's field; (0, "")
    for a contest whose competitors, units, teams and draws were never written."""
    row = (await session.execute(select(FieldStampRow.version, FieldStampRow.token).where(FieldStampRow.contest_id == contest_id))).first()
    return (0, "") if row is None else (int(row[0]), str(row[1]))


async def held_drawn_field(session: AsyncSession, contest_id: int, event_id: str, *, stamp: tuple | None = None) -> DrawnField:
    """`state.drawn_field` of the event, from this worker's copy while the stamp is unchanged.
    The field is shared by the requests that read it: callers never change it. `stamp`: the
    contest's field stamp as this request already read it (before any of its held reads), so
    one request reads it once; read here when not given."""
    return await _held(session, ("field", contest_id, event_id), lambda: drawn_field(session, contest_id, event_id), stamp)


async def held_units_and_teams(session: AsyncSession, contest_id: int, *, stamp: tuple | None = None) -> tuple[list[Unit], list[Team]]:
    """The contest's units and teams as records (the display names of standings); `stamp` as
    `held_drawn_field`."""

    async def read() -> tuple[list[Unit], list[Team]]:
        units = [records.unit(u) for u in await session.scalars(select(UnitRow).where(UnitRow.contest_id == contest_id))]
        teams = [records.team(t) for t in await session.scalars(select(TeamRow).where(TeamRow.contest_id == contest_id))]
        return units, teams

    return await _held(session, ("people", contest_id), read, stamp)


async def held_late_registrations(session: AsyncSession, contest_id: int, event_id: str, *, stamp: tuple | None = None) -> dict:
    """`after_draw.late_registrations` of the event (competitors registered but not in its
    draw: read from competitors and draw lines only, so the field stamp covers it); `stamp`
    as `held_drawn_field`."""
    return await _held(session, ("late", contest_id, event_id), lambda: late_registrations(session, contest_id, [event_id]), stamp)


def derived(field: DrawnField, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per held field and key: what a ranking derives from the field alone
    (its competitors in order, blind code by employee number, a panel's recusals), kept with
    the field it came from and dropped with it. Shared: callers never change it."""
    per_field = _DERIVED.setdefault(field, {})
    if key not in per_field:
        per_field[key] = compute()
    return per_field[key]


async def _held(session: AsyncSession, slot: tuple, read, stamp: tuple | None):
    connection = await session.connection()
    held_here = _HELD.setdefault(connection.engine.sync_engine, OrderedDict())
    if stamp is None:
        stamp = await field_stamp(session, slot[1])
    found = held_here.get(slot)
    if found is not None and found[0] == stamp:
        held_here.move_to_end(slot)
        return found[1]
    value = await read()
    held_here[slot] = (stamp, value)
    held_here.move_to_end(slot)
    while len(held_here) > CAPACITY:
        held_here.popitem(last=False)
    return value


__all__ = ["derived", "field_stamp", "held_drawn_field", "held_late_registrations", "held_units_and_teams"]
