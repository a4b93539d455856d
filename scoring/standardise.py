"""WorldSkills-style standardisation: a skill's median competitor is placed at 700.

WorldSkills publishes the centre (700, typically 600-800) but not the spread estimator, so
both are a declared policy. Raw scores stay with the caller; this only maps them.

Semantics, all computed over eligible competitors only:
- centre "median" (default) or "mean";
- spread "mad": median absolute deviation about the median × mad_factor (1.4826 makes it
  estimate the standard deviation of normal data); "std": population standard deviation
  (ddof=0, the field *is* the population); "iqr": (Q3 − Q1) / 1.349 with numpy's linear
  interpolation of quartiles, again a normal-consistent scale;
- if every eligible score is equal there is nothing to spread: everyone is placed at
  target_centre (no division by zero);
- if the chosen robust estimator is zero although scores differ (MAD or IQR are 0 when most
  of the field shares one score), the population standard deviation is used instead, so a
  better raw score never maps to an equal standardised one; `spread_estimator` says so;
- an empty field (no eligible finite score) gives all NaN, with NaN centre and spread.
A NaN raw score makes that competitor ineligible; ineligible competitors get NaN.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import MarksError, Problem

Centre = Literal["median", "mean"]
Spread = Literal["mad", "std", "iqr"]

_IQR_NORMAL = 1.349  # interquartile range of the standard normal distribution


class Standardisation(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Where a skill's centre is placed (target_centre) and how far one spread unit reaches."""

    centre: Centre = "median"
    spread: Spread = "mad"
    mad_factor: Annotated[float, msgspec.Meta(gt=0, le=10)] = 1.4826
    target_centre: Annotated[float, msgspec.Meta(ge=0, le=1_000_000)] = 700.0
    target_spread: Annotated[float, msgspec.Meta(gt=0, le=1_000_000)] = 100.0


class Standardised(msgspec.Struct, frozen=True):
    """Standardised scores (NaN when ineligible) and the estimates used, for explanation."""

    scores: np.ndarray  # float64 [C]
    centre: float
    spread: float  # 0.0 when every eligible score is equal
    spread_estimator: str  # "mad" | "std" | "iqr", or "none" when equal or empty


def _check(scores: np.ndarray, eligible: np.ndarray | None) -> np.ndarray:
    if scores.ndim != 1:
        raise MarksError(Problem("scores", "scores must be one value per competitor"))
    if np.isinf(scores).any():
        raise MarksError(Problem("scores", "a raw score is infinite"))
    if eligible is None:
        return ~np.isnan(scores)
    eligible = np.asarray(eligible, dtype=bool)
    if eligible.shape != scores.shape:
        raise MarksError(Problem("eligible", "eligible must have one flag per competitor"))
    return eligible & ~np.isnan(scores)


def _centre(x: np.ndarray, policy: Standardisation) -> float:
    return float(np.median(x) if policy.centre == "median" else np.mean(x))


def _spread(x: np.ndarray, policy: Standardisation, centre: float) -> tuple[float, str]:
    if policy.spread == "mad":
        # the deviations around the median; the centre already is it when the policy centres on it
        median = centre if policy.centre == "median" else np.median(x)
        dev = np.subtract(x, median)
        value = float(np.median(np.abs(dev, out=dev), overwrite_input=True)) * policy.mad_factor
    elif policy.spread == "iqr":
        q1, q3 = np.percentile(x, [25.0, 75.0])
        value = float(q3 - q1) / _IQR_NORMAL
    else:
        value = float(np.std(x))
    if value > 0:
        return value, policy.spread
    return float(np.std(x)), "std"


def standardise(
    scores: np.ndarray,
    policy: Standardisation,
    eligible: np.ndarray | None = None,
) -> Standardised:
    """Map raw scores so the centre lands on target_centre and one spread on target_spread."""
    scores = np.asarray(scores, dtype=np.float64)
    ok = _check(scores, eligible)
    out = np.full(scores.shape, np.nan)
    x = scores[ok]
    if x.size == 0:
        return Standardised(out, float("nan"), float("nan"), "none")
    centre = _centre(x, policy)
    # An exact test: a computed std of equal floats can be a tiny non-zero rounding residue.
    if np.ptp(x) == 0:
        out[ok] = policy.target_centre
        return Standardised(out, centre, 0.0, "none")
    spread, estimator = _spread(x, policy, centre)
    out[ok] = policy.target_centre + policy.target_spread * (x - centre) / spread
    return Standardised(out, centre, spread, estimator)


def standardise_units(units: np.ndarray, scale: int, policy: Standardisation, eligible: np.ndarray) -> Standardised | None:
    """`standardise(units / scale, policy, eligible)` bit for bit, from a count of each unit
    value instead of two selections over the field; None where it does not apply (a centre
    other than the median, a spread other than the MAD, a zero MAD, units spread wider than
    the field), and the caller standardises the scores.

    A score is units / scale, the same float for the same units, so the field is a few
    thousand distinct values with their counts: the median and the median absolute deviation
    are order statistics of that multiset (the middle one, or numpy's mean of the middle two),
    each deviation |v - centre| computed once per value as numpy computes it per competitor,
    and a competitor's standardised score is its value's, looked up."""
    if policy.centre != "median" or policy.spread != "mad" or units.size == 0:
        return None
    everyone = bool(eligible.all())
    x = units if everyone else units[eligible]
    if x.size == 0:
        return None
    low, high = int(x.min()), int(x.max())
    if high - low > 4 * x.size + 65_536:
        return None
    counts = np.bincount(np.subtract(x, low), minlength=high - low + 1)
    values = np.arange(low, high + 1, dtype=np.int64) / scale
    held = counts > 0
    values, counts = values[held], counts[held]
    centre = _middle(values, counts)
    if low == high:
        out = np.full(units.shape, np.nan)
        out[eligible] = policy.target_centre
        return Standardised(out, centre, 0.0, "none")
    deviation = np.abs(values - centre)
    by_size = np.argsort(deviation, kind="stable")
    mad = _middle(deviation[by_size], counts[by_size]) * policy.mad_factor
    if not mad > 0:
        return None
    table = policy.target_centre + policy.target_spread * (values - centre) / mad
    lookup = np.full(high - low + 1, np.nan)
    lookup[np.flatnonzero(held)] = table
    if everyone:
        return Standardised(np.take(lookup, np.subtract(units, low)), centre, mad, "mad")
    out = np.full(units.shape, np.nan)
    out[eligible] = np.take(lookup, np.subtract(x, low))
    return Standardised(out, centre, mad, "mad")


def _middle(values: np.ndarray, counts: np.ndarray) -> float:
    """np.median of the multiset `values` (ascending) repeated `counts` times: the middle value,
    or the mean of the middle two as numpy takes it."""
    size = int(counts.sum())
    ends = np.cumsum(counts)
    wanted = [(size - 1) // 2] if size % 2 else [size // 2 - 1, size // 2]
    middle = values[np.searchsorted(ends, wanted, side="right")]
    return float(np.mean(middle))
