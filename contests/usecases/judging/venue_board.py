"""The venue board (赛场大屏): what the hall's display shows, to anyone in the hall.

Public, like the posted results: it takes no actor and shows only what the hall may see.
- Before an event is published: its progress by session (场次) and station (工位), per module "waiting",
  "marking" or "done", and whether each module is locked. No score, no name, no unit and no
  blind code: stations are where competitors stand in the hall, and a station never appears
  next to a blind code, so the board links no code to anyone.
- After publication: the latest published snapshot as the public 公示 shows it
  (`publishing.public_copy`: names, units, totals, ranks and awards, never employee numbers).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Event
from contests.results.standings import Standings
from contests.results.units import units_text
from contests.usecases.core import lookup
from contests.usecases.core.errors import NotFound
from contests.usecases.judging.loading import EventDay, load_event_day, module_day
from contests.usecases.judging.publishing import latest_published, public_copy
from contests.usecases.judging.state import panel_judges
from contests.usecases.setup.views import View

WAITING, MARKING, DONE = "waiting", "marking", "done"


class BoardModule(View, kw_only=True, frozen=True):
    id: str
    name: str
    name_en: str
    locked: bool
    done: int  # stations with nothing owed in this module


class StationProgress(View, kw_only=True, frozen=True):
    station: str
    session: int  # 场次: a large event runs its competitors in sessions over the same stations
    modules: list[str]  # per module of the event, in order: waiting | marking | done


class BoardRow(View, kw_only=True, frozen=True):
    rank: int  # 0: no place
    name: str
    unit: str
    total: str
    award: str
    award_en: str


class BoardEvent(View, kw_only=True, frozen=True):
    event_id: str
    name: str
    name_en: str
    drawn: bool
    published: int | None  # the snapshot shown, None before publication
    modules: list[BoardModule]
    stations: list[StationProgress]
    rows: list[BoardRow]


class VenueBoard(View, kw_only=True, frozen=True):
    contest: str
    contest_en: str
    events: list[BoardEvent]
    at: dt.datetime


async def venue_board(session: AsyncSession, contest_id: int) -> VenueBoard:
    """The board of every event of the contest. Public. NotFound (404) for an unknown contest."""
    contest, definition = await lookup.current_contest(session, contest_id)
    try:
        published = {e.published.event_id: public_copy(e.published) for e in (await latest_published(session, contest_id)).events}
    except NotFound:
        published = {}
    events = []
    for event in definition.events:
        shown = published.get(event.id)
        if shown is not None:
            events.append(_results(event, shown.number, shown.standings))
        else:
            day = await load_event_day(session, contest.id, event.id, loaded=(contest, definition))
            events.append(await _progress(session, day))
    await session.rollback()  # read only
    return VenueBoard(contest=definition.name, contest_en=definition.name_en, events=events, at=dt.datetime.now(dt.UTC))


def _results(event: Event, number: int, standings: Standings) -> BoardEvent:
    rows = [
        BoardRow(
            rank=r.rank, name=r.name or "", unit=r.unit or "", total=units_text(r.total_units, standings.places),
            award=r.award or "", award_en=r.award_en or "",
        )
        for r in standings.rows
    ]  # fmt: skip
    return BoardEvent(
        event_id=event.id, name=event.name, name_en=event.name_en, drawn=True, published=number, modules=[], stations=[], rows=rows
    )


async def _progress(session: AsyncSession, day: EventDay) -> BoardEvent:
    """Per station and module: waiting (no mark), marking (some marks, some owed) or done."""
    field, event = day.field, day.event
    states = np.full((field.size, len(event.modules)), WAITING, dtype=object)
    modules = []
    for k, module in enumerate(event.modules):
        cells = await module_day(session, day, module, await panel_judges(session, day.contest.id, event.id, module.id))
        owed = cells.owed().any(axis=(1, 2)) if field.size else np.zeros(0, bool)
        marked = ~np.isnan(cells.marks).all(axis=(1, 2)) if field.size and cells.judges else np.zeros(field.size, bool)
        states[marked, k] = MARKING
        states[(marked | cells.locked) & ~owed, k] = DONE
        modules.append(
            BoardModule(id=module.id, name=module.name, name_en=module.name_en, locked=cells.locked, done=int((states[:, k] == DONE).sum()))
        )
    order = sorted(range(field.size), key=lambda c: (field.assignments[c].session, _station_key(field.assignments[c].station)))
    drawn = field.assignments
    stations = [StationProgress(station=drawn[c].station, session=drawn[c].session, modules=list(states[c])) for c in order]
    return BoardEvent(
        event_id=event.id, name=event.name, name_en=event.name_en, drawn=bool(field.size), published=None,
        modules=modules, stations=stations, rows=[],
    )  # fmt: skip


def _station_key(station: str) -> tuple[int, int | str]:
    return (0, int(station)) if station.isdigit() else (1, station)


__all__ = ["BoardEvent", "BoardModule", "BoardRow", "StationProgress", "VenueBoard", "venue_board"]
