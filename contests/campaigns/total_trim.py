"""The panel rule applied to each reviewer's total (`Campaign.trim_on = "reviewer_total"`).

Five-smalls juries often score the rubric per expert, then drop the highest and the lowest
expert total and average the rest, where the contest engine trims each aspect's marks. On
the same marks the two readings can give different grades (an expert low on one aspect
only loses that aspect's mark per aspect, but their whole total per total).

Each reviewer's total is the engine's: the marks tensor [S, A, J] becomes one row per
(submission, reviewer) that scored, [S·J, A, 1], scored by the same rubric as a panel of
one (aspect kinds, vetoes, the missing-mark policy and the campaign's rounding levels
below the total are the engine's). The totals [S, J] are then combined per submission by
the rubric's method (mean, median, or trimmed mean dropping `trim` highest and lowest) with
array arithmetic only, and rounded once, as the campaign declares.
"""

from __future__ import annotations

import re

import msgspec
import numpy as np

from contests.campaigns.definition import Campaign
from contests.campaigns.errors import ReviewError
from scoring.aggregation import Aggregation
from scoring.errors import MarksError, Problem
from scoring.event import EventRules, EventScorer
from scoring.rounding import to_units


def reviewer_totals(campaign: Campaign, marks: np.ndarray) -> np.ndarray:
    """float [S, J]: each reviewer's rubric total (unrounded), NaN where they gave no mark."""
    s, a, j = marks.shape
    rows = marks.transpose(0, 2, 1).reshape(s * j, a)
    scored = ~np.isnan(rows).all(axis=1)
    rubric = campaign.rubric
    alone = msgspec.structs.replace(rubric, aggregation=Aggregation(method="mean", missing=rubric.aggregation.missing))
    totals = np.full(s * j, np.nan)
    if scored.any():
        try:
            result = EventScorer([alone], EventRules(rounding=campaign.rounding)).score({alone.id: rows[scored][:, :, None]})
        except MarksError as exc:
            raise MarksError([_in_panel(p, np.flatnonzero(scored), j) for p in exc.problems]) from exc
        totals[scored] = result.total_unrounded
    return totals.reshape(s, j)


_ROW = re.compile(r"^(marks(?:\[[^\]]*\])?)\[(\d+)\]")


def _in_panel(problem: Problem, where: np.ndarray, width: int) -> Problem:
    """The engine names a (submission, reviewer) row by its index among the scored rows:
    name the submission row and the reviewer's judge slot, as the per-aspect path does."""
    m = _ROW.match(problem.path)
    if not m:
        return problem
    flat = int(where[int(m.group(2))])
    rest = problem.path[m.end() :].replace("[judge 0]", f"[judge {flat % width}]")
    return Problem(f"{m.group(1)}[{flat // width}]{rest}", problem.rule)


def panel_of_totals(aggregation: Aggregation, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(value [S], counted [S]): the panel's value of each row of totals (NaN = absent) and
    how many totals it counted; a row left with none counted has value NaN."""
    n = (~np.isnan(totals)).sum(axis=1)
    ordered = np.sort(totals, axis=1)  # NaN sorts last: the n present totals come first
    rows = np.arange(len(totals))
    if aggregation.method == "median":
        lo, hi = np.maximum(n - 1, 0) // 2, n // 2
        middle = (ordered[rows, lo] + ordered[rows, np.minimum(hi, totals.shape[1] - 1)]) / 2
        return np.where(n > 0, middle, np.nan), np.minimum(n, 1 + (n % 2 == 0))
    trim = aggregation.trim if aggregation.method == "trimmed_mean" else 0
    slot = np.arange(totals.shape[1])[None, :]
    keep = (slot >= trim) & (slot < (n - trim)[:, None])
    counted = keep.sum(axis=1)
    value = np.where(keep, ordered, 0.0).sum(axis=1) / np.maximum(counted, 1)
    return np.where(counted > 0, value, np.nan), counted


def score_by_totals(campaign: Campaign, marks: np.ndarray, submissions: list[str]) -> np.ndarray:
    """int64 [S]: the rounded panel score of each row in 10**-places units."""
    totals = reviewer_totals(campaign, marks)
    value, counted = panel_of_totals(campaign.rubric.aggregation, totals)
    short = np.flatnonzero(~np.isnan(totals).all(axis=1) & (counted < 1))
    if short.size:
        trim = campaign.rubric.aggregation.trim
        raise ReviewError(
            [
                Problem(
                    f"reviews[{submissions[i]}]",
                    f"a trimmed mean of reviewer totals drops {trim} highest and {trim} lowest: too few totals remain",
                )
                for i in short.tolist()
            ]
        )
    return to_units(np.nan_to_num(value), campaign.rounding).astype(np.int64)


__all__ = ["panel_of_totals", "reviewer_totals", "score_by_totals"]
