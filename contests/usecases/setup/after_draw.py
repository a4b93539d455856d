"""Who was registered after the draw (`contests.after_draw`): read from the store, and added
as a warning to what the organiser and chief judge read (the registration answer, the import
report, progress, provisional standings).

Names are listed because only the organiser and the chief judge read these answers, and the
draw's blindness table lets both read names (`contests.judging.blindness`, view "draw");
an undrawn competitor has no blind code, so the list links no code to a name.
"""

from __future__ import annotations

from collections.abc import Collection

import msgspec
from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.after_draw import AfterDraw, NotDrawn, after_draw
from contests.store.models import CompetitorRow, DrawAssignmentRow, DrawRow, UnitRow
from contests.usecases.core import lookup


async def after_draw_warnings(
    session: AsyncSession, contest_id: int, events: Collection[str] | None = None, *, late: dict[str, list[NotDrawn]] | None = None
) -> list[AfterDraw]:
    """One warning per drawn event (of `events`, or every event) with competitors outside its
    current draw, by event id. Three queries whatever the field. `late`: what
    `late_registrations` answered for these events, when the caller holds it."""
    late = await late_registrations(session, contest_id, events) if late is None else late
    if not late:
        return []
    marked = {e for e, _ in await lookup.marked_modules(session, contest_id)}
    return [w for e in sorted(late) if (w := after_draw(e, late[e], marking_started=e in marked)) is not None]


async def late_registrations(session: AsyncSession, contest_id: int, events: Collection[str] | None = None) -> dict[str, list[NotDrawn]]:
    """Competitors of each drawn event (of `events`, or every event) outside its current draw,
    by event id in registration order; events with none are left out."""
    current = select(DrawRow.event_id).where(DrawRow.contest_id == contest_id, DrawRow.is_current.is_(True))
    if events is not None:
        current = current.where(DrawRow.event_id.in_(sorted(events)))
    drawn = set(await session.scalars(current))
    if not drawn:
        return {}
    in_draw = exists().where(and_(DrawAssignmentRow.competitor_id == CompetitorRow.id, DrawAssignmentRow.contest_id == contest_id))
    query = (
        select(CompetitorRow.event_id, CompetitorRow.employee_no, CompetitorRow.name, UnitRow.code)
        .join(UnitRow, UnitRow.id == CompetitorRow.unit_id)
        .where(CompetitorRow.contest_id == contest_id, CompetitorRow.event_id.in_(sorted(drawn)), ~in_draw)
        .order_by(CompetitorRow.event_id, CompetitorRow.id)
    )
    late: dict[str, list[NotDrawn]] = {}
    for event_id, employee_no, name, unit in (await session.execute(query)).all():
        late.setdefault(event_id, []).append(NotDrawn(employee_no=employee_no, name=name, unit=unit))
    return late


async def event_warning(
    session: AsyncSession, contest_id: int, event_id: str, *, late: dict[str, list[NotDrawn]] | None = None
) -> AfterDraw | None:
    found = await after_draw_warnings(session, contest_id, [event_id], late=late)
    return found[0] if found else None


async def with_warning(
    session: AsyncSession, contest_id: int, event_id: str, view: msgspec.Struct, *, late: dict[str, list[NotDrawn]] | None = None
) -> msgspec.Struct:
    """`view` (a Struct with an `after_draw` field: progress, standings) with the event's
    warning set when someone is left out; unchanged otherwise. `late`: as `after_draw_warnings`."""
    warning = await event_warning(session, contest_id, event_id, late=late)
    return view if warning is None else msgspec.structs.replace(view, after_draw=warning)


__all__ = ["after_draw_warnings", "event_warning", "late_registrations", "with_warning"]
