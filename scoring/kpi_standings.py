"""Period and annual standings of a labour competition: totals, vetoes, ranks, red flags,
threshold awards (RULES.md, "Labour competitions").

Per period: the indicators' points are summed (minus any late-report deduction, never below
0) and rounded under the declared `Rounding` (2 places half-up by default); ranks compare the
rounded units. Every participant is ranked ("1224", tie-break chain of indicators, higher
indicator points first), so a vetoed team's score and place stay visible. Awards go to the
*eligible*: no veto fired and every indicator reported. The red flag (流动红旗) goes to the
eligible participants placed 1…N among the eligible (a place shared within N shares the flag)
and at or above its minimum score; a threshold award (≥ 90 → 优胜班组) to every eligible
participant reaching it, the best threshold reached counting.

Annual: the rounded period totals combined by "sum", "mean" or "weighted" (declared
percentages per period), rounded again; red flags counted; a veto declared `bars_annual` in
any period bars the annual awards. The annual chain may use "red_flags" (more first) and
indicator ids (higher points over the year first).

Vectorised over participants; the only loop is over periods for the ranking (a year has 12).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import Problem, RuleError
from scoring.kpi import VetoRule
from scoring.kpi_score import SNAP, KpiPoints
from scoring.ranking import _ids, rank_keys
from scoring.rounding import Rounding, from_units, to_units
from scoring.scheme import Ident, Name, Text

Score = Annotated[float, msgspec.Meta(ge=0, le=1_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=10_000)]
AnnualMethod = Literal["sum", "mean", "weighted"]
RED_FLAGS = "red_flags"


class Threshold(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A score threshold award: at or above `min_score` (≥ 90 → 优胜班组)."""

    name: Name
    name_en: Text = ""
    min_score: Score


class Awards(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Best-N award (流动红旗 for a period) and thresholds, best threshold first."""

    best_name: Name = "流动红旗"
    best_count: Count = 1
    best_min_score: Score | None = None
    thresholds: list[Threshold] = []


class AnnualRules(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """weights: percent per period in period order (method "weighted" only; sum to 100)."""

    method: AnnualMethod = "sum"
    weights: list[Annotated[float, msgspec.Meta(ge=0, le=100)]] = []
    tie_break: list[Ident] = msgspec.field(default_factory=lambda: [RED_FLAGS])
    awards: Awards = Awards(best_name="年度先进", best_count=0)


class KpiRules(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    rounding: Rounding = Rounding()
    tie_break: list[Ident] = []  # indicator ids, higher points first
    awards: Awards = Awards()
    annual: AnnualRules = AnnualRules()


class PeriodStandings(msgspec.Struct, frozen=True):
    total_unrounded: np.ndarray  # float [T, P]
    late_deduction: np.ndarray  # float [T, P]
    total_units: np.ndarray  # int [T, P]
    total: np.ndarray  # float [T, P], rounded
    fired: np.ndarray  # bool [T, V, P]
    vetoed: np.ndarray  # bool [T, P]
    complete: np.ndarray  # bool [T, P]: every indicator reported
    rank: np.ndarray  # int [T, P], everyone
    decided_by: np.ndarray  # int [T, P]: -1 total, j chain link j, L shared
    eligible_rank: np.ndarray  # int [T, P], 0 = not eligible
    best: np.ndarray  # bool [T, P]: 流动红旗
    threshold: np.ndarray  # int [T, P]: index of the threshold award, -1 none


class AnnualStandings(msgspec.Struct, frozen=True):
    total_unrounded: np.ndarray  # float [T]
    total_units: np.ndarray
    total: np.ndarray
    red_flags: np.ndarray  # int [T]
    vetoed: np.ndarray  # bool [T]: a bars_annual veto fired in some period
    rank: np.ndarray
    decided_by: np.ndarray
    eligible_rank: np.ndarray
    best: np.ndarray
    threshold: np.ndarray


class KpiStandings(msgspec.Struct, frozen=True):
    period: PeriodStandings
    annual: AnnualStandings


# ---------------------------------------------------------------- validation


def rules_problems(rules: KpiRules, indicator_ids: Sequence[str], periods: int, path: str = "rules"):
    yield from _chain_problems(rules.tie_break, indicator_ids, f"{path}.tie_break")
    yield from awards_problems(rules.awards, f"{path}.awards")
    annual = rules.annual
    yield from _chain_problems(annual.tie_break, [RED_FLAGS, *indicator_ids], f"{path}.annual.tie_break")
    yield from awards_problems(annual.awards, f"{path}.annual.awards")
    if annual.method != "weighted" and annual.weights:
        yield Problem(f"{path}.annual.weights", f"weights are only read when method is 'weighted', method is {annual.method!r}")
    if annual.method == "weighted":
        if len(annual.weights) != periods:
            yield Problem(f"{path}.annual.weights", f"one weight per period: {periods} periods, {len(annual.weights)} weights")
        elif abs(sum(annual.weights) - 100) > 1e-9:
            yield Problem(f"{path}.annual.weights", f"weights sum to {sum(annual.weights):g}, need 100")


def _chain_problems(chain: Sequence[str], known: Sequence[str], path: str):
    seen: dict[str, int] = {}
    for i, key in enumerate(chain):
        if key not in known:
            yield Problem(f"{path}[{i}]", f"unknown key {key!r} (known: {', '.join(repr(k) for k in known) or 'none'})")
        elif key in seen:
            yield Problem(f"{path}[{i}]", f"repeats {path}[{seen[key]}]; a repeated key never breaks a tie")
        seen.setdefault(key, i)


def awards_problems(awards: Awards, path: str):
    ts = awards.thresholds
    for i in range(1, len(ts)):
        if ts[i].min_score >= ts[i - 1].min_score:
            yield Problem(
                f"{path}.thresholds[{i}].min_score",
                f"thresholds go best first, strictly descending: {ts[i].min_score:g} after {ts[i - 1].min_score:g}",
            )
    names = [t.name for t in ts] + ([awards.best_name] if awards.best_count else [])
    for i, t in enumerate(ts):
        if names.count(t.name) > 1:
            yield Problem(f"{path}.thresholds[{i}].name", f"award name {t.name!r} is used twice")


# ---------------------------------------------------------------- evaluation


def kpi_standings(
    pts: KpiPoints,
    rules: KpiRules,
    vetoes: Sequence[VetoRule],
    facts=None,
    *,
    late_deduction=None,
    ids=None,
    indicator_ids: Sequence[str] = (),
) -> KpiStandings:
    """Standings from scored points. facts: [T, V, P] veto facts (a count for "occurs", the
    measured value otherwise; NaN = nothing reported, which fires nothing); late_deduction:
    [T, P] points taken from the period total; ids: stable participant ids (see ranking.rank)."""
    teams, _, periods = pts.points.shape
    fired = fired_vetoes(vetoes, facts, teams, periods)
    late = _late(late_deduction, teams, periods)
    ids = _ids(ids, teams)
    period = _period(pts, rules, fired, late, ids, list(indicator_ids))
    annual = _annual(pts, period, rules, vetoes, ids, list(indicator_ids))
    return KpiStandings(period, annual)


def fired_vetoes(vetoes: Sequence[VetoRule], facts, teams: int, periods: int) -> np.ndarray:
    if facts is None:
        return np.zeros((teams, len(vetoes), periods), dtype=bool)
    arr = np.asarray(facts, dtype=np.float64)
    if arr.shape != (teams, len(vetoes), periods):
        raise RuleError.at("facts", f"must have shape ({teams}, {len(vetoes)}, {periods}), got {arr.shape}")
    value = np.round(arr, SNAP)
    with np.errstate(invalid="ignore"):
        bad = np.isinf(value) | ((value < 0) & np.array([v.test == "occurs" for v in vetoes], dtype=bool)[None, :, None])
    if bad.any():
        t, v, p = (int(x) for x in np.argwhere(bad)[0])
        raise RuleError.at(
            f"facts[{t}][{vetoes[v].id}][{p}]", "a veto fact is a finite number, a count of occurrences ≥ 0 (NaN = nothing reported)"
        )
    fired = np.zeros(arr.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        for v, rule in enumerate(vetoes):  # a handful of declared veto kinds
            x = value[:, v, :]
            fired[:, v, :] = x >= 1 if rule.test == "occurs" else (x < rule.threshold if rule.test == "below" else x > rule.threshold)
    return fired


def _late(late, teams: int, periods: int) -> np.ndarray:
    if late is None:
        return np.zeros((teams, periods))
    arr = np.asarray(late, dtype=np.float64)
    if arr.shape != (teams, periods) or not (np.isfinite(arr) & (arr >= 0)).all():
        raise RuleError.at("late_deduction", f"must be a ({teams}, {periods}) array of finite points ≥ 0")
    return arr


def _period(pts: KpiPoints, rules: KpiRules, fired, late, ids, indicator_ids: list[str]) -> PeriodStandings:
    teams, _, periods = pts.points.shape
    unrounded = pts.points.sum(axis=1)
    units = to_units(np.maximum(unrounded - late, 0.0), rules.rounding)
    vetoed = fired.any(axis=1)
    complete = ~pts.missing.any(axis=1)
    eligible = ~vetoed & complete
    cols = [indicator_ids.index(k) for k in rules.tie_break]
    links = to_units(pts.points[:, cols, :], rules.rounding) if cols else np.zeros((teams, 0, periods), dtype=np.int64)
    rank, decided, erank = (np.zeros((teams, periods), dtype=np.int64) for _ in range(3))
    for p in range(periods):  # periods, not participants: a year has 12
        chain = [-links[:, k, p] for k in range(len(cols))]
        everyone = rank_keys(units[:, p], chain, eligible=np.ones(teams, bool), ids=ids)
        rank[:, p], decided[:, p] = everyone.rank, everyone.decided_by
        erank[:, p] = rank_keys(units[:, p], chain, eligible=eligible[:, p], ids=ids).rank
    best, threshold = _awards(rules.awards, units, erank, rules.rounding)
    total = from_units(units, rules.rounding)
    return PeriodStandings(unrounded, late, units, total, fired, vetoed, complete, rank, decided, erank, best, threshold)


def _awards(awards: Awards, units: np.ndarray, erank: np.ndarray, rounding: Rounding) -> tuple[np.ndarray, np.ndarray]:
    eligible = erank > 0
    floor = to_units(awards.best_min_score, rounding) if awards.best_min_score is not None else np.iinfo(np.int64).min
    best = eligible & (erank <= awards.best_count) & (units >= floor)
    mins = to_units(np.array([t.min_score for t in awards.thresholds], dtype=np.float64), rounding)
    reached = np.searchsorted(mins[::-1], units, side="right")  # thresholds at or below the total
    threshold = np.where(eligible & (reached > 0), len(mins) - reached, -1)
    return best, threshold.astype(np.int64)


def _annual(pts: KpiPoints, period: PeriodStandings, rules: KpiRules, vetoes, ids, indicator_ids: list[str]) -> AnnualStandings:
    annual, rounding = rules.annual, rules.rounding
    teams, periods = period.total_units.shape
    if annual.method == "sum":
        units = period.total_units.sum(axis=1)  # exact: sums of rounded figures need no rounding
        unrounded = from_units(units, rounding)
    else:
        weights = np.full(periods, 1.0 / periods) if annual.method == "mean" else np.asarray(annual.weights, dtype=np.float64) / 100
        unrounded = from_units(period.total_units, rounding) @ weights if periods else np.zeros(teams)
        units = to_units(unrounded, rounding)
    bars = np.array([v.bars_annual for v in vetoes], dtype=bool)
    vetoed = period.fired[:, bars, :].any(axis=(1, 2)) if bars.any() else np.zeros(teams, dtype=bool)
    red_flags = period.best.sum(axis=1).astype(np.int64)
    chain = []
    for key in annual.tie_break:
        if key == RED_FLAGS:
            chain.append(-red_flags)
        else:
            chain.append(-to_units(pts.points[:, indicator_ids.index(key), :], rounding).sum(axis=1))
    everyone = rank_keys(units, chain, eligible=np.ones(teams, bool), ids=ids)
    erank = rank_keys(units, chain, eligible=~vetoed, ids=ids).rank
    best, threshold = _awards(annual.awards, units[:, None], erank[:, None], rounding)
    total = from_units(units, rounding)
    return AnnualStandings(
        unrounded, units, total, red_flags, vetoed, everyone.rank, everyone.decided_by, erank, best[:, 0], threshold[:, 0]
    )
