"""Scoring labour-competition indicators over a [participant, indicator, period] array.

`KpiScorer` compiles a list of `Indicator`s once into per-indicator parameter arrays and
evaluates plan and actual arrays of shape [T, I, P] (T participants, I indicators, P periods;
NaN actual = not reported) rule kind by rule kind, each kind over its own columns at once:
no Python loop over participants or periods (only over a band table's rows and a panel's
judges, a handful each).

Exact at the boundaries: a deviation in percentage points and a measured rate are snapped
to 9 decimals before any comparison, so 1,062 on a plan of 1,000 is exactly +6.2 points and
a completion of exactly 80% is not "under 80%". A missing actual scores 0 and is flagged.
The details (deviation, bonus, cap, penalty, zero-below, band, deduction, panel value) are
kept per kind for `scoring.kpi_explain`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import msgspec
import numpy as np

from scoring.aggregation import aggregate, apply_missing_policy
from scoring.errors import MarksError, Problem, RuleError, SchemeError
from scoring.kpi import KIND_BANDS, KIND_COMPLETION, KIND_INCIDENT, KIND_JUDGED, Indicator, indicator_problems

SNAP = 9  # decimals of a deviation or a rate: far below any declared figure, far above float noise
_MAX_REPORTED = 20


class CompletionDetail(msgspec.Struct, frozen=True):
    cols: np.ndarray  # int [k]: indicator positions
    deviation: np.ndarray  # float [T, k, P]: points above plan (+ better), NaN = missing
    bonus: np.ndarray  # after the cap
    bonus_capped: np.ndarray  # bool: the cap stopped the bonus
    penalty: np.ndarray
    zeroed: np.ndarray  # bool: completion under zero_below
    floored: np.ndarray  # bool: the 0 floor stopped the penalty


class BandDetail(msgspec.Struct, frozen=True):
    cols: np.ndarray
    band: np.ndarray  # int [T, k, P]: the band reached, -1 = none


class IncidentDetail(msgspec.Struct, frozen=True):
    cols: np.ndarray
    deducted: np.ndarray  # float [T, k, P], after the cap
    capped: np.ndarray  # bool


class KpiPoints(msgspec.Struct, frozen=True):
    """points [T, I, P] and the working behind them; `actual` holds the panel value for judged
    indicators scored from marks."""

    points: np.ndarray
    actual: np.ndarray
    missing: np.ndarray  # bool [T, I, P]
    completion: CompletionDetail
    bands: BandDetail
    incidents: IncidentDetail


@dataclass(frozen=True, eq=False)
class KpiScorer:
    indicators: tuple[Indicator, ...]
    points: np.ndarray  # float [I]
    kind: np.ndarray  # int [I]
    cols: dict[int, np.ndarray]  # kind → indicator positions
    params: dict[str, np.ndarray]

    @classmethod
    def compile(cls, indicators: Sequence[Indicator]) -> KpiScorer:
        problems = [p for i, ind in enumerate(indicators) for p in indicator_problems(ind, f"indicators[{i}]")]
        if problems:
            raise SchemeError(problems)
        inds = tuple(indicators)
        kind = np.array([ind.kind for ind in inds], dtype=np.int64)
        cols = {k: np.flatnonzero(kind == k) for k in range(4)}
        return cls(inds, np.array([ind.points for ind in inds], dtype=np.float64), kind, cols, _params(inds, cols))

    @property
    def ids(self) -> list[str]:
        return [ind.id for ind in self.indicators]

    def score(self, plan, actual, marks: Mapping[str, np.ndarray] | None = None) -> KpiPoints:
        """Points [T, I, P] for plans and actuals [T, I, P]; `marks` maps a judged indicator's id
        to its panel's marks [T, P, J] (NaN = missing), which then replace its actuals."""
        plan, actual = _cube("plan", plan, len(self.indicators)), _cube("actual", actual, len(self.indicators))
        if plan.shape != actual.shape:
            raise RuleError.at("plan", f"must have the shape of actual {actual.shape}, got {plan.shape}")
        actual = self._judged_values(actual, marks or {})
        missing = np.isnan(actual)
        self._check(plan, actual, missing)
        points = np.zeros(actual.shape, dtype=np.float64)
        completion = self._completion(plan, actual, missing, points)
        bands = self._bands(actual, missing, points)
        incidents = self._incidents(actual, missing, points)
        judged = self.cols[KIND_JUDGED]
        if judged.size:
            value = actual[:, judged, :] / self.params["max_mark"][:, None]
            points[:, judged, :] = np.where(missing[:, judged, :], 0.0, value * self.points[judged][:, None])
        return KpiPoints(points, actual, missing, completion, bands, incidents)

    # ------------------------------------------------------------ rule kinds

    def _completion(self, plan, actual, missing, points) -> CompletionDetail:
        c, p = self.cols[KIND_COMPLETION], self.params
        dev = actual[:, c, :] - plan[:, c, :]
        with np.errstate(invalid="ignore", divide="ignore"):  # only unreported cells lack a plan: they score 0
            dev /= plan[:, c, :]
        dev *= (100.0 * p["sign"])[:, None]
        dev = np.round(dev, SNAP, out=dev)
        bonus = np.maximum(dev, 0.0)
        bonus *= p["bonus_per"][:, None]
        cap = p["bonus_cap"][:, None]
        capped = bonus > cap
        np.minimum(bonus, cap, out=bonus)
        penalty = np.maximum(-dev, 0.0)
        penalty *= p["penalty_per"][:, None]
        raw = bonus - penalty
        raw += self.points[c][:, None]
        with np.errstate(invalid="ignore"):
            zeroed = dev < p["zero_dev"][:, None]  # completion 100 + d under z; a NaN threshold never fires
            floored = raw < 0
        score = np.maximum(raw, 0.0)
        gone = missing[:, c, :]
        np.copyto(score, 0.0, where=zeroed | gone)
        points[:, c, :] = score
        keep = ~gone
        return CompletionDetail(c, dev, bonus, capped & keep, penalty, zeroed & keep, floored & ~zeroed & keep)

    def _bands(self, actual, missing, points) -> BandDetail:
        c, p = self.cols[KIND_BANDS], self.params
        value = np.round(actual[:, c, :] * p["band_sign"][:, None], SNAP)
        band = np.full(value.shape, -1, dtype=np.int64)
        out = np.zeros(value.shape, dtype=np.float64)
        bounds, awarded = p["band_bound"], p["band_points"]
        for b in range(bounds.shape[1] - 1, -1, -1):  # worst band first, so the best band reached wins
            reached = value >= bounds[:, b][:, None]
            band[reached] = b
            out = np.where(reached, awarded[:, b][:, None], out)
        points[:, c, :] = out
        return BandDetail(c, np.where(missing[:, c, :], -1, band))

    def _incidents(self, actual, missing, points) -> IncidentDetail:
        c, p = self.cols[KIND_INCIDENT], self.params
        gone = missing[:, c, :]
        raw = np.where(gone, 0.0, actual[:, c, :]) * p["per_incident"][:, None]
        cap = p["incident_cap"][:, None]
        deducted = np.minimum(raw, cap)
        points[:, c, :] = np.where(gone, 0.0, self.points[c][:, None] - deducted)
        return IncidentDetail(c, deducted, raw > cap)

    # ------------------------------------------------------------ inputs

    def _judged_values(self, actual: np.ndarray, marks: Mapping[str, np.ndarray]) -> np.ndarray:
        known = {self.indicators[i].id: int(i) for i in self.cols[KIND_JUDGED]}
        unknown = sorted(set(marks) - set(known))
        if unknown:
            raise RuleError.at(f"marks[{unknown[0]!r}]", f"not a judged indicator (judged: {', '.join(known) or 'none'})")
        if not marks:
            return actual
        actual = actual.copy()
        for ident, i in known.items():  # one pass per judged indicator, a handful
            if ident in marks:
                actual[:, i, :] = panel_values(self.indicators[i], marks[ident], actual.shape[0], actual.shape[2])
        return actual

    def _check(self, plan: np.ndarray, actual: np.ndarray, missing: np.ndarray) -> None:
        problems: list[Problem] = []
        c = self.cols[KIND_COMPLETION]
        with np.errstate(invalid="ignore"):
            bad_plan = ~(plan[:, c, :] > 0) & ~missing[:, c, :]
            problems += self._where(bad_plan, c, "plan", "a plan must be a number above 0 where an actual is reported")
            problems += self._where(np.isinf(actual) | (actual < -1e12) | (actual > 1e12), None, "actual", "must be a finite number")
            k = self.cols[KIND_INCIDENT]
            counts = actual[:, k, :]
            bad_count = (counts < 0) | ((counts != np.floor(counts)) & ~np.isnan(counts))
            problems += self._where(bad_count, k, "actual", "an incident count is a whole number ≥ 0")
            j = self.cols[KIND_JUDGED]
            value = actual[:, j, :]
            top = self.params["max_mark"][:, None]
            problems += self._where((value < 0) | (value > top), j, "actual", "a panel value lies between 0 and the max mark")
        if problems:
            raise MarksError(problems)

    def _where(self, mask: np.ndarray, cols: np.ndarray | None, name: str, rule: str) -> list[Problem]:
        if not mask.any():
            return []
        found = np.argwhere(mask)
        out = []
        for t, i, p in found[:_MAX_REPORTED].tolist():
            ident = self.indicators[int(cols[i]) if cols is not None else i].id
            out.append(Problem(f"{name}[{t}][{ident}][{p}]", rule))
        if len(found) > _MAX_REPORTED:
            out.append(Problem(name, f"and {len(found) - _MAX_REPORTED} more like these"))
        return out


def panel_values(ind: Indicator, marks, teams: int, periods: int, *, want_kept: bool = False):
    """The panel's combined mark [T, P] for a judged indicator (marks [T, P, J]), through the
    engine's own aggregation; with want_kept also which marks the trim kept [T, P, J]."""
    arr = np.asarray(marks, dtype=np.float64)
    where = f"marks[{ind.id!r}]"
    if arr.ndim != 3 or arr.shape[:2] != (teams, periods):
        raise RuleError.at(where, f"must have shape ({teams}, {periods}, judges), got {arr.shape}")
    with np.errstate(invalid="ignore"):
        bad = np.isinf(arr) | (arr < 0) | (arr > ind.rule.max_mark)
    if bad.any():
        t, p, j = (int(v) for v in np.argwhere(bad)[0])
        raise MarksError.at(f"{where}[{t}][{p}][{j}]", f"a mark lies between 0 and {ind.rule.max_mark:g}")
    flat = arr.reshape(teams * periods, 1, arr.shape[2])
    # a cell no inspector marked is "not reported" (NaN, like a missing actual); the missing-mark
    # policy governs only a panel that marked it in part
    empty = np.isnan(flat).all(axis=2)[:, 0] if arr.shape[2] else np.ones(teams * periods, dtype=bool)
    if ind.rule.aggregation.missing == "error":
        partial = np.isnan(flat).any(axis=2)[:, 0] & ~empty
        if partial.any():
            t, p = divmod(int(np.argmax(partial)), periods)
            raise MarksError.at(f"{where}[{t}][{p}]", "a panel member's mark is missing (missing-mark policy is 'error')")
    if empty.any():
        flat = flat.copy()
        flat[empty] = 0.0
    flat = apply_missing_policy(flat, ind.rule.aggregation, [ind.id])
    agg = aggregate(flat, ind.rule.aggregation, [ind.id], want_kept=want_kept)
    value = np.where(empty | (agg.present[:, 0] == 0), np.nan, agg.value[:, 0]).reshape(teams, periods)
    if want_kept:
        return value, agg.kept.reshape(arr.shape)
    return value


def _cube(name: str, values, indicators: int) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 3 or arr.shape[1] != indicators:
        raise RuleError.at(name, f"must be a [participant, indicator, period] array with {indicators} indicators, got shape {arr.shape}")
    return arr


def _params(inds: tuple[Indicator, ...], cols: dict[int, np.ndarray]) -> dict[str, np.ndarray]:
    def take(kind: int, fn) -> np.ndarray:
        return np.array([fn(inds[i]) for i in cols[kind]], dtype=np.float64)

    nan = float("nan")
    bands = [inds[i].rule for i in cols[KIND_BANDS]]
    width = max((len(r.bands) for r in bands), default=0)
    band_sign = np.array([1.0 if r.direction == "higher" else -1.0 for r in bands])
    bound = np.full((len(bands), width), np.inf)  # an unused slot is never reached
    awarded = np.zeros((len(bands), width))
    for k, r in enumerate(bands):
        bound[k, : len(r.bands)] = [band_sign[k] * b.bound for b in r.bands]
        awarded[k, : len(r.bands)] = [b.points for b in r.bands]
    return {
        "sign": take(KIND_COMPLETION, lambda d: 1.0 if d.rule.direction == "higher" else -1.0),
        "bonus_per": take(KIND_COMPLETION, lambda d: d.rule.bonus_per_point),
        "bonus_cap": take(KIND_COMPLETION, lambda d: d.rule.bonus_cap),
        "penalty_per": take(KIND_COMPLETION, lambda d: d.rule.penalty_per_point),
        # "under z% of plan" as a deviation: d < z − 100, snapped like the deviation it meets
        "zero_dev": np.round(take(KIND_COMPLETION, lambda d: nan if d.rule.zero_below is None else d.rule.zero_below - 100.0), SNAP),
        "band_sign": band_sign,
        "band_bound": np.round(bound, SNAP),
        "band_points": awarded,
        "per_incident": take(KIND_INCIDENT, lambda d: d.rule.per_incident),
        "incident_cap": take(KIND_INCIDENT, lambda d: d.points if d.rule.cap is None else d.rule.cap),
        "max_mark": take(KIND_JUDGED, lambda d: d.rule.max_mark),
    }
