"""An event scored from its current marks: the bridge from the store to `scoring.EventScorer`.

Per module, one query loads the current marks into a [C, A, J] tensor (`cells`); judges
are the panel's positions, competitors the drawn field in registration order. Missing
marks are then decided:
- recused cells (conflict of interest) are absent by rule, whatever the module's policy:
  the competitor's panel value is taken over the judges who may mark them (5 judges with
  one recusal → trimmed mean of 4). A competitor whom no panel judge may mark is refused;
- other missing measurement and judgement marks follow the module's declared policy:
  "error" refuses (Conflict naming the owed cells), "zero" counts them as 0, "absent"
  leaves them out;
- deductions and vetoes nobody recorded did not happen (the engine's own rule).
The engine then scores with completion times (tie-breaks) and team indices (team results).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import msgspec
import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest, Event
from contests.judging.field import DrawnField
from contests.judging.module_day import ModuleDay
from contests.results.standings import Standings, build_standings, team_index
from contests.store.models import AuditEventRow, ContestRow, TeamRow, UnitRow
from contests.store.types import utcnow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.cells import module_cells
from contests.usecases.judging.current_marks import event_standings_cells
from contests.usecases.judging.held_field import derived, field_stamp, held_drawn_field, held_units_and_teams
from contests.usecases.judging.state import drawn_field, require_drawn, unblinding
from contests.usecases.judging.times import event_times
from contests.usecases.setup import records
from scoring.errors import Problem
from scoring.event import EventResult, EventScorer
from scoring.module import Module


@dataclass(frozen=True, eq=False)
class EventScoring:
    contest: ContestRow
    definition: Contest
    version: int
    event: Event
    field: DrawnField
    cells: dict[str, ModuleDay]
    marks: dict[str, np.ndarray]  # as scored, per module
    scorer: EventScorer
    result: EventResult
    revealed: bool
    field_stamp: tuple | None = None  # the field stamp the held field was read under (`held`)


async def score_event_now(
    session: AsyncSession, contest: ContestRow, definition: Contest, event_id: str, *, held: bool = False, stamp: tuple | None = None
) -> EventScoring:
    """Score the event from the current marks. Conflict (409) before the draw, for a module
    without a panel, and for marks the modules' policies do not allow to miss. `held`: read
    the marks through the worker's held copy brought up to date (`current_marks`, the
    provisional standings), not row by row, and the drawn field through the worker's held
    copy while its stamp is unchanged (`held_field`; `stamp`: the field stamp when the caller
    already read it, read once here otherwise and kept in the result for `standings_of`)."""
    event = lookup.event_of(definition, event_id)
    if held:
        stamp = await field_stamp(session, contest.id) if stamp is None else stamp
        field = await held_drawn_field(session, contest.id, event_id, stamp=stamp)
    else:
        field = await drawn_field(session, contest.id, event_id)
    require_drawn(field, event_id)
    policy = definition.settings.conflict_policy
    if held:
        cells = await event_standings_cells(session, contest.id, policy, event_id, event.modules, field)
    else:
        cells = {m.id: await module_cells(session, contest.id, definition, event_id, m, field) for m in event.modules}
    prepared = [_prepared(cells[m.id]) for m in event.modules]
    scorer = EventScorer([module for module, _ in prepared], event.rules)
    marks = {module.id: tensor for module, tensor in prepared}
    times = await event_times(session, contest.id, event, field)
    teams = team_index(field.competitors())[0] if event.rules.teams is not None else None
    result = scorer.score(marks, times=times, teams=teams)
    revealed = await unblinding(session, contest.id, event_id) is not None
    return EventScoring(contest, definition, contest.current_version, event, field, cells, marks, scorer, result, revealed, stamp)


def _prepared(cells: ModuleDay) -> tuple[Module, np.ndarray]:
    """The module as scored (policy "absent" where cells are legitimately empty) and its marks."""
    module = cells.module
    if not cells.judges:
        raise Conflict.at(f"modules.{module.id}", f"module {cells.event_id}/{module.id} has no panel: nobody has marked it")
    nobody = np.flatnonzero(cells.recused.all(axis=1))
    if len(nobody):
        codes = ", ".join(cells.field.codes[c] for c in nobody[:10])
        raise Conflict.at(
            f"modules.{module.id}", f"no judge of the panel of {module.id!r} may mark blind code(s) {codes}: change the panel"
        )
    policy = module.aggregation.missing
    owed = cells.owed()
    if policy == "error" and owed.any():
        head = Problem(f"modules.{module.id}", f"{int(owed.sum())} marks are still owed and the module's missing-mark policy is 'error'")
        raise Conflict([head, *cells.owed_problems(f"modules.{module.id}")])
    # a one-measurer cell nobody measured stays empty: the engine scores it 0 under "absent",
    # while a 0 from every judge would be refused as several measurements
    marks = np.where(owed & ~cells.single[None, :, None], 0.0, cells.marks) if policy == "zero" else cells.marks
    if policy != "absent" and (cells.recused.any() or policy == "zero"):
        module = msgspec.structs.replace(module, aggregation=msgspec.structs.replace(module.aggregation, missing="absent"))
    return module, marks


async def standings_of(
    session: AsyncSession, run: EventScoring, snapshot: int, *, computed_at: datetime | None = None, held: bool = False
) -> Standings:
    """`contests.results.Standings` of a scored event; names only once it is unblinded.
    `computed_at`: the time they stand at (now, when not given: a publication). `held`: the
    units and teams from the worker's held copy (`held_field`; read-only requests)."""
    if held:
        units, teams = await held_units_and_teams(session, run.contest.id, stamp=run.field_stamp)
    else:
        units = [records.unit(u) for u in await session.scalars(select(UnitRow).where(UnitRow.contest_id == run.contest.id))]
        teams = [records.team(t) for t in await session.scalars(select(TeamRow).where(TeamRow.contest_id == run.contest.id))]
    field = run.field
    competitors = derived(field, ("competitors",), field.competitors) if held else field.competitors()
    codes = derived(field, ("codes",), lambda: _codes(competitors, field)) if held else _codes(competitors, field)
    return build_standings(
        run.definition,
        run.event.id,
        run.scorer,
        run.result,
        competitors,
        codes,
        version=run.version,
        snapshot=snapshot,
        computed_at=computed_at or utcnow(),
        reveal_names=run.revealed,
        units=units,
        teams=teams,
    )


def _codes(competitors: list, field: DrawnField) -> dict[str, str]:
    """Blind code by employee number."""
    return {c.employee_no: code for c, code in zip(competitors, field.codes)}


async def last_change(session: AsyncSession, contest: ContestRow) -> datetime:
    """When the contest's data last changed: the time of its newest audit event (every change
    is audited in its own transaction), else its creation. Provisional standings stand at
    this time, not at the moment a worker computed them, so every worker serves identical
    standings for identical data (one index step on the (contest_id, id) index)."""
    newest = select(AuditEventRow.at).where(AuditEventRow.contest_id == contest.id).order_by(AuditEventRow.id.desc()).limit(1)
    return await session.scalar(newest) or contest.created_at


__all__ = ["EventScoring", "last_change", "score_event_now", "standings_of"]
