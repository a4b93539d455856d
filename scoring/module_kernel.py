"""The compiled module kernel: one competitor's marks → its sections, criteria, vetoes and
module score, every mark read once, for a chunk of competitors at a time, a block of BLOCK competitors per step.

The numpy path (scoring/module_score.py `_evaluate`) walks the chunk a dozen times: cell
stats, panel values, awards per rule, vetoes, section sums, deductions, clipping, criteria,
each pass writing a [chunk, aspects] temporary. Here each competitor's [A, J] block is
reduced, scored and summed while it sits in registers and L1, and only the outputs are
written. `scoring/fused_module.py` decides when a module can take this path (panel mean or
trimmed mean with trim 1, rules marks, pass/fail, bands and judgement, facts by max,
rounding at module or total level, fewer than 8 criteria) and falls back otherwise.

Every float operation is the numpy path's, in its order, so results are bit for bit the
same (tests/scoring/test_module_kernel.py holds `_evaluate` as the oracle): cells add judge
after judge from the first (as `cell_stats`); the panel value is total / judges, or
(total - high - low) / (judges - 2); a judgement is value × (max / 3); a band's marks are
`band_marks[width - count of edges >= value]`; sections, deductions and criteria are added
from 0.0 in index order as `_column_sums` does; a criteria total of fewer than 8 columns is
numpy's sequential sum. No fastmath: LLVM keeps that order.
"""

from __future__ import annotations

import numba
import numpy as np

# status of a chunk: scored, a mark missing (the general panel path decides), a mark refused
OK, MISSING, REFUSED = 0, 1, 2


def _compiled(fn):
    """njit with nogil (the chunks run on the scoring pool's threads at once) and an on-disk
    cache where a writable one exists (as scoring/cell_kernel.py explains)."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)


BLOCK = 256  # competitors per step: each step's [BLOCK, aspects] scratch stays in L1/L2


@_compiled
def score_block(marks, start, stop, lo, hi, integral, trim, s_aspect, s_kind, s_factor, s_band, s_section, limits, band_marks,
                d_aspect, d_section, per_occ, cap, disq_at, v_aspect, v_effect, zero_aspect, zero_section, credit, smax, crit_of,
                scale, out_raw, out_scaled, out_sec, out_crit, fired, out_vetoed, out_disq):  # fmt: skip
    """Score competitors [start, stop) of `marks` [C, A, J] (any strides) into the same rows
    of the outputs: raw [C], scaled [C], sections [C, S], criteria [C, K], fired [C, V],
    module vetoed [C], disqualified [C]. The tables are scoring/fused_module.py's `Plan`.
    Returns OK, or MISSING / REFUSED when some competitor needs the numpy path.

    Each step is a function over a block of competitors, not over one: a call passing
    arrays costs reference-count updates per array (atomic), which per competitor made the
    kernel 3–5× slower than the same loops written in one body."""
    value, high = np.empty((BLOCK, lo.shape[0])), np.empty((BLOCK, lo.shape[0]))
    awarded, sded, module_ded = np.empty((BLOCK, s_aspect.shape[0])), np.empty((BLOCK, credit.shape[0])), np.empty(BLOCK)
    for b0 in range(start, stop, BLOCK):
        b1 = min(b0 + BLOCK, stop)
        status = _cells(marks, b0, b1, lo, hi, integral, trim, value, high)
        if status != OK:
            return status
        _award(value, b1 - b0, s_aspect, s_kind, s_factor, s_band, limits, band_marks, awarded)
        _vetoes(high, b0, b1, v_aspect, v_effect, zero_aspect, awarded, fired, out_vetoed, out_disq)
        _deductions(high, b0, b1, d_aspect, d_section, per_occ, cap, disq_at, sded, module_ded, out_disq)
        _sections(awarded, b0, b1, s_section, credit, smax, sded, fired, zero_section, out_sec)
        _module_score(out_sec, b0, b1, crit_of, module_ded, out_vetoed, scale, out_crit, out_raw, out_scaled)
    return OK


@_compiled
def _cells(marks, b0, b1, lo, hi, integral, trim, value, high):
    """Each cell's panel value and high into value, high [c - b0, A]; a status."""
    aspects, judges = marks.shape[1], marks.shape[2]
    for c in range(b0, b1):
        r = c - b0
        for a in range(aspects):
            first = marks[c, a, 0]
            s = first
            h = first
            low = first
            for j in range(1, judges):
                x = marks[c, a, j]
                s += x  # a NaN propagates into the sum: one test after the loop finds it
                h = h if h > x else x
                low = low if low < x else x
            if s != s:
                return MISSING
            if low < lo[a] or h > hi[a] or (integral[a] and _fraction(marks, c, a)):
                return REFUSED
            if trim:
                v = s - h
                v -= low
                value[r, a] = v / (judges - 2)
            else:
                value[r, a] = s / judges
            high[r, a] = h
    return OK


@_compiled
def _fraction(marks, c, a):
    """Some judge's mark of the cell is not a whole number (asked only where the aspect needs one)."""
    for j in range(marks.shape[2]):
        if marks[c, a, j] != np.floor(marks[c, a, j]):
            return True
    return False


@_compiled
def _award(value, n, s_aspect, s_kind, s_factor, s_band, limits, band_marks, awarded):
    """Awarded marks per scoring aspect; kinds 0 marks, 1 pass/fail, 2 bands, 6 judgement.
    Aspect by aspect, down the block's competitors: the rule is chosen once per aspect and
    the inner loop is straight-line code the compiler vectorises."""
    width = limits.shape[1]
    for k in range(s_aspect.shape[0]):
        a, kind, factor = s_aspect[k], s_kind[k], s_factor[k]
        if kind == 6:
            for r in range(n):
                awarded[r, k] = value[r, a] * factor
        elif kind == 1:
            for r in range(n):
                awarded[r, k] = factor if value[r, a] >= 0.5 else 0.0
        elif kind == 2:
            b = s_band[k]
            for r in range(n):
                count = width
                for e in range(width):
                    count -= value[r, a] <= limits[b, e]
                awarded[r, k] = band_marks[b, count]
        else:
            for r in range(n):
                awarded[r, k] = value[r, a]


@_compiled
def _vetoes(high, b0, b1, v_aspect, v_effect, zero_aspect, awarded, fired, vetoed, disq):
    """fired = panel high >= 0.5; zero the aspects an aspect veto names; module vetoed and
    disqualified by a veto. Effects: 0 aspect, 1 criterion, 2 module, 3 disqualify."""
    for c in range(b0, b1):
        r = c - b0
        module = False
        out = False
        for v in range(v_aspect.shape[0]):
            hit = high[r, v_aspect[v]] >= 0.5
            fired[c, v] = hit
            if hit:
                module |= v_effect[v] == 2
                out |= v_effect[v] == 3
                for k in range(awarded.shape[1]):
                    if zero_aspect[v, k]:
                        awarded[r, k] = 0.0
        vetoed[c] = module
        disq[c] = out


@_compiled
def _deductions(high, b0, b1, d_aspect, d_section, per_occ, cap, disq_at, sded, module_ded, disq):
    """Capped deductions added from 0.0 in order into their sections (sded) or the module
    total (module_ded); a count at its disqualify_at disqualifies."""
    for c in range(b0, b1):
        r = c - b0
        for s in range(sded.shape[1]):
            sded[r, s] = 0.0
        taken = 0.0
        for d in range(d_aspect.shape[0]):
            occ = high[r, d_aspect[d]]
            x = occ * per_occ[d]
            x = x if x < cap[d] else cap[d]
            if d_section[d] >= 0:
                sded[r, d_section[d]] += x
            else:
                taken += x
            if occ >= disq_at[d]:
                disq[c] = True
        module_ded[r] = taken


@_compiled
def _sections(awarded, b0, b1, s_section, credit, smax, sded, fired, zero_section, sec):
    """sec = clip((Σ awarded + credit) - deductions, 0, max), summed from 0.0 in aspect
    order (aspect by aspect down the block); then criterion vetoes zero the sections they name."""
    sec[b0:b1] = 0.0
    for k in range(awarded.shape[1]):
        s = s_section[k]
        for c in range(b0, b1):
            sec[c, s] += awarded[c - b0, k]
    for s in range(sec.shape[1]):
        for c in range(b0, b1):
            u = (sec[c, s] + credit[s]) - sded[c - b0, s]
            u = u if u > 0.0 else 0.0
            sec[c, s] = u if u < smax[s] else smax[s]
    for c in range(b0, b1):
        for v in range(zero_section.shape[0]):
            if fired[c, v]:
                for s in range(sec.shape[1]):
                    if zero_section[v, s]:
                        sec[c, s] = 0.0


@_compiled
def _module_score(sec, b0, b1, crit_of, module_ded, vetoed, scale, crit, raw, scaled):
    """Criteria from 0.0 in section order; their total in criterion order (numpy's sum of
    fewer than 8); raw = 0 if vetoed else max(total - module deductions, 0); scaled."""
    for c in range(b0, b1):
        for k in range(crit.shape[1]):
            crit[c, k] = 0.0
        for s in range(sec.shape[1]):
            crit[c, crit_of[s]] += sec[c, s]
        total = 0.0
        for k in range(crit.shape[1]):
            total += crit[c, k]
        x = total - module_ded[c - b0]
        r = 0.0 if vetoed[c] else (x if x > 0.0 else 0.0)
        raw[c] = r
        scaled[c] = r * scale
