"""A module's marking grid loaded as the domain's `ModuleDay`: current marks [C, A, J]
(NaN = no mark) and recusals [C, J]. Sheets, progress, sign-offs, locks and rankings all
read the grid from here, so they agree on what "owed" means (`contests.judging.module_day`).

The stored marks become the tensor in one query and one scatter (`scoring.marks_tensor`):
the database returns positions and floats, never a Python loop per mark.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import Float, case, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest
from contests.judging.field import DrawnField
from contests.judging.module_day import ModuleDay, PanelJudge, recusals, single_aspects
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.state import current_marks_query, panel_judges, positions
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
    current = current_marks_query(contest_id, event_id, module_id, judge_id).subquery()
    aspect = case({a: k for k, a in enumerate(compiled.aspect_ids)}, value=current.c.aspect_id, else_=-1)
    slot = case({j.id: k for k, j in enumerate(judges)}, value=current.c.judge_id, else_=-1)
    query = select(current.c.competitor_id, aspect, slot, cast(current.c.value, Float))
    # Core execution on the session's connection: the ORM's row processing would cost more than the query
    rows = (await (await session.connection()).execute(query)).all()
    if not rows:
        return np.full(shape, np.nan), None
    table = np.array([tuple(r) for r in rows], dtype=np.float64)  # plain tuples: numpy probes Row objects slowly
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


__all__ = ["module_cells"]
