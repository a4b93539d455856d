"""The lot draw (抽签) of an event, stored and audited.

`contests.draw.draw` makes the draw from the event's competitors (by employee number) and a
seed; here it is stored whole (its `DrawRecord`, seed included, so anyone can re-run it after
unblinding) plus one assignment row per competitor. Each event has one current draw: a
redraw before marking replaces it (the superseded record is kept, marked not current); once
any mark exists for the event the draw is fixed.

The contest definition has no station layout yet, so every competitor gets a station of
their own (stations = number of competitors, all in session 1).
"""

from __future__ import annotations

import msgspec
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.draw import DrawRecord, draw, new_seed
from contests.store.models import CompetitorRow, DrawAssignmentRow, DrawRow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.setup.views import DrawAssignmentView, DrawView


async def run_draw(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, seed: int | None = None) -> DrawView:
    """Draw lots for every competitor of the event; returns the draw sealed (blind codes,
    stations and the commitment: the code → name table is read once every module is locked,
    see `contests.usecases.judging.seal`). `seed` reproduces a draw, and whoever chose it can
    recompute the table, so real draws leave it out: a fresh 256-bit secret seed is used.
    NotFound (404) for an unknown event; Conflict (409) when the event has no competitors or
    marking has started; DrawError (400) for a bad seed."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    chosen = seed is not None  # a chosen seed's table is known to whoever chose it: the audit says so
    seed = new_seed() if seed is None else seed
    async with transaction(session, conflict=f"event {event_id!r} was drawn by someone else at the same time: reload"):
        if await lookup.marks_exist(session, contest.id, event_id=event_id):
            raise Conflict.at("event_id", f"marking has started in event {event_id!r}: its draw can no longer change")
        query = select(CompetitorRow).where(CompetitorRow.contest_id == contest.id, CompetitorRow.event_id == event_id)
        competitors = {c.employee_no: c for c in await session.scalars(query)}
        if not competitors:
            raise Conflict.at("event_id", f"event {event_id!r} has no competitors registered yet")
        record = draw(list(competitors), len(competitors), seed)
        old = await _current(session, contest.id, event_id)
        if old is not None:
            await _retire(session, old)
        row = DrawRow(
            contest_id=contest.id,
            event_id=event_id,
            seed=record.seed,
            commitment=record.commitment,
            record=msgspec.json.encode(record).decode("utf-8"),
            is_current=True,
            created_by=actor.username,
        )
        session.add(row)
        await session.flush()  # assigns row.id
        session.add_all(_assignment(row, a, competitors[a.competitor]) for a in record.assignments)
        audit.record(
            session, actor.username, "draw.rerun" if old else "draw.run", "draw", event_id, contest_id=contest.id,
            before=_summary(old) if old else None, after=_summary(row, len(competitors)) | {"seed": "chosen" if chosen else "fresh"},
        )  # fmt: skip
    return await _view(session, row, reveal_names=False)


async def get_draw(session: AsyncSession, contest_id: int, event_id: str, *, reveal_names: bool) -> DrawView:
    """The event's current draw. With reveal_names=False (the sealed draw) no employee
    number, name, unit, drawing order or seed appears, and lines are sorted by blind code.
    NotFound (404) for an unknown event or an event not drawn yet."""
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    row = await _current(session, contest.id, event_id)
    if row is None:
        raise NotFound.at("event_id", f"event {event_id!r} has not been drawn yet")
    return await _view(session, row, reveal_names=reveal_names)


async def _current(session: AsyncSession, contest_id: int, event_id: str) -> DrawRow | None:
    query = select(DrawRow).where(DrawRow.contest_id == contest_id, DrawRow.event_id == event_id, DrawRow.is_current.is_(True))
    return await session.scalar(query)


async def _retire(session: AsyncSession, old: DrawRow) -> None:
    await session.execute(delete(DrawAssignmentRow).where(DrawAssignmentRow.draw_id == old.id))
    old.is_current = None
    await session.flush()  # before the new current row is inserted (one current per event)


def _assignment(row: DrawRow, a, competitor: CompetitorRow) -> DrawAssignmentRow:
    return DrawAssignmentRow(
        draw_id=row.id,
        contest_id=row.contest_id,
        event_id=row.event_id,
        competitor=competitor,
        station=a.station,
        session=a.session,
        position=a.position,
        blind_code=a.code,
    )


def _summary(row: DrawRow, competitors: int | None = None) -> dict:
    # never the seed: it would unblind the codes for anyone reading the audit log
    out = {"commitment": row.commitment, "created_by": row.created_by}
    if competitors is not None:
        out["competitors"] = competitors
    return out


async def _view(session: AsyncSession, row: DrawRow, *, reveal_names: bool) -> DrawView:
    record = msgspec.json.decode(row.record, type=DrawRecord)
    query = select(DrawAssignmentRow).where(DrawAssignmentRow.draw_id == row.id)
    assignments = list(await session.scalars(query))
    if reveal_names:
        lines = [_line(a, reveal=True) for a in sorted(assignments, key=lambda a: a.position)]
    else:
        lines = [_line(a, reveal=False) for a in sorted(assignments, key=lambda a: int(a.blind_code))]
    return DrawView(
        event_id=row.event_id,
        algorithm=record.algorithm,
        commitment=row.commitment,
        seed=row.seed if reveal_names else None,
        stations=record.stations,
        created_by=row.created_by,
        created_at=row.created_at,
        assignments=lines,
    )


def _line(a: DrawAssignmentRow, *, reveal: bool) -> DrawAssignmentView:
    c = a.competitor
    return DrawAssignmentView(
        blind_code=a.blind_code,
        station=a.station,
        session=a.session,
        order=a.position if reveal else None,
        employee_no=c.employee_no if reveal else None,
        name=c.name if reveal else None,
        unit=c.unit.code if reveal else None,
    )


__all__ = ["get_draw", "run_draw"]
