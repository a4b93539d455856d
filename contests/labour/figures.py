"""From report rows to the engine's arrays: a period's figures arrive as rows (one per
participant, period and indicator: plan and actual; one per panel mark; one per veto fact),
from the store or an import, and the engine wants [participant, indicator, period] arrays in
the definition's order.

The mapping is vectorised (ids are looked up with one `np.searchsorted` per column, rows are
scattered with one fancy assignment), so a year of 10,000 teams × 20 indicators × 12 periods
is assembled without a Python loop over rows. Unknown ids and a cell given twice are refused
with the row's index (`rows[17].indicator: unknown indicator 'outptu'`), nothing is half-built.
A cell without a row stays NaN: not reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
import numpy as np

from contests.labour.definition import LabourCompetition
from scoring.errors import Problem, RuleError
from scoring.kpi import KIND_JUDGED


class Figures(msgspec.Struct, frozen=True):
    plan: np.ndarray  # float [T, I, P]
    actual: np.ndarray  # float [T, I, P], NaN = not reported
    marks: dict[str, np.ndarray]  # judged indicator id → [T, P, J], NaN = missing
    facts: np.ndarray  # float [T, V, P], NaN = nothing reported


def figures(
    c: LabourCompetition,
    *,
    values: dict[str, Sequence] | None = None,
    marks: dict[str, Sequence] | None = None,
    facts: dict[str, Sequence] | None = None,
) -> Figures:
    """values: columns participant, period, indicator, plan, actual (plan may be NaN where no
    plan applies); marks: columns participant, period, indicator, judge (0-based), mark;
    facts: columns participant, period, veto, value."""
    shape = (len(c.participants), len(c.indicators), len(c.periods))
    plan, actual = np.full(shape, np.nan), np.full(shape, np.nan)
    if values:
        t, p, i = _index(c, values, "values", "indicator", [ind.id for ind in c.indicators])
        plan[t, i, p] = np.asarray(values["plan"], dtype=np.float64)
        actual[t, i, p] = np.asarray(values["actual"], dtype=np.float64)
    out_marks = _marks(c, marks) if marks else {}
    fact_arr = np.full((shape[0], len(c.vetoes), shape[2]), np.nan)
    if facts:
        t, p, v = _index(c, facts, "facts", "veto", [veto.id for veto in c.vetoes])
        fact_arr[t, v, p] = np.asarray(facts["value"], dtype=np.float64)
    return Figures(plan, actual, out_marks, fact_arr)


def _marks(c: LabourCompetition, marks: dict[str, Sequence]) -> dict[str, np.ndarray]:
    judged = [ind.id for ind in c.indicators if ind.kind == KIND_JUDGED]
    t, p, i = _index(c, marks, "marks", "indicator", judged, extra="judge")
    judge = np.asarray(marks["judge"], dtype=np.int64)
    if judge.size and (judge.min() < 0 or judge.max() >= 100):
        raise RuleError.at(f"marks[{int(np.argmax((judge < 0) | (judge >= 100)))}].judge", "a judge's position is from 0 to 99")
    width = int(judge.max()) + 1 if judge.size else 0
    cube = np.full((len(judged), len(c.participants), len(c.periods), width), np.nan)
    cube[i, t, p, judge] = np.asarray(marks["mark"], dtype=np.float64)
    return {ident: cube[k] for k, ident in enumerate(judged) if (i == k).any()}


def _index(c: LabourCompetition, cols: dict[str, Sequence], name: str, key: str, known: list[str], extra: str | None = None):
    lengths = {column: len(values) for column, values in cols.items()}
    if len(set(lengths.values())) > 1:
        raise RuleError.at(name, f"columns differ in length: {lengths}")
    t = _lookup(cols, "participant", [p.id for p in c.participants], name)
    p = _lookup(cols, "period", [q.id for q in c.periods], name)
    k = _lookup(cols, key, known, name)
    cells = np.stack([t, p, k] + ([np.asarray(cols[extra], dtype=np.int64)] if extra else []), axis=1)
    _, first, counts = np.unique(cells, axis=0, return_index=True, return_counts=True)
    if (counts > 1).any():
        dup = np.flatnonzero((cells == cells[first[np.argmax(counts > 1)]]).all(axis=1))
        raise RuleError.at(f"{name}[{int(dup[1])}]", f"the same cell is already given at {name}[{int(dup[0])}]")
    return t, p, k


def _lookup(cols: dict[str, Sequence], column: str, known: list[str], name: str) -> np.ndarray:
    if column not in cols:
        raise RuleError.at(f"{name}.{column}", "column is missing")
    given = np.asarray(cols[column], dtype=object).astype(str)
    order = np.argsort(np.asarray(known, dtype=str))
    ordered = np.asarray(known, dtype=str)[order]
    pos = np.searchsorted(ordered, given).clip(0, max(len(known) - 1, 0))
    found = (ordered[pos] == given) if len(known) else np.zeros(given.shape, dtype=bool)
    if not found.all():
        bad = int(np.argmin(found))
        listed = ", ".join(repr(k) for k in known[:10]) or "none"
        raise RuleError([Problem(f"{name}[{bad}].{column}", f"unknown {column} {str(given[bad])!r} (known: {listed})")])
    return order[pos]


__all__ = ["Figures", "figures"]
