"""The lot draw (抽签) of an event, stored and audited.

`contests.draw.draw` makes the draw from the event's competitors (by employee number) and a
seed; here it is stored whole (its `DrawRecord`, seed included, so anyone can re-run it after
unblinding) plus one assignment row per competitor. Each event has one current draw: a
redraw before marking replaces it (the superseded record is kept, marked not current); once
any mark exists for the event the draw is fixed.

Sessions (场次 × 工位, issue 15). An event that declares `sessions` (stations per session and
optionally the session times), or a draw request that gives `stations_per_session`, is drawn
into sessions with `contests.draw_sessions` (vectorised, any field size up to 1,000,000): the
draw row keeps the stations per session and one `DrawSessionRow` per session. Otherwise every
competitor gets a station of their own, all in session 1 (at most 10,000), exactly as before.
"""

from __future__ import annotations

import msgspec
import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Event, SessionTime
from contests.draw import DrawRecord, draw, new_seed
from contests.draw_sessions import draw_in_sessions
from contests.errors import DrawError
from contests.store.models import CompetitorRow, DrawAssignmentRow, DrawRow, DrawSessionRow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.setup.views import DrawAssignmentView, DrawSessionView, DrawView


class SessionPlan(msgspec.Struct, kw_only=True, frozen=True):
    """What a draw in sessions needs: stations per session, how many sessions there are (None:
    as many as the field needs) and the declared times of the first sessions."""

    stations: int
    sessions: int | None
    times: list[SessionTime]
    declared: bool  # the limit comes from the event's definition, not the request


async def run_draw(
    session: AsyncSession,
    actor: Actor,
    contest_id: int,
    event_id: str,
    seed: int | None = None,
    *,
    stations_per_session: int | None = None,
    sessions: int | None = None,
) -> DrawView:
    """Draw lots for every competitor of the event; returns the draw sealed (blind codes,
    stations and the commitment: the code → name table is read once every module is locked,
    see `contests.usecases.judging.seal`). `seed` reproduces a draw, and whoever chose it can
    recompute the table, so real draws leave it out: a fresh 256-bit secret seed is used.
    NotFound (404) for an unknown event; Conflict (409) when the event has no competitors or
    marking has started, or when the event's declared sessions cannot hold its field;
    DrawError for a bad seed, stations or sessions. `stations_per_session` and `sessions`
    draw into sessions, overriding the event's declared stations."""
    contest, definition = await lookup.current_contest(session, contest_id)
    plan = session_plan(lookup.event_of(definition, event_id), stations_per_session, sessions)
    chosen = seed is not None  # a chosen seed's table is known to whoever chose it: the audit says so
    seed = new_seed() if seed is None else seed
    async with transaction(session, conflict=f"event {event_id!r} was drawn by someone else at the same time: reload"):
        if await lookup.marks_exist(session, contest.id, event_id=event_id):
            raise Conflict.at("event_id", f"marking has started in event {event_id!r}: its draw can no longer change")
        query = select(CompetitorRow).where(CompetitorRow.contest_id == contest.id, CompetitorRow.event_id == event_id)
        competitors = {c.employee_no: c for c in await session.scalars(query)}
        if not competitors:
            raise Conflict.at("event_id", f"event {event_id!r} has no competitors registered yet")
        record, seated = _drawn(list(competitors), plan, seed)
        old = await _current(session, contest.id, event_id)
        if old is not None:
            await _retire(session, old)
        row = await _write(session, DrawRow(contest_id=contest.id, event_id=event_id, created_by=actor.username), record, plan)
        await _write_lines(session, row, record, competitors, plan, seated)
        audit.record(
            session, actor.username, "draw.rerun" if old else "draw.run", "draw", event_id, contest_id=contest.id,
            before=_summary(old) if old else None, after=_summary(row, len(competitors)) | {"seed": "chosen" if chosen else "fresh"},
        )  # fmt: skip
    return await _view(session, row, reveal_names=False)


def session_plan(event: Event, stations: int | None, sessions: int | None) -> SessionPlan | None:
    """The request's stations per session override the event's; session times come from the
    event. None: no sessions declared or asked for, so the draw is made as before."""
    declared = event.sessions
    if stations is None and sessions is not None and declared is None:
        raise DrawError.at("stations_per_session", "give the stations per session to draw into sessions")
    if stations is None and declared is None:
        return None
    times = declared.times if declared is not None else []
    limit = sessions if sessions is not None else (len(times) or None)
    return SessionPlan(
        stations=stations if stations is not None else declared.stations,
        sessions=limit,
        times=times,
        declared=sessions is None and bool(times),
    )


def _drawn(ids: list[str], plan: SessionPlan | None, seed: int) -> tuple[DrawRecord, list[int]]:
    """The draw's record and how many each session seats ([] without sessions)."""
    if plan is None:
        return draw(ids, len(ids), seed), []
    try:
        drawn = draw_in_sessions(ids, plan.stations, seed, sessions=plan.sessions)
    except DrawError as exc:
        if plan.declared and exc.problems[0].path == "sessions":  # the definition's times are the limit
            raise Conflict.at("sessions", f"the event's declared session times: {exc.problems[0].rule}") from exc
        raise
    return drawn.record(), np.bincount(drawn.session)[1:].tolist()


async def _write(session: AsyncSession, row: DrawRow, record: DrawRecord, plan: SessionPlan | None) -> DrawRow:
    """The event's new current draw row, with its whole record (seed included)."""
    row.seed, row.commitment, row.is_current = record.seed, record.commitment, True
    row.record = msgspec.json.encode(record).decode("utf-8")
    row.stations_per_session = plan.stations if plan else None
    session.add(row)
    await session.flush()  # assigns row.id
    return row


async def _write_lines(
    session: AsyncSession, row: DrawRow, record: DrawRecord, competitors: dict, plan: SessionPlan | None, seated: list[int]
) -> None:
    """The assignments (one Core executemany, not an ORM object per competitor) and sessions."""
    lines = [_assignment(row, a, competitors[a.competitor]) for a in record.assignments]
    await session.execute(insert(DrawAssignmentRow), lines)
    times = plan.times if plan else []
    for k, count in enumerate(seated):
        when = times[k] if k < len(times) else None
        session.add(
            DrawSessionRow(draw_id=row.id, session=k + 1, seated=count, starts_at=when and when.starts_at, ends_at=when and when.ends_at)
        )


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


def _assignment(row: DrawRow, a, competitor: CompetitorRow) -> dict:
    return {
        "draw_id": row.id,
        "contest_id": row.contest_id,
        "event_id": row.event_id,
        "competitor_id": competitor.id,
        "station": a.station,
        "session": a.session,
        "position": a.position,
        "blind_code": a.code,
    }


def _summary(row: DrawRow, competitors: int | None = None) -> dict:
    # never the seed: it would unblind the codes for anyone reading the audit log
    out = {"commitment": row.commitment, "created_by": row.created_by}
    if competitors is not None:
        out["competitors"] = competitors
    if row.stations_per_session is not None:
        out["stations_per_session"] = row.stations_per_session
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
        stations_per_session=row.stations_per_session,
        sessions=await _sessions(session, row),
    )


async def _sessions(session: AsyncSession, row: DrawRow) -> list[DrawSessionView]:
    query = select(DrawSessionRow).where(DrawSessionRow.draw_id == row.id).order_by(DrawSessionRow.session)
    return [
        DrawSessionView(session=s.session, seated=s.seated, starts_at=s.starts_at, ends_at=s.ends_at) for s in await session.scalars(query)
    ]


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


__all__ = ["SessionPlan", "get_draw", "run_draw", "session_plan"]
