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

    def columns(self, idx: np.ndarray) -> CellStats:
        return CellStats(self.total[:, idx], self.high[:, idx], self.low[:, idx], self.judges)


def cell_stats(marks: np.ndarray, *, whole_numbers: bool = False) -> CellStats | None:
    """One pass over a complete panel (None when any mark is missing).

    Reducing numpy's short trailing judge axis is slow and strided; one transposing copy to
    judge-major order turns every later operation into a contiguous whole-array one, and the
    copy's first sheet then accumulates the sum, so only high and low are new arrays.
    `whole_numbers` also reports, per aspect, whether some mark has a fraction.
    """
    if marks.shape[0] == 0 or has_missing(marks):
        return None
    by_judge = np.ascontiguousarray(np.moveaxis(marks, 2, 0))
    if marks.shape[2] > 1 and (by_judge is marks or np.shares_memory(by_judge, marks)):
        by_judge = by_judge.copy()  # never write into the caller's marks (one judge's sheet is only read)
    fractional = _fractional_sheets(by_judge) if whole_numbers else None
    first = by_judge[0]
    if len(by_judge) == 1:
        return CellStats(first, first, first, 1, fractional)
    high = np.maximum(first, by_judge[1])
    low = np.minimum(first, by_judge[1])
    for sheet in by_judge[2:]:  # one sheet per judge: a panel is a handful of people
        np.maximum(high, sheet, out=high)
        np.minimum(low, sheet, out=low)
    for sheet in by_judge[1:]:
        first += sheet
    return CellStats(first, high, low, marks.shape[2], fractional)


def _fractional_sheets(by_judge: np.ndarray) -> np.ndarray:
    """bool [A]: some judge's mark for the aspect is not a whole number (buffers reused)."""
    rounded = np.empty_like(by_judge[0])
    differs = np.empty(rounded.shape, dtype=bool)
    found = np.zeros(rounded.shape[1], dtype=bool)
    for sheet in by_judge:
        np.rint(sheet, out=rounded)
        np.not_equal(sheet, rounded, out=differs)
        found |= np.logical_or.reduce(differs, axis=0)
    return found


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
