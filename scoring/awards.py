"""Award tiers (奖项设置) and titles (技术能手, 技师, 高级工) from a ranking.

Tiers fill in order from the top of the field; each tier ends at a cumulative boundary,
a position counted from first place:

- a count tier ends `count` places after the previous boundary (Anhui 2021: 1/3/6 means
  place 1 → 一等奖, places 2–4 → 二等奖, places 5–10 → 三等奖);
- a share tier ends at the *cumulative* share of the field of all share tiers up to and
  including it, measured from the top and rounded once: 10%/20%/30% ends at 10%, 30% and 60%
  of the field (2012 national notice), so rounding error never piles up and the whole prize
  list never exceeds the declared total share. Places given by count tiers before a share
  tier count against its share, which is what makes "金/银/铜 for the top 3, then 优胜奖 for
  anyone else within the top half" (Hainan 2023) a plain policy: counts 1, 1, 1 then share 50.
  A boundary never moves back: a share tier whose share is already used up gets 0 places.

Positions are counted among award-eligible competitors only (ranked and at or above
min_score), so an excluded competitor never takes a place from anyone. A share is a share of
the ranked field (or the registered field), including competitors below min_score: a minimum
score removes prizes, it does not shrink everyone else's quota.

A tied group (same rank) whose places straddle a boundary is kept together: "include" gives
the whole group the better tier (the tier may exceed its capacity), "exclude" drops the whole
group to the next tier (the tier may stay short).

Titles are independent of tiers: a rule grants its title iff from_rank <= rank <= to_rank
(the rank as given, ties included) and every required module was passed. A failing
competitor's title is not passed down to the next place.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, get_args

import msgspec
import numpy as np

from scoring.errors import PolicyError, Problem, RuleError
from scoring.rounding import Rounding, to_units

_INT_MAX = 2**31 - 1
_SNAP_DIGITS = 9  # 10% of 25 is 2.5 on paper; floats must not turn it into 2.5000000000000004

ShareRounding = Literal["floor", "round", "ceil"]
Field = Literal["ranked", "registered"]
BoundaryTie = Literal["include", "exclude"]

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
NameEn = Annotated[str, msgspec.Meta(max_length=100)]
Count = Annotated[int, msgspec.Meta(ge=1, le=_INT_MAX)]
Share = Annotated[float, msgspec.Meta(gt=0, le=100)]
Place = Annotated[int, msgspec.Meta(ge=1, le=_INT_MAX)]
Score = Annotated[float, msgspec.Meta(ge=0, le=1e9)]


class AwardTier(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One prize level: exactly one of `count` (places) or `share` (percent of the field)."""

    name: Name
    name_en: NameEn = ""
    count: Count | None = None
    share: Share | None = None


class TitleRule(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A title or promotion for a rank band, e.g. top 5 → 技术能手 if theory and practical pass."""

    name: Name
    name_en: NameEn = ""
    from_rank: Place
    to_rank: Place
    required_modules: list[str] = []


class AwardPolicy(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Prize tiers, thresholds and titles of one event; see the module docstring for semantics."""

    tiers: list[AwardTier] = []
    share_rounding: ShareRounding = "floor"  # "round" is half up
    field: Field = "ranked"
    min_score: Score | None = None  # in points, compared in units after half-up rounding
    boundary_tie: BoundaryTie = "include"
    titles: list[TitleRule] = []


class AwardResult(msgspec.Struct, frozen=True):
    tier: np.ndarray  # int64 [C]: index into tier_names, -1 = no prize
    tier_names: list[str]
    tier_names_en: list[str]
    capacity: list[int]  # places per tier as computed from the policy, before ties
    titles: dict[str, np.ndarray]  # title name → bool [C]
    field_size: int  # what the shares were taken of


def _tier_problems(tiers: list[AwardTier]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, t in enumerate(tiers):
        at = f"tiers[{i}]"
        if not t.name:
            problems.append(Problem(f"{at}.name", "a tier needs a name"))
        elif t.name in seen:
            problems.append(Problem(f"{at}.name", f"duplicate tier name '{t.name}' (also tiers[{seen[t.name]}])"))
        seen.setdefault(t.name, i)
        if (t.count is None) == (t.share is None):
            problems.append(Problem(at, "give exactly one of count or share"))
        if t.count is not None and not 1 <= t.count <= _INT_MAX:
            problems.append(Problem(f"{at}.count", f"count must be between 1 and {_INT_MAX}, got {t.count}"))
        if t.share is not None and not 0 < t.share <= 100:
            problems.append(Problem(f"{at}.share", f"share is a percentage: need 0 < share <= 100, got {t.share}"))
    total = sum(t.share for t in tiers if t.share is not None and 0 < t.share <= 100)
    if round(total, _SNAP_DIGITS) > 100:
        problems.append(Problem("tiers", f"shares sum to {total:g}%, need at most 100%"))
    return problems


def _title_problems(titles: list[TitleRule]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, t in enumerate(titles):
        at = f"titles[{i}]"
        if not t.name:
            problems.append(Problem(f"{at}.name", "a title needs a name"))
        elif t.name in seen:
            problems.append(Problem(f"{at}.name", f"duplicate title name '{t.name}' (also titles[{seen[t.name]}])"))
        seen.setdefault(t.name, i)
        if not 1 <= t.from_rank <= _INT_MAX:
            problems.append(Problem(f"{at}.from_rank", f"ranks start at 1, got {t.from_rank}"))
        elif t.from_rank > t.to_rank:
            problems.append(Problem(at, f"from_rank {t.from_rank} is after to_rank {t.to_rank}: the band is empty"))
    return problems


def _option_problems(policy: AwardPolicy) -> list[Problem]:
    problems: list[Problem] = []
    for name, kind in (("share_rounding", ShareRounding), ("field", Field), ("boundary_tie", BoundaryTie)):
        value = getattr(policy, name)
        if value not in get_args(kind):
            problems.append(Problem(name, f"must be one of {', '.join(get_args(kind))}, got {value!r}"))
    m = policy.min_score
    if m is not None and not (math.isfinite(m) and m >= 0):
        problems.append(Problem("min_score", f"must be a finite score >= 0, got {m}"))
    return problems


def policy_problems(policy: AwardPolicy) -> list[Problem]:
    """Everything wrong with the policy on its own (module ids are checked by validate_awards)."""
    return _tier_problems(policy.tiers) + _title_problems(policy.titles) + _option_problems(policy)


def validate_awards(policy: AwardPolicy, module_ids: list[str]) -> None:
    """Refuse a policy that contradicts itself or names a module the event does not have."""
    problems = policy_problems(policy)
    known = set(module_ids)
    for i, t in enumerate(policy.titles):
        for j, m in enumerate(t.required_modules):
            if m not in known:
                problems.append(
                    Problem(
                        f"titles[{i}].required_modules[{j}]",
                        f"unknown module '{m}'; known: {', '.join(module_ids) or 'none'}",
                    )
                )
    if problems:
        raise PolicyError(problems)


def _share_places(percent: float, field: int, mode: ShareRounding) -> int:
    exact = round(percent * field / 100, _SNAP_DIGITS)
    if mode == "floor":
        return math.floor(exact)
    if mode == "ceil":
        return math.ceil(exact)
    return math.floor(exact + 0.5)


def boundaries(policy: AwardPolicy, field: int) -> list[int]:
    """Cumulative last place of each tier, non-decreasing (see the module docstring)."""
    out: list[int] = []
    edge, percent = 0, 0.0
    for t in policy.tiers:
        if t.count is not None:
            edge += t.count
        else:
            percent += t.share
            edge = max(edge, _share_places(percent, field, policy.share_rounding))
        out.append(edge)
    return out


def _field_size(rank: np.ndarray, policy: AwardPolicy, registered: int | None) -> int:
    ranked = int(np.count_nonzero(rank > 0))
    if policy.field == "ranked":
        return ranked
    if registered is None:
        raise PolicyError.at("field", "field is 'registered' but the number of registered competitors was not given")
    if registered < ranked:
        raise RuleError.at("registered", f"{registered} registered is fewer than the {ranked} ranked competitors")
    if registered > _INT_MAX:
        raise RuleError.at("registered", f"must be at most {_INT_MAX}, got {registered}")
    return int(registered)


def _eligible(rank: np.ndarray, total_units: np.ndarray, policy: AwardPolicy, places: int) -> np.ndarray:
    ok = rank > 0
    if policy.min_score is not None:
        ok &= total_units >= int(to_units(policy.min_score, Rounding(places=places)))
    return ok


def _tiers(rank: np.ndarray, eligible: np.ndarray, edges: list[int], tie: BoundaryTie) -> np.ndarray:
    """Each competitor's tier (-1 none), by the compiled two-pass walk (scoring/tier_kernel.py)."""
    from scoring.tier_kernel import tiers  # numba is imported on first use, never by `import scoring`

    out = np.empty(rank.shape, dtype=np.int64)
    if not tiers(rank, np.ascontiguousarray(eligible, dtype=bool), np.asarray(edges, dtype=np.int64), tie == "include", out):
        return numpy_tiers(rank, eligible, edges, tie)  # a rank of 2**24 or more: past the walk's histogram
    return out


def numpy_tiers(rank: np.ndarray, eligible: np.ndarray, edges: list[int], tie: BoundaryTie) -> np.ndarray:
    """The same tiers in whole-array steps: the oracle of the compiled walk."""
    # ranks are small integers: counting eligible competitors per rank replaces a sort
    per_rank = np.bincount(rank[eligible], minlength=rank.max(initial=0) + 1)
    before = np.concatenate(([0], np.cumsum(per_rank)))  # before[r] = eligible with rank < r
    if tie == "include":
        # a group is judged by its first place, so a straddling group gets the better tier
        pos = before[rank] + 1
    else:
        pos = before[rank + 1]
    edge = np.asarray(edges, dtype=np.int64)
    tier = np.searchsorted(edge, pos, side="left")
    return np.where(eligible & (tier < edge.size), tier, -1).astype(np.int64)


def _passes(passed: dict[str, np.ndarray], module: str, at: str, n: int) -> np.ndarray:
    if module not in passed:
        raise RuleError.at(at, f"no pass/fail result given for module '{module}'")
    p = np.asarray(passed[module])
    if p.shape != (n,) or p.dtype != np.bool_:
        raise RuleError.at(at, f"pass/fail for module '{module}' must be bool[{n}], got {p.dtype}{list(p.shape)}")
    return p


def _titles(rank: np.ndarray, rules: list[TitleRule], passed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i, rule in enumerate(rules):
        got = (rank >= rule.from_rank) & (rank <= rule.to_rank)
        for j, m in enumerate(rule.required_modules):
            got &= _passes(passed, m, f"titles[{i}].required_modules[{j}]", rank.size)
        out[rule.name] = got
    return out


def _inputs(rank: np.ndarray, total_units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r = np.asarray(rank)
    t = np.asarray(total_units)
    if r.ndim != 1 or t.shape != r.shape:
        raise RuleError.at("rank", f"rank and total_units must be 1-D of one length, got {list(r.shape)} and {list(t.shape)}")
    if r.size and not (np.issubdtype(r.dtype, np.integer) and np.issubdtype(t.dtype, np.integer)):
        raise RuleError.at("rank", "rank and total_units must be integer arrays (units, not floats)")
    r = r.astype(np.int64, copy=False)  # read only below: no copy when already int64
    if (r < 0).any():
        raise RuleError.at("rank", "ranks are 1-based, with 0 for unranked; negative ranks are invalid")
    return r, t.astype(np.int64, copy=False)


def award(
    rank: np.ndarray,
    total_units: np.ndarray,
    policy: AwardPolicy,
    *,
    places: int,
    passed: dict[str, np.ndarray],
    registered: int | None = None,
) -> AwardResult:
    """Prize tier and titles of every competitor. rank: competition ranking "1224", 0 = unranked."""
    problems = policy_problems(policy)
    if problems:
        raise PolicyError(problems)
    r, t = _inputs(rank, total_units)
    field = _field_size(r, policy, registered)
    edges = boundaries(policy, field)
    return AwardResult(
        tier=_tiers(r, _eligible(r, t, policy, places), edges, policy.boundary_tie),
        tier_names=[x.name for x in policy.tiers],
        tier_names_en=[x.name_en for x in policy.tiers],
        capacity=[b - a for a, b in zip([0, *edges[:-1]], edges)],
        titles=_titles(r, policy.titles, passed),
        field_size=field,
    )
