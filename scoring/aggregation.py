"""Aggregating a panel's marks per aspect: mean, median or trimmed mean, with a declared
policy for missing marks.

Marks arrive as a float tensor [competitor, aspect, judge] with NaN for a missing mark.
Everything here is vectorised over competitors and aspects; the only Python loops run over
the judge axis, which is a panel of a handful of people.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import MarksError, Problem

Method = Literal["mean", "median", "trimmed_mean"]
MissingPolicy = Literal["error", "zero", "absent"]

_MAX_REPORTED = 20


class Aggregation(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """How one module's panel is combined per aspect.

    trim: how many highest and how many lowest marks trimmed_mean drops (CNPC: 5 judges,
    trim 1; diving: 7 judges, trim 2). Too few marks left is an error, never a silent mean.
    missing: "error" refuses a missing mark, "zero" counts it as 0, "absent" averages the
    marks present (an aspect nobody marked scores 0 and is reported as empty).
    """

    method: Method = "mean"
    trim: Annotated[int, msgspec.Meta(ge=0, le=10)] = 0
    missing: MissingPolicy = "error"


class Aggregate(msgspec.Struct, frozen=True):
    """Per (competitor, aspect): the combined value, the number of marks counted, and,
    when asked for, which judges' marks were kept (False = dropped by the trim or missing)."""

    value: np.ndarray  # float64 [C, A]
    counted: np.ndarray  # int64 [C, A]: marks that entered the value
    present: np.ndarray  # int64 [C, A]: marks present before trimming
    kept: np.ndarray | None = None  # bool [C, A, J]


def _positions(mask: np.ndarray, limit: int = _MAX_REPORTED) -> list[tuple[int, ...]]:
    return [tuple(int(v) for v in p) for p in np.argwhere(mask)[:limit]]


def missing_problems(missing: np.ndarray, aspect_ids: list[str], what: str) -> list[Problem]:
    """One problem per (competitor, aspect) position, capped so a huge error stays readable."""
    out = [Problem(f"marks[{c}][{aspect_ids[a]}]", what) for c, a in _positions(missing)]
    extra = int(missing.sum()) - len(out)
    if extra > 0:
        out.append(Problem("marks", f"and {extra} more like these"))
    return out


class CellStats(msgspec.Struct, frozen=True):
    """Per (competitor, aspect) sum, highest and lowest mark of a panel with no missing mark."""

    total: np.ndarray  # float [C, A]
    high: np.ndarray
    low: np.ndarray
    judges: int
    fractional: np.ndarray | None = None  # bool [A]: some mark is not a whole number
    lowest: np.ndarray | None = None  # float [A]: the lowest mark of each aspect over the field
    highest: np.ndarray | None = None  # float [A]: the highest

    def columns(self, idx: np.ndarray) -> CellStats:
        return CellStats(self.total[:, idx], self.high[:, idx], self.low[:, idx], self.judges)


def cell_stats(marks: np.ndarray, *, whole_numbers: bool | np.ndarray = False) -> CellStats | None:
    """One pass over a complete panel (None when any mark is missing).

    Sum, high and low of each (competitor, aspect) cell over its judges, by a compiled kernel
    that reads each competitor's [A, J] block once in memory order (scoring/cell_kernel.py:
    numpy could only take the short trailing judge axis one strided sheet at a time).
    `score_module` passes cache-sized chunks, so the outputs stay in the CPU's cache. Marks
    that arrive judge-major (a [C, A, J] view of a [J, C, A] array) are read in place; the
    caller's marks are never written.
    `whole_numbers` (True, or a bool [A] of the aspects that need it) also reports, per
    aspect, whether some mark has a fraction (aspects not asked about report False).
    """
    if marks.shape[0] == 0:
        return None
    from scoring.cell_kernel import reduce_cells  # numba is imported on first use, never by `import scoring`

    marks = np.asarray(marks, dtype=np.float64)
    competitors, aspects, judges = marks.shape
    asked = np.array(np.broadcast_to(whole_numbers, (aspects,)), dtype=bool)  # a writable copy: one kernel specialisation
    total, high, low = (np.empty((competitors, aspects)) for _ in range(3))
    odd, lowest, highest = np.zeros(aspects, dtype=bool), np.empty(aspects), np.empty(aspects)
    if not reduce_cells(marks, asked, total, high, low, odd, lowest, highest):
        return None
    return CellStats(total, high, low, judges, odd if asked.any() else None, lowest, highest)


def has_missing(marks: np.ndarray) -> bool:
    """One summing pass: NaN propagates through a sum, so a finite sum means no mark is missing."""
    return bool(np.isnan(np.sum(marks)))


def apply_missing_policy(marks: np.ndarray, agg: Aggregation, aspect_ids: list[str]) -> np.ndarray:
    """Return marks with the missing-mark policy applied (may be the same array)."""
    if agg.missing == "absent" or not has_missing(marks):
        return marks
    nan = np.isnan(marks)
    if agg.missing == "zero":
        return np.where(nan, 0.0, marks)
    raise MarksError(missing_problems(nan.any(axis=2), aspect_ids, "a judge's mark is missing (missing-mark policy is 'error')"))


def _check_trim(present: np.ndarray, agg: Aggregation, aspect_ids: list[str]) -> None:
    too_few = (present > 0) & (present - 2 * agg.trim < 1)
    if too_few.any():
        raise MarksError(
            missing_problems(
                too_few,
                aspect_ids,
                f"trimmed mean drops {agg.trim} highest and {agg.trim} lowest, too few marks remain",
            )
        )


def aggregate(
    marks: np.ndarray,
    agg: Aggregation,
    aspect_ids: list[str],
    *,
    want_kept: bool = False,
) -> Aggregate:
    """Combine the judge axis of a [C, A, J] tensor (missing policy already applied)."""
    marks = np.asarray(marks, dtype=np.float64)
    method = _method(agg)
    if not want_kept and _needs_only_stats(agg) and (stats := cell_stats(marks)) is not None:
        return _from_stats(stats, agg, method, aspect_ids)
    valid = ~np.isnan(marks)
    present = valid.sum(axis=2)
    if method == "trimmed_mean":
        _check_trim(present, agg, aspect_ids)
    if method == "mean" and not want_kept:
        total = np.nansum(marks, axis=2)
        return Aggregate(_safe_div(total, present), present, present)
    if method == "trimmed_mean" and agg.trim == 1 and not want_kept:
        return _trim_one(marks, present)
    return _sorted_aggregate(marks, valid, present, agg, method, want_kept)


def aggregate_complete(stats: CellStats, agg: Aggregation, aspect_ids: list[str]) -> Aggregate | None:
    """The panel value from sum, high and low alone (mean; trim 1), or None when the rule
    needs every mark in order (median; trim 2 or more)."""
    return _from_stats(stats, agg, _method(agg), aspect_ids) if _needs_only_stats(agg) else None


def _method(agg: Aggregation) -> str:
    return "mean" if agg.method == "trimmed_mean" and agg.trim == 0 else agg.method


def _needs_only_stats(agg: Aggregation) -> bool:
    method = _method(agg)
    return method == "mean" or (method == "trimmed_mean" and agg.trim == 1)


def _from_stats(stats: CellStats, agg: Aggregation, method: str, aspect_ids: list[str]) -> Aggregate:
    judges = stats.judges
    shape = stats.total.shape
    full = np.broadcast_to(np.int64(judges), shape)
    if method == "mean":
        return Aggregate(stats.total / judges, full, full)
    if judges - 2 < 1:
        _check_trim(np.asarray(full), agg, aspect_ids)
    value = stats.total - stats.high
    value -= stats.low
    value /= judges - 2
    return Aggregate(value, np.broadcast_to(np.int64(judges - 2), shape), full)


def _safe_div(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    return np.divide(total, count, out=np.zeros_like(total, dtype=np.float64), where=count > 0)


def _trim_one(marks: np.ndarray, present: np.ndarray) -> Aggregate:
    # The common panel (5 judges, drop highest and lowest) without a sort: sum - max - min.
    total = np.nansum(marks, axis=2)
    has = present > 0
    hi = np.where(has, np.max(np.where(np.isnan(marks), -np.inf, marks), axis=2), 0.0)
    lo = np.where(has, np.min(np.where(np.isnan(marks), np.inf, marks), axis=2), 0.0)
    counted = np.maximum(present - 2, 0)
    value = _safe_div(np.where(has, total - hi - lo, 0.0), counted)
    return Aggregate(value, np.where(has, counted, 0), present)


def _sorted_aggregate(
    marks: np.ndarray,
    valid: np.ndarray,
    present: np.ndarray,
    agg: Aggregation,
    method: str,
    want_kept: bool,
) -> Aggregate:
    order = np.argsort(marks, axis=2, kind="stable")  # NaN sorts last
    ordered = np.take_along_axis(marks, order, axis=2)
    slot = np.arange(marks.shape[2])
    n = present[..., None]
    if method == "mean":
        keep = slot < n
    elif method == "trimmed_mean":
        keep = (slot >= agg.trim) & (slot < n - agg.trim)
    else:  # median: the middle one or two of the sorted present marks
        keep = (slot == (n - 1) // 2) | (slot == n // 2)
        keep &= slot < n
    counted = keep.sum(axis=2)
    value = _safe_div(np.where(keep, ordered, 0.0).sum(axis=2), counted)
    kept = None
    if want_kept:
        kept = np.zeros(marks.shape, dtype=bool)
        np.put_along_axis(kept, order, keep, axis=2)
        kept &= valid
    return Aggregate(value, counted, present, kept)
