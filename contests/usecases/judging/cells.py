"""A module's marking grid as arrays: current marks [C, A, J] (NaN = no mark) and recusals
[C, J]. Sheets, progress, sign-offs, locks and rankings all read the grid from here, so
they agree on what "owed" means.

Owed: a measurement or judgement cell (competitor × aspect × panel judge) with no current
mark, unless the judge is recused from that competitor (conflict of interest). Deductions
and vetoes are never owed: they are recorded when they happen, and the engine reads a
missing one as "did not happen".

The stored marks become the tensor in one query and one scatter (`scoring.marks_tensor`):
the database returns positions and floats, never a Python loop per mark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Float, case, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest
from contests.people import conflict_matrix
from contests.store.models import JudgeRow
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.state import Field, current_marks_query, panel_judges
from contests.usecases.setup.records import judge as judge_record
from scoring.compiled import KIND_DEDUCTION, CompiledScheme, compile_scheme
from scoring.errors import Problem
from scoring.marks import marks_tensor
from scoring.module import Module

MAX_LISTED = 20  # owed cells named in one refusal; the rest are counted


@dataclass(frozen=True, eq=False)
class ModuleCells:
    event_id: str
    module: Module
    compiled: CompiledScheme
    field: Field
    judges: list[JudgeRow]  # panel order = the judge axis (or the one judge whose sheet it is)
    marks: np.ndarray  # float [C, A, J]
    recused: np.ndarray  # bool [C, J]

    @property
    def scoring(self) -> np.ndarray:
        """bool [A]: aspects that need a mark from every judge (measurement, judgement)."""
        return self.compiled.kind < KIND_DEDUCTION

    def owed(self) -> np.ndarray:
        """bool [C, A, J]: cells still waiting for a mark."""
        return np.isnan(self.marks) & self.scoring[None, :, None] & ~self.recused[:, None, :]

    def slot(self, judge_id: int) -> int | None:
        return next((k for k, j in enumerate(self.judges) if j.id == judge_id), None)

    def owed_problems(self, path: str, judge_slot: int | None = None) -> list[Problem]:
        """The owed cells as problems naming blind code, aspect and judge (capped)."""
        owed = self.owed()
        if judge_slot is not None:
            keep = np.zeros(len(self.judges), bool)
            keep[judge_slot] = True
            owed &= keep[None, None, :]
        where = np.argwhere(owed)
        out = [
            Problem(
                path,
                f"blind code {self.field.codes[c]}, aspect {self.compiled.aspect_ids[a]!r}: judge {self.judges[j].code} has not marked it",
            )
            for c, a, j in where[:MAX_LISTED]
        ]
        if len(where) > MAX_LISTED:
            out.append(Problem(path, f"and {len(where) - MAX_LISTED} more marks owed"))
        return out


async def module_cells(
    session: AsyncSession,
    contest_id: int,
    definition: Contest,
    event_id: str,
    module: Module,
    field: Field,
    *,
    judges: list[JudgeRow] | None = None,
    compiled: CompiledScheme | None = None,
) -> ModuleCells:
    if judges is None:
        judges = await panel_judges(session, contest_id, event_id, module.id)
    compiled = compiled or compile_scheme(module.scheme)
    marks = await _tensor(session, contest_id, event_id, module.id, field, compiled, judges)
    recused = recusals(definition, field, judges)
    return ModuleCells(event_id, module, compiled, field, judges, marks, recused)


def recusals(definition: Contest, field: Field, judges: list[JudgeRow]) -> np.ndarray:
    """bool [C, J]: the contest's conflict policy applied to the panel and the field."""
    matrix = conflict_matrix([judge_record(j) for j in judges], field.competitors(), definition.settings.conflict_policy)
    return np.asarray(matrix, dtype=bool).reshape(len(judges), field.size).T


async def _tensor(
    session: AsyncSession, contest_id: int, event_id: str, module_id: str, field: Field, compiled: CompiledScheme, judges: list[JudgeRow]
) -> np.ndarray:
    """The current marks as a tensor. The database maps aspect ids and judges to their
    positions (CASE) and returns floats, so the rows become one numeric array at once."""
    shape = (field.size, compiled.n_aspects, len(judges))
    if not judges or not field.size:
        return np.full(shape, np.nan)
    # one judge's grid (a sheet) reads only their marks; a panel's reads all, so a mark of a
    # judge no longer on the panel is caught below
    judge_id = judges[0].id if len(judges) == 1 else None
    current = current_marks_query(contest_id, event_id, module_id, judge_id).subquery()
    aspect = case({a: k for k, a in enumerate(compiled.aspect_ids)}, value=current.c.aspect_id, else_=-1)
    slot = case({j.id: k for k, j in enumerate(judges)}, value=current.c.judge_id, else_=-1)
    query = select(current.c.competitor_id, aspect, slot, cast(current.c.value, Float))
    # Core execution on the session's connection: the ORM's row processing would cost more than the query
    rows = (await (await session.connection()).execute(query)).all()
    if not rows:
        return np.full(shape, np.nan)
    table = np.array([tuple(r) for r in rows], dtype=np.float64)  # plain tuples: numpy probes Row objects slowly
    positions = table[:, :3].astype(np.int64)
    if (positions[:, 1:] < 0).any():
        # the scheme of a marked module cannot change and a judge who marked stays on the panel
        raise Conflict.at("", f"stored marks of {event_id}/{module_id} name an aspect or judge the module no longer has")
    c = field.positions(positions[:, 0])
    return marks_tensor(*shape, c, positions[:, 1], positions[:, 2], table[:, 3])


__all__ = ["MAX_LISTED", "ModuleCells", "module_cells", "recusals"]
