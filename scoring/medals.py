"""WorldSkills medals (WSC2015 rules) on the standardised scale (median competitor at 700).

Scores are compared in whole hundredths (np.round(score * 100)), so 700.1 - 698.1 is exactly
2.00 apart and "within tolerance" is inclusive: a gap of exactly `tolerance` shares the medal.

- Gold: the best score and everyone within tolerance of it.
- One gold: silver to the next best and everyone within tolerance of that score; two or more
  silvers → no bronze; one silver → bronze to the next best + within tolerance.
- Two golds: no silver; bronze to the next best + within tolerance.
- Three or more golds: no silver; bronze to anyone within tolerance of the lowest gold (which
  may be nobody: the rule does not fall back to "next best").
- Small fields (counting eligible competitors, when small_field is on): 6 or more → all three
  medals, 5 → gold and silver, 4 → gold only, 3 or fewer → no medals.
- Medallion for Excellence: every eligible non-medallist at or above `medallion`. It rewards a
  score, not a place, so it still applies in small fields, including to a competitor whose
  medal the small-field rule withheld.
"""

from __future__ import annotations

import math
from typing import Annotated

import msgspec
import numpy as np

from scoring.errors import PolicyError, Problem, RuleError

NONE, GOLD, SILVER, BRONZE, MEDALLION = 0, 1, 2, 3, 4

_FIELD_FOR_LEVELS = ((6, 3), (5, 2), (4, 1))  # eligible competitors → medal levels awarded

NOTE_TWO_GOLDS = "两枚金牌，不设银牌 / two golds: no silver"
NOTE_MANY_GOLDS = (
    "三枚及以上金牌，不设银牌，铜牌授予与末位金牌相差在容差内者 / three or more golds: no silver, bronze within tolerance of the last gold"
)
NOTE_TIED_SILVERS = "银牌并列，不设铜牌 / tied silvers: no bronze"
NOTE_FIELD_5 = "参赛选手5人，只设金牌和银牌 / 5 competitors: gold and silver only"
NOTE_FIELD_4 = "参赛选手4人，只设金牌 / 4 competitors: gold only"
NOTE_FIELD_3 = "参赛选手不足4人，不设奖牌 / 3 or fewer competitors: no medals"


class MedalPolicy(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    tolerance: Annotated[float, msgspec.Meta(ge=0, le=1000)] = 2.0  # points on the standardised scale
    medallion: Annotated[float, msgspec.Meta(ge=0, le=1e6)] | None = 700.0
    small_field: bool = True


class MedalResult(msgspec.Struct, frozen=True):
    medal: np.ndarray  # int8 [C]: 0 none, 1 gold, 2 silver, 3 bronze, 4 Medallion for Excellence
    rule_notes: list[str]  # special rules that fired, "中文 / English"
    field_size: int  # eligible competitors, which the small-field rule counts


def validate_medals(policy: MedalPolicy) -> None:
    problems: list[Problem] = []
    if not (math.isfinite(policy.tolerance) and policy.tolerance >= 0):
        problems.append(Problem("tolerance", f"must be a finite number of points >= 0, got {policy.tolerance}"))
    m = policy.medallion
    if m is not None and not (math.isfinite(m) and m >= 0):
        problems.append(Problem("medallion", f"must be a finite score >= 0, got {m}"))
    if problems:
        raise PolicyError(problems)


def _levels(n: int, policy: MedalPolicy) -> tuple[int, list[str]]:
    if not policy.small_field:
        return 3, []
    for least, levels in _FIELD_FOR_LEVELS:
        if n >= least:
            return levels, [] if levels == 3 else [NOTE_FIELD_5 if levels == 2 else NOTE_FIELD_4]
    return 0, [NOTE_FIELD_3]


def _next_group(h: np.ndarray, pool: np.ndarray, tol: int) -> np.ndarray:
    """The best of the pool and everyone in it within tolerance of that best."""
    if not pool.any():
        return pool.copy()
    return pool & (h >= h[pool].max() - tol)


def _silver_bronze(h: np.ndarray, gold: np.ndarray, rest: np.ndarray, tol: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    nothing = np.zeros_like(rest)
    golds = int(gold.sum())
    if golds >= 3:
        return nothing, rest & (h >= h[gold].min() - tol), [NOTE_MANY_GOLDS]
    if golds == 2:
        return nothing, _next_group(h, rest, tol), [NOTE_TWO_GOLDS]
    silver = _next_group(h, rest, tol)
    if silver.sum() >= 2:
        return silver, nothing, [NOTE_TIED_SILVERS]
    return silver, _next_group(h, rest & ~silver, tol), []


def _hundredths(scores: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    bad = eligible & ~np.isfinite(scores)
    if bad.any():
        raise RuleError.at(f"scores[{int(np.argmax(bad))}]", "an eligible competitor's score is not a finite number")
    return np.where(eligible, np.round(scores * 100), 0).astype(np.int64)


def medals(scores: np.ndarray, eligible: np.ndarray, policy: MedalPolicy) -> MedalResult:
    """Medal of every competitor from standardised scores; ineligible competitors get nothing
    and do not count towards the field size."""
    validate_medals(policy)
    s = np.asarray(scores, dtype=np.float64)
    ok = np.asarray(eligible)
    if s.ndim != 1 or ok.shape != s.shape or ok.dtype != np.bool_:
        got = f"{list(s.shape)} and {ok.dtype}{list(ok.shape)}"
        raise RuleError.at("eligible", f"need scores float[C] and eligible bool[C], got {got}")
    h = _hundredths(s, ok)
    tol = round(policy.tolerance * 100)
    n = int(ok.sum())
    levels, notes = _levels(n, policy)
    gold = _next_group(h, ok, tol)
    silver, bronze, tie_notes = _silver_bronze(h, gold, ok & ~gold, tol)
    medal = np.zeros(s.size, dtype=np.int8)
    for level, won in ((GOLD, gold), (SILVER, silver), (BRONZE, bronze)):
        if level <= levels:
            medal[won] = level
    if levels >= SILVER:
        notes = tie_notes + notes
    if policy.medallion is not None:
        medal[ok & (medal == NONE) & (h >= round(policy.medallion * 100))] = MEDALLION
    return MedalResult(medal=medal, rule_notes=notes, field_size=n)
