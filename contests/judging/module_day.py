"""One module on the judging day, as a value: the drawn field, the panel and its recusals,
the current marks as a [C, A, J] tensor, the lock and the judges' signatures. The use-cases
load it once (`contests.usecases.judging.loading`) and ask it their questions: what is
owed, may this judge sign, may the chief judge lock or unlock.

Owed: a measurement or judgement cell (competitor × aspect × panel judge) with no current
mark, unless the judge is recused from that competitor (conflict of interest). Deductions
and vetoes are never owed: they are recorded when they happen, and the engine reads a
missing one as "did not happen". On a one-measurer aspect (panel "single") the cell is owed
by every judge of the panel only until one of them has measured it: after that nobody owes
it (a second value would be refused), so sign-offs, progress and the lock do not wait on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from contests.judging import lock as lock_rules
from contests.judging.field import DrawnField, not_drawn
from contests.judging.lock import LockEvent
from contests.judging.sign_off import SignOffState
from contests.people import Judge, conflict_matrix
from scoring.compiled import KIND_DEDUCTION, CompiledScheme
from scoring.errors import Problem
from scoring.module import Module

MAX_LISTED = 20  # owed cells named in one refusal; the rest are counted


@dataclass(frozen=True)
class PanelJudge:
    """A judge of the contest with their stored id (the judge axis of a module's tensor)."""

    id: int
    judge: Judge

    @property
    def code(self) -> str:
        return self.judge.code


def recusals(policy: Literal["unit", "none"], field: DrawnField, judges: list[PanelJudge]) -> np.ndarray:
    """bool [C, J]: the contest's conflict policy applied to the panel and the field."""
    matrix = conflict_matrix([j.judge for j in judges], field.competitors(), policy)
    return np.asarray(matrix, dtype=bool).reshape(len(judges), field.size).T


def single_aspects(compiled: CompiledScheme) -> np.ndarray:
    """bool [A]: the one-measurer aspects of a compiled scheme, on its full aspect axis."""
    out = np.zeros(compiled.n_aspects, dtype=bool)
    out[compiled.scoring[compiled.single]] = True
    return out


@dataclass(frozen=True, eq=False)
class ModuleDay:
    event_id: str
    module: Module
    compiled: CompiledScheme
    field: DrawnField
    judges: list[PanelJudge]  # panel order = the judge axis (or the one judge whose sheet it is)
    marks: np.ndarray  # float [C, A, J], NaN = no current mark
    recused: np.ndarray  # bool [C, J]
    lock: LockEvent | None = None
    sign_offs: dict[int, SignOffState] = field(default_factory=dict)
    unblinded: bool = False
    # bool [C, A] or None: one-measurer cells measured by a judge outside `judges` (a sheet's
    # grid holds one judge; another judge's measurement still ends what this one owes)
    measured_elsewhere: np.ndarray | None = None

    @property
    def where(self) -> str:
        return f"{self.event_id}/{self.module.id}"

    @property
    def locked(self) -> bool:
        return lock_rules.is_locked(self.lock)

    @property
    def scoring(self) -> np.ndarray:
        """bool [A]: aspects that need a mark from every judge (measurement, judgement)."""
        return self.compiled.kind < KIND_DEDUCTION

    @property
    def single(self) -> np.ndarray:
        """bool [A]: one-measurer aspects (any one judge's value is the aspect's value)."""
        return single_aspects(self.compiled)

    def owed(self) -> np.ndarray:
        """bool [C, A, J]: cells still waiting for a mark."""
        owed = np.isnan(self.marks) & self.scoring[None, :, None] & ~self.recused[:, None, :]
        single = self.single
        if single.any():
            measured = ~np.isnan(self.marks).all(axis=2)
            if self.measured_elsewhere is not None:
                measured |= self.measured_elsewhere
            owed &= ~(measured & single[None, :])[:, :, None]
        return owed

    def slot(self, judge_id: int) -> int | None:
        return next((k for k, j in enumerate(self.judges) if j.id == judge_id), None)

    def signed(self, judge_id: int) -> bool:
        state = self.sign_offs.get(judge_id)
        return state is not None and state.current

    def unsigned(self) -> list[str]:
        return [j.code for j in self.judges if not self.signed(j.id)]

    def owed_problems(self, path: str, judge_slot: int | None = None) -> list[Problem]:
        """The owed cells as problems naming blind code, aspect and judge (capped)."""
        owed = self.owed()
        if judge_slot is not None:
            keep = np.zeros(len(self.judges), bool)
            keep[judge_slot] = True
            owed &= keep[None, None, :]
        where = np.argwhere(owed)
        codes, aspects = self.field.codes, self.compiled.aspect_ids
        out = [
            Problem(path, f"blind code {codes[c]}, aspect {aspects[a]!r}: judge {self.judges[j].code} has not marked it")
            for c, a, j in where[:MAX_LISTED]
        ]
        if len(where) > MAX_LISTED:
            out.append(Problem(path, f"and {len(where) - MAX_LISTED} more marks owed"))
        return out

    # ------------------------------------------------------------ decisions

    def may_sign(self, judge_id: int, code: str) -> list[Problem]:
        """A judge of the panel signs once the module is open and they owe no mark on it."""
        if self.locked:
            return [Problem("module_id", f"module {self.where} is already locked")]
        if (undrawn := not_drawn(self.field, self.event_id)) is not None:
            return [undrawn]
        owed = self.owed_problems("owed", self.slot(judge_id))
        if owed:
            return [Problem("owed", f"judge {code} still owes marks on {self.where}: a sheet is signed complete"), *owed]
        return []

    def may_lock(self, force: bool) -> list[Problem]:
        """The chief judge locks an open module with a panel; owed marks and unsigned sheets
        refuse it unless forced (the reason was checked with the request)."""
        if not self.judges:
            return [Problem("module_id", f"module {self.where} has no panel: nobody could have marked it")]
        _, refused = lock_rules.transition(self.lock, "lock", self.where)
        if refused:
            return refused
        if (undrawn := not_drawn(self.field, self.event_id)) is not None:
            return [undrawn]
        unsigned = self.unsigned()
        if (self.owed().any() or unsigned) and not force:
            return lock_rules.not_ready(self.owed_problems("owed"), unsigned)
        return []

    def may_unlock(self) -> list[Problem]:
        _, refused = lock_rules.transition(self.lock, "unlock", self.where)
        if refused:
            return refused
        return [lock_rules.unblinded_problem(self.event_id)] if self.unblinded else []

    def marks_gate(self) -> str | None:
        """Why no judge may mark the module now (it is locked), or None."""
        return lock_rules.marks_refused(self.lock, self.where) if self.locked and self.lock is not None else None


__all__ = ["MAX_LISTED", "ModuleDay", "PanelJudge", "recusals", "single_aspects"]
