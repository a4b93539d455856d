"""Judge statistics for the chief judge (RULES.md "Judge statistics"): severity, spread
flags and panel agreement (ICC(3,1), Kendall's W).

These explain a panel; they never change a score. Marks are a [competitor, aspect, judge]
tensor with NaN for a missing mark. scipy is a test oracle only, so ranking and the ANOVA
are written here in numpy.
"""

from __future__ import annotations

import msgspec
import numpy as np

from scoring.aggregation import Aggregation, aggregate
from scoring.errors import MarksError, Problem

_REL_TOL = 1e-12  # below this share of the total sum of squares, a mean square is rounding


class Severity(msgspec.Struct, frozen=True):
    """Per judge: mean offset from the panel reference, cells it is based on, and the flag.

    offset is NaN (and the judge not flagged) when the judge marked no comparable cell.
    """

    offset: np.ndarray  # float64 [J]
    marks_counted: np.ndarray  # int64 [J]
    flagged: np.ndarray  # bool [J]
    judge_ids: list[str]
    trim: int  # marks dropped at each end for the reference


class Agreement(msgspec.Struct, frozen=True):
    """Agreement of a panel over n complete competitor rows and k judges."""

    icc: float
    kendall_w: float
    n: int
    k: int


def _check_marks(marks: np.ndarray, aspect_ids: list[str], judge_ids: list[str] | None) -> None:
    if marks.ndim != 3:
        raise MarksError(Problem("marks", "marks must be [competitor, aspect, judge]"))
    if len(aspect_ids) != marks.shape[1]:
        raise MarksError(Problem("aspect_ids", "one aspect id per aspect column of marks"))
    if judge_ids is not None and len(judge_ids) != marks.shape[2]:
        raise MarksError(Problem("judge_ids", "one judge id per judge column of marks"))


def reference_trim(agg: Aggregation, judges: int) -> int:
    """The panel's own trim if it declares one, else drop one at each end from 5 judges up
    (FIG/CNPC practice), so one extreme judge cannot drag the reference."""
    if agg.trim:
        return agg.trim
    return 1 if judges >= 5 else 0


def severity(
    marks: np.ndarray,
    agg: Aggregation,
    aspect_ids: list[str],
    judge_ids: list[str],
    threshold: float = 0.5,
) -> Severity:
    """Each judge's mean of (own mark − panel trimmed mean) over the cells they marked.

    Reference: for each (competitor, aspect), the trimmed mean of *all* present marks,
    the judge's own included (as the panel's score is), with reference_trim() marks dropped
    at each end and missing marks absent. A cell counts only when it has at least two marks
    and enough to survive the trim: with one mark the offset is 0 by construction, and a
    cell too thin to trim has no panel reference. Flagged when |offset| > threshold
    (many-facet Rasch: about 0.5 points is substantive).
    """
    marks = np.asarray(marks, dtype=np.float64)
    _check_marks(marks, aspect_ids, judge_ids)
    if threshold < 0:
        raise MarksError(Problem("threshold", "the severity threshold cannot be negative"))
    trim = reference_trim(agg, marks.shape[2])
    valid = ~np.isnan(marks)
    present = valid.sum(axis=2)
    usable = (present >= 2) & (present - 2 * trim >= 1)
    # Thin cells are blanked so aggregate() sees them as empty instead of refusing them.
    panel = np.where(usable[..., None], marks, np.nan)
    reference = Aggregation(method="trimmed_mean", trim=trim, missing="absent")
    ref = aggregate(panel, reference, aspect_ids)
    used = valid & usable[..., None]
    diff = np.where(used, marks - ref.value[..., None], 0.0)
    counted = used.sum(axis=(0, 1)).astype(np.int64)
    offset = np.full(marks.shape[2], np.nan)
    np.divide(diff.sum(axis=(0, 1)), counted, out=offset, where=counted > 0)
    flagged = (counted > 0) & (np.abs(np.nan_to_num(offset)) > threshold)
    return Severity(offset, counted, flagged, list(judge_ids), trim)


def spread_flags(marks: np.ndarray, judgement_aspects: np.ndarray, limit: float = 1.0) -> np.ndarray:
    """bool[C, A]: judgement aspects whose present marks span more than `limit` (max − min).

    WorldSkills asks experts to revisit judgement marks more than 1 apart. Measurement
    aspects and cells with fewer than two marks are never flagged.
    """
    marks = np.asarray(marks, dtype=np.float64)
    judgement_aspects = np.asarray(judgement_aspects, dtype=bool)
    if marks.ndim != 3 or judgement_aspects.shape != (marks.shape[1],):
        raise MarksError(Problem("judgement_aspects", "one flag per aspect column of marks"))
    valid = ~np.isnan(marks)
    hi = np.max(np.where(valid, marks, -np.inf), axis=2, initial=-np.inf)
    lo = np.min(np.where(valid, marks, np.inf), axis=2, initial=np.inf)
    wide = (valid.sum(axis=2) >= 2) & (hi - lo > limit)
    return wide & judgement_aspects[None, :]


def judge_totals(marks: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """float64[C, J]: each judge's sum over aspects of their marks for each competitor.

    The caller passes the marks on the awarded scale (or `weights` per aspect to get there).
    A judge who left any aspect of a competitor unmarked has NaN for that competitor, so the
    row drops out of agreement: a partial sum is not comparable with full ones. Pass only
    the aspects the whole panel marks (e.g. one module's judgement aspects).
    """
    marks = np.asarray(marks, dtype=np.float64)
    if marks.ndim != 3:
        raise MarksError(Problem("marks", "marks must be [competitor, aspect, judge]"))
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64)
        if weights.shape != (marks.shape[1],):
            raise MarksError(Problem("weights", "one weight per aspect column of marks"))
        marks = marks * weights[None, :, None]
    return marks.sum(axis=1)  # NaN propagates on purpose


def _complete_rows(scores: np.ndarray) -> np.ndarray:
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2:
        raise MarksError(Problem("scores", "scores must be [competitor, judge]"))
    return scores[~np.isnan(scores).any(axis=1)]


def icc_3_1(scores: np.ndarray) -> float:
    """ICC(3,1) of Shrout & Fleiss (1979): consistency of single judges, judges fixed.

    Two-way ANOVA with competitors as rows and judges as columns:
    (MSB − MSE) / (MSB + (k − 1)·MSE). Rows with any NaN are excluded (the ANOVA needs a
    complete table). NaN when n < 2, k < 2 or the denominator is zero (no variation
    besides the judges' constant offsets).
    """
    x = _complete_rows(scores)
    n, k = x.shape
    if n < 2 or k < 2:
        return float("nan")
    grand = x.mean()
    rows = x.mean(axis=1, keepdims=True)
    cols = x.mean(axis=0, keepdims=True)
    msb = k * float(((rows - grand) ** 2).sum()) / (n - 1)
    mse = float(((x - rows - cols + grand) ** 2).sum()) / ((n - 1) * (k - 1))
    denom = msb + (k - 1) * mse
    sst = float(((x - grand) ** 2).sum())
    if denom <= _REL_TOL * sst / (n - 1) or sst == 0:
        return float("nan")
    return (msb - mse) / denom


def average_ranks(x: np.ndarray) -> np.ndarray:
    """Rank each column (1 = lowest); tied values share the mean of the ranks they span."""
    n = x.shape[0]
    order = np.argsort(x, axis=0, kind="stable")
    s = np.take_along_axis(x, order, axis=0)
    idx = np.broadcast_to(np.arange(n)[:, None], s.shape)
    change = s[1:] != s[:-1]
    starts = np.concatenate([np.ones((1, s.shape[1]), bool), change])
    ends = np.concatenate([change, np.ones((1, s.shape[1]), bool)])
    first = np.maximum.accumulate(np.where(starts, idx, 0), axis=0)
    last = np.minimum.accumulate(np.where(ends, idx, n - 1)[::-1], axis=0)[::-1]
    ranks = np.empty(s.shape)
    np.put_along_axis(ranks, order, (first + last) / 2.0 + 1.0, axis=0)
    return ranks


def kendall_w(scores: np.ndarray) -> float:
    """Kendall's W = 12·S / (m²(n³ − n)) for m judges (columns) ranking n competitors (rows).

    Ties get average ranks and no tie correction, so ties pull W below 1 even when judges
    agree; rows with any NaN are excluded. NaN when n < 2 or m < 2.
    """
    x = _complete_rows(scores)
    n, m = x.shape
    if n < 2 or m < 2:
        return float("nan")
    totals = average_ranks(x).sum(axis=1)
    s = float(((totals - totals.mean()) ** 2).sum())
    return 12.0 * s / (m * m * (n**3 - n))


def module_agreement(judge_totals: np.ndarray) -> Agreement:
    """ICC(3,1) and Kendall's W of a [C, J] table of judge totals, over its complete rows."""
    x = _complete_rows(judge_totals)
    return Agreement(icc=icc_3_1(x), kendall_w=kendall_w(x), n=int(x.shape[0]), k=int(x.shape[1]))
