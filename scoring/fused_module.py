"""When and how a module is scored by the compiled module kernel (scoring/module_kernel.py).

A module takes the kernel when its panel needs only each cell's sum, high and low (mean, or
trimmed mean dropping one high and one low), its scoring rules are marks, pass/fail, bands
or judgement, its deductions and vetoes are combined by max (the default), no aspect has a
one-measurer panel, rounding starts at module level or above, and it has fewer than 8
criteria (numpy sums 8 or more pairwise, the kernel in order). Everything else, and any
chunk with a missing or refused mark, takes the numpy path, which also words the refusals.
The kernel's tables are built once per compiled scheme.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from scoring.aggregation import Aggregation
from scoring.compiled import KIND_BANDS, KIND_JUDGEMENT, KIND_MARKS, KIND_PASS_FAIL, VETO_EFFECTS, CompiledScheme
from scoring.rounding import Rounding

REFUSED = 2  # module_kernel.REFUSED, known here without importing numba
_KINDS = (KIND_MARKS, KIND_PASS_FAIL, KIND_BANDS, KIND_JUDGEMENT)
_MAX_CRITERIA = 8


@dataclass(frozen=True)
class Plan:
    tables: tuple  # the arrays module_kernel.score_block takes between `stop` and the outputs, in its order
    sections: int
    criteria: int
    vetoes: int


def fusable(module, cs: CompiledScheme, rounding: Rounding) -> bool:
    agg: Aggregation = module.aggregation
    method = "mean" if agg.method == "trimmed_mean" and agg.trim == 0 else agg.method
    facts = [a.consensus == "max" for a in (module.scheme.aspects()[i] for i in (*cs.deductions, *cs.vetoes))]
    return (
        (method == "mean" or (method == "trimmed_mean" and agg.trim == 1))
        and bool(np.isin(cs.kind[cs.scoring], _KINDS).all())
        and all(facts)
        and not cs.single.any()
        and not rounding.rounds_at("aspect")
        and cs.n_criteria < _MAX_CRITERIA
    )


@functools.lru_cache(maxsize=256)
def plan(cs: CompiledScheme, trim: bool, scale: float) -> Plan:
    from scoring.module_score import _bounds, snapped_limits  # the numpy path's own bounds and band edges

    lo, hi, integral = _bounds(cs)
    kind = cs.kind[cs.scoring]
    top = cs.max_marks[cs.scoring]
    factor = np.where(kind == KIND_JUDGEMENT, top / 3.0, top)  # judgement: value × (max / 3), as `_awarded`
    band = np.full(len(cs.scoring), -1, dtype=np.int64)
    band[cs.bands] = np.arange(len(cs.bands))
    to_module = cs.module_deduction == 1.0
    d_section = np.where(to_module, -1, cs.section_of[cs.deductions])
    limits = snapped_limits(cs.band_upto) if len(cs.bands) else np.zeros((0, 0))
    band_marks = cs.band_marks if len(cs.bands) else np.zeros((0, 1))
    i64 = lambda x: np.ascontiguousarray(x, dtype=np.int64)  # noqa: E731
    f64 = lambda x: np.ascontiguousarray(x, dtype=np.float64)  # noqa: E731
    assert tuple(VETO_EFFECTS) == ("aspect", "criterion", "module", "disqualify")  # the kernel's effect codes
    tables = (
        f64(lo), f64(hi), np.ascontiguousarray(integral, dtype=bool), bool(trim),
        i64(cs.scoring), i64(kind), f64(factor), band, i64(cs.section_of[cs.scoring]), f64(limits), f64(band_marks),
        i64(cs.deductions), i64(d_section), f64(cs.per_occurrence), f64(cs.cap), f64(cs.disqualify_at),
        i64(cs.vetoes), i64(cs.veto_effect), np.ascontiguousarray(cs.veto_zeroes_aspect), np.ascontiguousarray(cs.veto_zeroes_section),
        f64(cs.section_credit), f64(cs.section_max), i64(cs.criterion_of_section), float(scale),
    )  # fmt: skip
    return Plan(tables, len(cs.section_max), cs.n_criteria, len(cs.vetoes))


def trims(module) -> bool:
    agg = module.aggregation
    return agg.method == "trimmed_mean" and agg.trim == 1


def outputs(n: int, p: Plan) -> tuple:
    """The whole field's outputs, which every chunk writes in place (no joining copies):
    raw, scaled, sections, criteria, vetoes fired, module vetoed, disqualified."""
    shapes = ((n,), (n,), (n, p.sections), (n, p.criteria))
    return (*(np.empty(s) for s in shapes), np.empty((n, p.vetoes), dtype=bool), np.empty(n, dtype=bool), np.empty(n, dtype=bool))


def run(marks: np.ndarray, bounds: tuple[int, int], p: Plan, out: tuple) -> int:
    """Score one chunk into `out`: OK (0), or the status that sends it to the numpy path."""
    from scoring.module_kernel import score_block  # numba is imported on first use, never by `import scoring`

    return score_block(marks, bounds[0], bounds[1], *p.tables, *out)
