"""A module's marking grid loaded as the domain's `ModuleDay`: current marks [C, A, J]
(NaN = no mark) and recusals [C, J]. Sheets, progress, sign-offs, locks and rankings all
read the grid from here, so they agree on what "owed" means (`contests.judging.module_day`).

The stored marks become the tensor in one query and one scatter (`scoring.marks_tensor`):
the database returns positions and floats, never a Python loop per mark.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import Float, Select, case, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest
from contests.judging.field import DrawnField
from contests.judging.module_day import ModuleDay, PanelJudge, recusals, single_aspects
from contests.store.models import MarkRow
from contests.usecases.core.columnar import fetch_array
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.state import panel_judges, positions
from scoring.compiled import CompiledScheme, compile_scheme
from scoring.marks import marks_tensor
from scoring.module import Module


async def module_cells(
    session: AsyncSession,
    contest_id: int,
    definition: Contest,
    event_id: str,
    module: Module,
    field: DrawnField,
    *,
    judges: list[PanelJudge] | None = None,
    compiled: CompiledScheme | None = None,
) -> ModuleDay:
    """The module's grid (no lock or signatures: `loading.load_module_day` adds them)."""
    if judges is None:
        judges = await panel_judges(session, contest_id, event_id, module.id)
    compiled = compiled or compile_scheme(module.scheme)
    marks, elsewhere = await _tensor(session, contest_id, event_id, module.id, field, compiled, judges, single_aspects(compiled))
    recused = recusals(definition.settings.conflict_policy, field, judges)
    return ModuleDay(event_id, module, compiled, field, judges, marks, recused, measured_elsewhere=elsewhere)


async def _tensor(
    session: AsyncSession,
    contest_id: int,
    event_id: str,
    module_id: str,
    field: DrawnField,
    compiled: CompiledScheme,
    judges: list[PanelJudge],
    single: np.ndarray,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The current marks as a tensor, and for one judge's grid the one-measurer cells another
    judge measured ([C, A] or None). The database maps aspect ids and judges to their
    positions (CASE) and returns floats, so the rows become one numeric array at once."""
    shape = (field.size, compiled.n_aspects, len(judges))
    if not judges or not field.size:
        return np.full(shape, np.nan), None
    # one judge's grid (a sheet) reads only their marks, and the other judges' on one-measurer
    # aspects (they end what this judge owes); a panel's reads all, so a mark of a judge no
    # longer on the panel is caught below
    sheet = len(judges) == 1
    judge_id = judges[0].id if sheet and not single.any() else None
    table = await _current_rows(session, contest_id, event_id, module_id, compiled, judges, judge_id)
    if not len(table):
        return np.full(shape, np.nan), None
    where = table[:, :3].astype(np.int64)
    if (where[:, 1] < 0).any() or (not sheet and (where[:, 2] < 0).any()):
        # the scheme of a marked module cannot change and a judge who marked stays on the panel
        raise Conflict.at("", f"stored marks of {event_id}/{module_id} name an aspect or judge the module no longer has")
    c = positions(field, where[:, 0])
    mine = where[:, 2] >= 0
    elsewhere = None
    if sheet and single.any():
        elsewhere = np.zeros(shape[:2], dtype=bool)
        others = ~mine & single[where[:, 1]]
        elsewhere[c[others], where[others, 1]] = True
    return marks_tensor(*shape, c[mine], where[mine, 1], where[mine, 2], table[mine, 3]), elsewhere


async def _current_rows(
    session: AsyncSession,
    contest_id: int,
    event_id: str,
    module_id: str,
    compiled: CompiledScheme,
    judges: list[PanelJudge],
    judge_id: int | None,
) -> np.ndarray:
    """(competitor id, aspect position, judge position, value) of each cell's newest version
    (-1: an aspect or judge the module does not have). One range scan of the module's marks,
    every version, fetched as numbers (`fetch_array`); the newest version of each cell is then
    picked in numpy. Corrections are few, so this reads a few more rows than the cells but
    spares the database a GROUP BY max(version) joined back to the table (a temporary B-tree
    on SQLite, 82 % of a ranking's time at 300 competitors, issue 15)."""
    table = await fetch_array(
        session, marks_query(contest_id, event_id, module_id, compiled.aspect_ids, [j.id for j in judges], judge_id), 5
    )
    if not len(table) or (table[:, 4] == 1).all():
        return table[:, :4]  # no correction: one version per cell (unique in the store)
    # one int64 key per cell, the version folded in below it; the newest version is the last
    # of its cell in key order. Unknown aspects or judges share position -1 (a panel's read
    # refuses them, a sheet only asks whether one exists)
    where = table[:, :3].astype(np.int64) + np.array([0, 1, 1])
    cell = (where[:, 0] * (compiled.n_aspects + 1) + where[:, 1]) * (len(judges) + 1) + where[:, 2]
    version = table[:, 4].astype(np.int64)
    order = np.argsort(cell * (int(version.max()) + 1) + version)
    last = np.ones(len(order), dtype=bool)
    last[:-1] = cell[order][1:] != cell[order][:-1]
    return table[order[last], :4]


def marks_query(
    contest_id: int, event_id: str, module_id: str, aspect_ids: list[str], judge_ids: list[int], judge_id: int | None = None
) -> Select:
    """Every version of the module's marks (of one judge, if given) as numbers: competitor
    id, aspect position, judge position (-1: not the module's), value, version."""
    aspect = case({a: k for k, a in enumerate(aspect_ids)}, value=MarkRow.aspect_id, else_=-1)
    slot = case({j: k for k, j in enumerate(judge_ids)}, value=MarkRow.judge_id, else_=-1)
    query = select(MarkRow.competitor_id, aspect, slot, cast(MarkRow.value, Float), MarkRow.version).where(
        MarkRow.contest_id == contest_id, MarkRow.event_id == event_id, MarkRow.module_id == module_id
    )
    return query if judge_id is None else query.where(MarkRow.judge_id == judge_id)


__all__ = ["marks_query", "module_cells"]
