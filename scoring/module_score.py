"""Scoring one module: marks tensor [competitor, aspect, judge] → aspect, section,
criterion and module scores, vetoes and disqualifications. Vectorised throughout.

Order of operations (each step is visible in `explain`):
1. every mark is checked against its aspect kind (range, integer 0–3, counts, 0/1 flags);
2. measurement and judgement marks are combined by the module's panel rule; deduction
   counts and veto flags are facts, combined by their aspect's consensus rule (max by
   default), and a deduction or veto nobody recorded did not happen;
   A one-measurer aspect (panel "single") takes the one value recorded, whoever recorded it;
3. combined values become awarded marks: direct, pass/fail (panel value ≥ 0.5 → full),
   band lookup, tolerance window, grade series, time over a limit, or (value / 3) × max for
   judgements; rounding here if level is "aspect";
4. aspect vetoes zero their aspect; sections sum their aspects, add their deduction
   allocation, subtract capped deductions and stop at 0 and at their max;
5. criterion vetoes zero their sections; criteria sum, less the capped deductions taken from
   the module total, stopping at 0; a module veto zeroes the module;
6. the module score is scaled (scale_to) and rounded if the level is "module" or below.
"""

from __future__ import annotations

import msgspec
import numpy as np

from scoring.aggregation import (
    Aggregate,
    Aggregation,
    CellStats,
    aggregate,
    aggregate_complete,
    apply_missing_policy,
    cell_stats,
)
from scoring.compiled import (
    KIND_BANDS,
    KIND_DEDUCTION,
    KIND_GRADES,
    KIND_JUDGEMENT,
    KIND_MARKS,
    KIND_NAMES,
    KIND_PASS_FAIL,
    KIND_TIME,
    KIND_TOLERANCE,
    KIND_VETO,
    VETO_EFFECTS,
    CompiledScheme,
    compile_scheme,
)
from scoring.errors import MarksError, Problem
from scoring.grades import grade_marks, off_series
from scoring.module import Module
from scoring.rounding import Rounding, round_values, to_units
from scoring.single_measurer import merge_panels, single_panel
from scoring.time_limit import past_stop, time_marks
from scoring.tolerance import tolerance_marks

_BOUND = 1_000_000.0
_BAND_SNAP = 9
_MAX_REPORTED = 20
_CONSENSUS = Aggregation(method="median", missing="absent")


class ModuleScore(msgspec.Struct, frozen=True):
    module_id: str
    raw: np.ndarray  # float [C], on the scheme's own scale
    scaled: np.ndarray  # float [C], after scale_to (and rounding at module level)
    sections: np.ndarray  # float [C, S]
    criteria: np.ndarray  # float [C, K]
    vetoes_fired: np.ndarray  # bool [C, V]
    module_vetoed: np.ndarray  # bool [C]
    disqualified: np.ndarray  # bool [C]
    passed: np.ndarray  # bool [C]


class ModuleDetail(msgspec.Struct, frozen=True):
    """Every intermediate of one evaluation, for explaining a few competitors."""

    score: ModuleScore
    raw_marks: np.ndarray  # float [C, A, J] as checked
    panel: Aggregate  # scoring aspects, kept mask included
    awarded: np.ndarray  # float [C, As] after vetoes
    aspect_vetoed: np.ndarray  # bool [C, As]
    occurrences: np.ndarray  # float [C, D]
    deducted: np.ndarray  # float [C, D] after the cap
    section_deductions: np.ndarray  # float [C, S]
    section_unfloored: np.ndarray  # float [C, S]
    criteria_total: np.ndarray  # float [C]: criteria summed, before deductions from the module total
    module_deductions: np.ndarray  # float [C]: capped deductions taken from the module total


def score_module(module: Module, marks: np.ndarray, rounding: Rounding, compiled: CompiledScheme | None = None) -> ModuleScore:
    return _evaluate(module, marks, rounding, compiled or compile_scheme(module.scheme), False)


def detail_module(module: Module, marks: np.ndarray, rounding: Rounding, compiled: CompiledScheme | None = None) -> ModuleDetail:
    return _evaluate(module, marks, rounding, compiled or compile_scheme(module.scheme), True)


def _evaluate(module, marks, rounding, cs: CompiledScheme, detail: bool):
    marks = _shaped(marks, cs, module.id)
    stats = None if detail else cell_stats(marks, whole_numbers=bool(_bounds(cs)[2].any()))
    _check_values(marks, cs, module.id, stats)
    panel = _panel(marks, stats, cs, module.aggregation, detail)
    awarded = _awarded(panel, cs)
    if rounding.rounds_at("aspect"):
        awarded = round_values(awarded, rounding)
    fired = _facts(marks, stats, cs.vetoes, cs.aspect_ids, _consensus(module, cs.vetoes)) >= 0.5
    occurrences = _facts(marks, stats, cs.deductions, cs.aspect_ids, _consensus(module, cs.deductions))
    aspect_vetoed = _hits(fired, cs.veto_zeroes_aspect)
    if aspect_vetoed.any():
        awarded = np.where(aspect_vetoed, 0.0, awarded)
    deducted = np.minimum(occurrences * cs.per_occurrence, cs.cap)
    section_ded = deducted @ cs.deduction_onehot
    unfloored = awarded @ cs.section_onehot + cs.section_credit - section_ded
    sections = np.clip(unfloored, 0.0, cs.section_max)
    section_vetoed = _hits(fired, cs.veto_zeroes_section)
    if section_vetoed.any():
        sections = np.where(section_vetoed, 0.0, sections)
    criteria = sections @ cs.criterion_onehot
    effect = cs.veto_effect
    module_vetoed = fired[:, effect == VETO_EFFECTS.index("module")].any(axis=1)
    criteria_total = criteria.sum(axis=1)
    module_ded = deducted @ cs.module_deduction
    raw = np.where(module_vetoed, 0.0, np.maximum(criteria_total - module_ded, 0.0))
    disqualified = fired[:, effect == VETO_EFFECTS.index("disqualify")].any(axis=1)
    disqualified |= (occurrences >= cs.disqualify_at).any(axis=1)
    scaled = raw * module.scale_factor
    if rounding.rounds_at("module"):
        scaled = round_values(scaled, rounding)
    passed = _passed(scaled, module, rounding)
    score = ModuleScore(module.id, raw, scaled, sections, criteria, fired, module_vetoed, disqualified, passed)
    if not detail:
        return score
    return ModuleDetail(
        score, marks, panel, awarded, aspect_vetoed, occurrences, deducted, section_ded, unfloored, criteria_total, module_ded
    )


def _passed(scaled: np.ndarray, module: Module, rounding: Rounding) -> np.ndarray:
    if module.pass_mark is None:
        return np.ones(scaled.shape, dtype=bool)
    return to_units(scaled, rounding) >= to_units(module.pass_mark, rounding)


def _hits(fired: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """bool [C, T]: targets zeroed by a fired veto. Vetoes are rare, so only the rows where
    one fired are multiplied out (np.zeros costs nothing until written)."""
    out = np.zeros((fired.shape[0], targets.shape[1]), dtype=bool)
    if targets.size == 0:
        return out
    rows = np.flatnonzero(fired.any(axis=1))
    out[rows] = (fired[rows].astype(np.float64) @ targets.astype(np.float64)) > 0
    return out


def _consensus(module: Module, idx: np.ndarray) -> np.ndarray:
    aspects = module.scheme.aspects()
    return np.array([aspects[i].consensus == "max" for i in idx], dtype=bool)


def _facts(marks: np.ndarray, stats: CellStats | None, idx: np.ndarray, ids: list[str], use_max: np.ndarray) -> np.ndarray:
    """Deduction counts or veto flags: recorded facts, missing = did not happen."""
    if len(idx) == 0:
        return np.zeros((marks.shape[0], 0))
    if stats is not None and use_max.all():
        return stats.high[:, idx]
    sub = marks[:, idx, :]
    top = np.where(np.isnan(sub), 0.0, sub).max(axis=2)
    if use_max.all():
        return top
    med = aggregate(sub, _CONSENSUS, [ids[i] for i in idx]).value
    return np.where(use_max, top, med)


def _panel(marks: np.ndarray, stats: CellStats | None, cs: CompiledScheme, agg: Aggregation, detail: bool) -> Aggregate:
    """The panel's value for each measurement and judgement aspect."""
    if not cs.single.any():
        return _module_panel(marks, stats, cs, cs.scoring, agg, detail)
    # one-measurer aspects leave the module's rule (and its missing-mark policy for the
    # judges who did not measure) to the single-measurer rule
    single = cs.scoring[cs.single]
    rest = cs.scoring[~cs.single]
    one = single_panel(marks[:, single, :], agg, [cs.aspect_ids[i] for i in single], want_kept=detail)
    if len(rest) == 0:
        return one
    return merge_panels(_module_panel(marks, stats, cs, rest, agg, detail), one, cs.single)


def _module_panel(marks: np.ndarray, stats: CellStats | None, cs: CompiledScheme, idx: np.ndarray, agg: Aggregation, detail: bool):
    """The module's aggregation over the aspects `idx`."""
    every = len(idx) == cs.n_aspects
    ids = [cs.aspect_ids[i] for i in idx]
    if stats is not None:
        done = aggregate_complete(stats, agg, cs.aspect_ids)
        if done is not None:
            return done if every else _columns(done, idx)
    sub = marks if every else marks[:, idx, :]
    sub = apply_missing_policy(sub, agg, ids)
    return aggregate(sub, agg, ids, want_kept=detail)


def _columns(agg: Aggregate, idx: np.ndarray) -> Aggregate:
    shape = (agg.value.shape[0], len(idx))
    # complete panels carry constant counts as broadcasts; keep them so (no materialising)
    counted = np.broadcast_to(agg.counted.flat[0], shape) if agg.counted.strides == (0, 0) else agg.counted[:, idx]
    present = np.broadcast_to(agg.present.flat[0], shape) if agg.present.strides == (0, 0) else agg.present[:, idx]
    return Aggregate(agg.value[:, idx], counted, present)


def _awarded(panel: Aggregate, cs: CompiledScheme) -> np.ndarray:
    value = panel.value
    kind = cs.kind[cs.scoring]
    top = cs.max_marks[cs.scoring]
    # direct marks count as recorded; a judgement is (panel value / 3) × max
    awarded = value * np.where(kind == KIND_JUDGEMENT, top / 3.0, 1.0)
    for col in np.flatnonzero(kind == KIND_PASS_FAIL):
        awarded[:, col] = np.where(value[:, col] >= 0.5, top[col], 0.0)
    if len(cs.bands):
        awarded[:, cs.bands] = _band_marks(value[:, cs.bands], cs)
    for table, marks_of in ((cs.tolerance, tolerance_marks), (cs.grades, grade_marks), (cs.time_limits, time_marks)):
        if len(table.cols):  # one vectorised call per rule kind, over all its aspects at once
            # by aspect [T, C]: a contiguous row per aspect, so each pass runs down all competitors
            awarded[:, table.cols] = marks_of(value.T[table.cols], table, top[table.cols]).T
    if panel.present.min(initial=1) == 0:
        awarded[panel.present == 0] = 0.0
    return awarded


def _band_marks(measured: np.ndarray, cs: CompiledScheme) -> np.ndarray:
    # walk the padded table from its widest band inwards: the narrowest band that holds the
    # value wins; past every band stays at the table's "beyond" marks (0)
    # a panel mean of 0.4, 0.5, 0.6 must sit on the 0.5 boundary whatever the summation
    # order, so the combined value is snapped to 1e-9 before it meets the table
    measured = np.round(measured, _BAND_SNAP)
    out = np.broadcast_to(cs.band_marks[:, -1], measured.shape).copy()
    for k in range(cs.band_upto.shape[1] - 1, -1, -1):
        np.copyto(out, cs.band_marks[:, k], where=measured <= cs.band_upto[:, k])
    return out


# ---- input checks -------------------------------------------------------------------

_RULES = {
    KIND_MARKS: "marks must lie between 0 and the aspect's max marks",
    KIND_PASS_FAIL: "pass/fail marks are 1 (pass) or 0 (fail)",
    KIND_BANDS: "a measured value must be a finite number",
    KIND_TOLERANCE: "a measured value must be a finite number",
    KIND_GRADES: "a grade must be a finite number",
    KIND_TIME: "a time must be a finite number of minutes, 0 or more",
    KIND_JUDGEMENT: "judgement marks are integers 0, 1, 2 or 3",
    KIND_DEDUCTION: "a deduction is a whole number of occurrences, 0 or more",
    KIND_VETO: "a veto is recorded as 1 (happened) or 0",
}


def _shaped(marks: np.ndarray, cs: CompiledScheme, module_id: str) -> np.ndarray:
    marks = np.asarray(marks, dtype=np.float64)
    if marks.ndim != 3 or marks.shape[1] != cs.n_aspects or marks.shape[2] < 1:
        raise MarksError.at(
            f"marks[{module_id}]",
            f"expected an array [competitor, {cs.n_aspects} aspects, judge], got shape {marks.shape}",
        )
    return marks


def _check_values(marks: np.ndarray, cs: CompiledScheme, module_id: str, stats: CellStats | None) -> None:
    """Refuse any mark outside its aspect's range or, where whole numbers are required, a fraction."""
    if marks.shape[0] == 0:
        return
    lo, hi, integral = _bounds(cs)
    if stats is not None:
        low, high = stats.low.min(axis=0), stats.high.max(axis=0)
    else:
        low, high = _aspect_extremes(marks)
    suspect = (low < lo) | (high > hi)
    if integral.any():
        fractional = stats.fractional if stats is not None and stats.fractional is not None else None
        suspect |= integral & (fractional if fractional is not None else _fractional(marks, complete=stats is not None))
    if suspect.any():
        raise MarksError(_mark_problems(_bad_cells(marks, lo, hi, integral), marks, cs, module_id))
    refused = _rule_refusals(marks, cs, module_id)
    if refused:
        raise MarksError(refused)


def _rule_refusals(marks: np.ndarray, cs: CompiledScheme, module_id: str) -> list[Problem]:
    """Values in range that their rule still refuses: a grade off its series, a time past a
    hard stop that refuses it. Each rule looks only at its own columns."""
    out: list[Problem] = []
    checks = (
        (cs.grades, off_series, lambda g: f"a grade must be one of the series {cs.grades.texts[g]}"),
        (cs.time_limits, past_stop, lambda m: f"a time beyond the hard stop of {cs.time_limits.stop[m]:g} min is refused"),
    )
    for table, bad_of, rule in checks:
        if not len(table.cols):
            continue
        columns = cs.scoring[table.cols]
        bad = bad_of(marks.transpose(1, 0, 2)[columns], table)  # by aspect [T, C, J]
        for k, c, j in np.argwhere(bad)[: _MAX_REPORTED - len(out)]:
            a = columns[k]
            out.append(Problem(f"marks[{module_id}][{c}][{cs.aspect_ids[a]}][judge {j}]", f"{marks[c, a, j]:g} refused: {rule(k)}"))
    return out


def _fractional(marks: np.ndarray, complete: bool) -> np.ndarray:
    """bool [A]: some mark of the aspect is not a whole number. An int32 cast drops the
    fraction, so a mark equal to its cast is whole (out-of-range values fail the range check)."""
    c, a, j = marks.shape
    with np.errstate(invalid="ignore"):
        odd = marks.astype(np.int32) != marks
    if not complete:
        odd &= ~np.isnan(marks)
    return odd.reshape(c, a * j).any(axis=0).reshape(a, j).any(axis=1)


def _aspect_extremes(marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-aspect min and max over competitors and judges, ignoring missing marks (fmin/fmax).

    Reducing [C, A·J] over its long first axis runs at memory speed; reducing over the short
    judge axis does not."""
    c, a, j = marks.shape
    flat = marks.reshape(c, a * j)
    low = np.fmin.reduce(flat, axis=0).reshape(a, j)
    high = np.fmax.reduce(flat, axis=0).reshape(a, j)
    return np.fmin.reduce(low, axis=1), np.fmax.reduce(high, axis=1)


def _bad_cells(marks: np.ndarray, lo, hi, integral) -> np.ndarray:
    bad = (marks < lo[None, :, None]) | (marks > hi[None, :, None]) | np.isinf(marks)
    bad |= integral[None, :, None] & (marks != np.floor(marks)) & ~np.isnan(marks)
    return bad


def _bounds(cs: CompiledScheme):
    kind = cs.kind
    measured = np.isin(kind, (KIND_BANDS, KIND_TOLERANCE, KIND_GRADES))  # any finite value; rules judge it
    lo = np.where(measured, -_BOUND, 0.0)
    hi = np.select(
        [kind == KIND_MARKS, kind == KIND_JUDGEMENT, (kind == KIND_DEDUCTION) | measured | (kind == KIND_TIME)],
        [cs.max_marks, 3.0, _BOUND],
        1.0,
    )
    integral = np.isin(kind, (KIND_PASS_FAIL, KIND_JUDGEMENT, KIND_DEDUCTION, KIND_VETO))
    return lo, hi, integral


def _mark_problems(bad: np.ndarray, marks: np.ndarray, cs: CompiledScheme, module_id: str) -> list[Problem]:
    where = np.argwhere(bad)
    out = [
        Problem(
            f"marks[{module_id}][{c}][{cs.aspect_ids[a]}][judge {j}]",
            f"{marks[c, a, j]:g} refused: {_RULES[int(cs.kind[a])]} ({KIND_NAMES[int(cs.kind[a])]})",
        )
        for c, a, j in where[:_MAX_REPORTED]
    ]
    if len(where) > _MAX_REPORTED:
        out.append(Problem(f"marks[{module_id}]", f"and {len(where) - _MAX_REPORTED} more refused marks"))
    return out
