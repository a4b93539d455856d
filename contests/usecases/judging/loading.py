"""The judging day's one loader per aggregate: a module on the day (`ModuleDay`) and an
event on the day (`EventDay`), each read in a fixed number of queries whatever the size of
the field, the panel or the number of marks. Use-cases load, decide in the domain
(`contests.judging`), write, audit and commit; they do not stitch the reads themselves.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest, Event
from contests.judging.field import DrawnField
from contests.judging.lock import LockEvent
from contests.judging.module_day import ModuleDay, PanelJudge
from contests.store.models import ContestRow, UnblindingRow
from contests.usecases.core import lookup
from contests.usecases.judging.cells import module_cells
from contests.usecases.judging.state import drawn_field, module_locks, panel_judges, sign_off_states, unblinding
from scoring.module import Module


@dataclass(frozen=True, eq=False)
class EventDay:
    """An event on the day: the contest, its current definition, the drawn field, every
    module's newest lock event and the unblinding, if any."""

    contest: ContestRow
    definition: Contest
    event: Event
    field: DrawnField
    locks: dict[str, LockEvent]
    unblinded: UnblindingRow | None

    @property
    def open_modules(self) -> list[str]:
        """Modules not locked, in definition order."""
        return [m.id for m in self.event.modules if not (m.id in self.locks and self.locks[m.id].locked)]


async def load_event_day(
    session: AsyncSession, contest_id: int, event_id: str, *, loaded: tuple[ContestRow, Contest] | None = None
) -> EventDay:
    """NotFound (404) for an unknown contest or event. `loaded`: the contest and its current
    definition when the caller has read them already (a definition is decoded once)."""
    contest, definition = loaded or await lookup.current_contest(session, contest_id)
    event = lookup.event_of(definition, event_id)
    field = await drawn_field(session, contest.id, event_id)
    locks = await module_locks(session, contest.id, event_id)
    return EventDay(contest, definition, event, field, locks, await unblinding(session, contest.id, event_id))


async def load_module_day(
    session: AsyncSession,
    contest_id: int,
    event_id: str,
    module_id: str,
    *,
    panel_lock: str | None = None,
    judges: list[PanelJudge] | None = None,
    loaded: tuple[ContestRow, Contest] | None = None,
) -> tuple[EventDay, ModuleDay]:
    """The module on the day with its panel (row-locked on PostgreSQL with `panel_lock`),
    marks, recusals, lock and signatures. `judges`: the grid of these judges only (a sheet)."""
    day = await load_event_day(session, contest_id, event_id, loaded=loaded)
    module = lookup.module_of(day.event, module_id)
    panel = await panel_judges(session, day.contest.id, event_id, module_id, lock=panel_lock)
    return day, await module_day(session, day, module, panel if judges is None else judges)


async def module_day(session: AsyncSession, day: EventDay, module: Module, judges: list[PanelJudge]) -> ModuleDay:
    """One module of a loaded event: its grid over `judges`, its lock and its signatures."""
    cells = await module_cells(session, day.contest.id, day.definition, day.event.id, module, day.field, judges=judges)
    signed = await sign_off_states(session, day.contest.id, day.event.id, module.id)
    return dataclasses.replace(cells, lock=day.locks.get(module.id), sign_offs=signed, unblinded=day.unblinded is not None)


__all__ = ["EventDay", "load_event_day", "load_module_day", "module_day"]
