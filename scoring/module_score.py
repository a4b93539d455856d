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

import functools
import os
from concurrent.futures import ThreadPoolExecutor

import msgspec
import numpy as np

from scoring import fused_module
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
CHUNK = 32_768  # competitors per chunk: each working [chunk, aspects] array is a few MiB, cache-sized
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


def score_module(
    module: Module, marks: np.ndarray, rounding: Rounding, compiled: CompiledScheme | None = None, *, chunk: int = CHUNK
) -> ModuleScore:
    """Score every competitor, `chunk` competitors at a time (see `chunks`)."""
    cs = compiled or compile_scheme(module.scheme)
    marks = _shaped(marks, cs, module.id)
    bounds = chunks(marks.shape[0], chunk)
    fused = _fused(module, marks, rounding, cs, bounds)
    if fused is not None:
        return fused
    if len(bounds) <= 1:
        return _evaluate(module, marks, rounding, cs, False)
    try:
        # a loop over chunks of competitors (a few dozen at 1,000,000), never over competitors:
        # each chunk is whole-array code on cache-sized arrays. numpy releases the GIL inside
        # its loops, so the chunks run on every core; they share nothing but the read-only marks
        parts = list(_pool().map(lambda b: _evaluate(module, marks[b[0] : b[1]], rounding, cs, False), bounds))
    except MarksError:
        # refusals name competitors by their place in the whole field: the whole-field run
        # raises the same refusals (a chunk's bad marks are the field's), with the right indices
        return _evaluate(module, marks, rounding, cs, False)
    return _joined(parts)


def _fused(module, marks, rounding, cs: CompiledScheme, bounds) -> ModuleScore | None:
    """The compiled module kernel's result (scoring/fused_module.py says when it applies), or
    None when the module or some chunk (a missing or refused mark) needs the numpy path."""
    trim = fused_module.trims(module)
    if marks.shape[0] == 0 or not fused_module.fusable(module, cs, rounding) or (trim and marks.shape[2] < 3):
        return None
    p = fused_module.plan(cs, trim, module.scale_factor)
    out = fused_module.outputs(marks.shape[0], p)
    run = lambda b: fused_module.run(marks, b, p, out)  # noqa: E731
    statuses = list(_pool().map(run, bounds)) if len(bounds) > 1 else [run(bounds[0])]
    if fused_module.REFUSED in statuses:
        return None  # the numpy path words the refusals, naming competitors by their place in the field
    try:
        for (a, b), status in zip(bounds, statuses):
            if status:  # a missing mark: this chunk takes the panel rule's general path
                _into(out, a, b, _evaluate(module, marks[a:b], rounding, cs, False), module.scale_factor)
    except MarksError:
        return None  # a refusal after the missing mark: as above, the whole field's run words it
    raw, scaled, sections, criteria, fired, module_vetoed, disqualified = out
    if rounding.rounds_at("module"):
        scaled = round_values(scaled, rounding)
    return ModuleScore(module.id, raw, scaled, sections, criteria, fired, module_vetoed, disqualified, _passed(scaled, module, rounding))


def _into(out: tuple, a: int, b: int, part: ModuleScore, scale: float) -> None:
    """A chunk scored by the numpy path, written into the kernel's outputs (scaled before any
    module-level rounding, which the caller applies to the whole field)."""
    fields = (part.raw, part.raw * scale, part.sections, part.criteria, part.vetoes_fired, part.module_vetoed, part.disqualified)
    for whole, piece in zip(out, fields):
        whole[a:b] = piece


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)), thread_name_prefix="scoring-chunk")


# a forked child inherits the pool's bookkeeping but not its threads: it makes its own
os.register_at_fork(after_in_child=_pool.cache_clear)


def chunks(n: int, chunk: int = CHUNK) -> list[tuple[int, int]]:
    """[start, stop) bounds of nearly equal chunks of at most `chunk` competitors.

    Every competitor's score depends on its own marks only and every step below is
    elementwise per competitor in a fixed order, so chunked and whole-field runs agree bit
    for bit (tests/scoring/test_chunked.py). Chunks keep each step's arrays in the CPU's
    cache instead of paging in and zeroing whole-field temporaries; equal sizes avoid a
    tiny last chunk that would pay the per-chunk overhead for a few competitors."""
    if n <= chunk:
        return [(0, n)]
    count = -(-n // chunk)
    edges = [n * i // count for i in range(count + 1)]
    return list(zip(edges[:-1], edges[1:]))


def _joined(parts: list[ModuleScore]) -> ModuleScore:
    first = parts[0]
    fields = {name: np.concatenate([getattr(p, name) for p in parts]) for name in first.__struct_fields__ if name != "module_id"}
    return ModuleScore(module_id=first.module_id, **fields)


def detail_module(module: Module, marks: np.ndarray, rounding: Rounding, compiled: CompiledScheme | None = None) -> ModuleDetail:
    return _evaluate(module, marks, rounding, compiled or compile_scheme(module.scheme), True)


def _evaluate(module, marks, rounding, cs: CompiledScheme, detail: bool):
    marks = _shaped(marks, cs, module.id)
    stats = None if detail else cell_stats(marks, whole_numbers=_bounds(cs)[2])
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
    section_ded = _column_sums(deducted, cs.deduction_onehot)
    unfloored = _column_sums(awarded, cs.section_onehot) + cs.section_credit - section_ded
    sections = np.clip(unfloored, 0.0, cs.section_max)
    section_vetoed = _hits(fired, cs.veto_zeroes_section)
    if section_vetoed.any():
        sections = np.where(section_vetoed, 0.0, sections)
    criteria = _column_sums(sections, cs.criterion_onehot)
    effect = cs.veto_effect
    module_vetoed = fired[:, effect == VETO_EFFECTS.index("module")].any(axis=1)
    criteria_total = criteria.sum(axis=1)
    module_ded = _column_sums(deducted, cs.module_deduction[:, None])[:, 0]
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


def _column_sums(values: np.ndarray, onehot: np.ndarray) -> np.ndarray:
    """values [C, K] summed into the columns [C, W] a 0/1 `onehot` [K, W] assigns them to.

    Adds column after column in index order, so a competitor's sum never depends on how many
    competitors are scored with it; a matrix product may pick another kernel, and another
    summation order, for one row (an explanation) than for a million."""
    out = np.zeros((values.shape[0], onehot.shape[1]))
    for k, w in zip(*np.nonzero(onehot)):  # over a scheme's aspects and sections: a few dozen
        out[:, w] += values[:, k] if onehot[k, w] == 1 else values[:, k] * onehot[k, w]
    return out


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
    # column by column: a [C, A] array times an [A] row would run numpy's inner loop over
    # one competitor's few aspects at a time
    awarded = np.array(value, order="C")
    for col in np.flatnonzero(kind == KIND_JUDGEMENT):
        awarded[:, col] *= top[col] / 3.0
    for col in np.flatnonzero(kind == KIND_PASS_FAIL):
        awarded[:, col] = np.where(value[:, col] >= 0.5, top[col], 0.0)
    if len(cs.bands):
        awarded[:, cs.bands] = _band_marks(np.ascontiguousarray(value.T[cs.bands]), cs).T
    for table, marks_of in ((cs.tolerance, tolerance_marks), (cs.grades, grade_marks), (cs.time_limits, time_marks)):
        if len(table.cols):  # one vectorised call per rule kind, over all its aspects at once
            # by aspect [T, C]: a contiguous row per aspect, so each pass runs down all competitors
            awarded[:, table.cols] = marks_of(value.T[table.cols], table, top[table.cols]).T
    # complete panels carry their counts as a broadcast constant: read one value, not all
    present = panel.present if panel.present.strides != (0, 0) else panel.present.flat[:1]
    if present.min(initial=1) == 0:
        awarded[panel.present == 0] = 0.0
    return awarded


def _band_marks(measured: np.ndarray, cs: CompiledScheme) -> np.ndarray:
    """Band marks by aspect [B, C] of the measured values by aspect [B, C].

    The narrowest band that holds the value wins; past every band earns the table's "beyond"
    marks (0). Bands ascend strictly (validated), so the edges a value lies within are the
    last `count` of its row and the winner is column width - count: a compare-and-count per
    edge down each aspect's contiguous row, then one gather (padding edges are +inf and score
    0; NaN lies within no edge and gets "beyond").
    A panel mean of 0.4, 0.5, 0.6 must sit on the 0.5 boundary whatever the summation
    order, so the combined value is snapped to 1e-9 before it meets the table; comparing the
    unsnapped value with `snapped_limits` decides exactly the same, without a rounding pass."""
    limits = snapped_limits(cs.band_upto)
    width = limits.shape[1]
    out = np.empty(measured.shape)
    count = np.empty(measured.shape[1], dtype=np.intp)
    within = np.empty(measured.shape[1], dtype=bool)
    for b in range(len(measured)):  # over the scheme's banded aspects and their few edges
        count.fill(width)
        for k in range(width):
            np.less_equal(measured[b], limits[b, k], out=within)
            count -= within
        np.take(cs.band_marks[b], count, out=out[b])
    return out


_LIMITS: dict[bytes, np.ndarray] = {}


def snapped_limits(upto: np.ndarray) -> np.ndarray:
    """For each band edge u, the largest float v with np.round(v, 9) <= u (+inf stays +inf).

    np.round(v, 9) is rint(v·1e9) / 1e9: a product with a positive constant, rint and a
    quotient by a positive constant, each non-decreasing in v under IEEE rounding, so it is
    non-decreasing, and {v : round(v, 9) <= u} is every float up to one largest value. A
    bisection over the floats in order (their bit patterns, as integers) finds it. Then
    `v <= limit` holds exactly when `round(v, 9) <= u` (NaN: false for both)."""
    key = upto.tobytes() + str(upto.shape).encode()
    if key not in _LIMITS:
        _LIMITS[key] = np.vectorize(_snapped_limit, otypes=[np.float64])(upto).reshape(upto.shape)
    return _LIMITS[key]


def _snapped_limit(u: float) -> float:
    if not np.isfinite(u):
        return float(u)
    snapped = lambda i: np.round(_float_of(np.array([i])), _BAND_SNAP)[0]  # noqa: E731
    lo, hi = _ordinal(-np.finfo(np.float64).max), _ordinal(np.finfo(np.float64).max)
    # invariant: round(float(lo)) <= u < round(float(hi)); -max snaps to -inf, +max to +inf
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if snapped(mid) <= u:
            lo = mid
        else:
            hi = mid
    return float(_float_of(np.array([lo]))[0])


def _ordinal(x: float) -> int:
    """Floats in order as integers: non-negative floats keep their bit pattern, negative ones
    are mirrored below zero."""
    bits = int(np.array([x], dtype=np.float64).view(np.int64)[0])
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def _float_of(ordinal: np.ndarray) -> np.ndarray:
    ordinal = ordinal.astype(np.int64)
    bits = np.where(ordinal >= 0, ordinal, (-ordinal) | np.int64(-(2**63)))
    return bits.view(np.float64)


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
        low, high = stats.lowest, stats.highest
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


@functools.lru_cache(maxsize=256)
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
