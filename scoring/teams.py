"""Team results: a team's score from its best members, ranked like competitors.

Semantics (Zoucheng contest rules: team score = sum of the best 3 members; ties → higher
team practical → less total time):

- A member "has a result" if it belongs to a team (index >= 0) and is eligible.
- Members are taken best first: higher total, then the team chain applied to the members
  themselves (e.g. higher practical, less time), then competitor index. The first `best_n`
  are counted. Members equal on the total and every chain key give the same team values
  whichever of them counts; only `counted` can then depend on input order.
- method "sum": score = sum of the counted totals. method "mean": that sum divided by the
  number counted, rounded half away from zero to whole units, so ranks compare integers.
- Chain values per team use the same method over the counted members: module units summed
  (mean: rounded like the score); times summed (mean: plain float mean). A missing time
  (NaN) of any counted member makes the team's time missing, which ranks after real times.
- Teams with fewer than `min_members` members with a result get rank 0. Ties still equal
  after the chain share a place (no draw for teams).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import PolicyError, Problem, RuleError
from scoring.ranking import TieKey, chain_problems, chain_values, rank_keys, sort_key, vector

_INT32_MAX = 2**31 - 1


class TeamTieBreak(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """key="module": higher team units of `module` win (required). key="time": less team time
    wins; module=None is the members' total time, a module id that module's time."""

    key: TieKey
    module: str | None = None


class TeamRule(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    best_n: Annotated[int, msgspec.Meta(ge=1, le=_INT32_MAX)] = 3
    method: Literal["sum", "mean"] = "sum"
    min_members: Annotated[int, msgspec.Meta(ge=1, le=_INT32_MAX)] = 1
    tie_break: list[TeamTieBreak] = []


class TeamResult(msgspec.Struct, frozen=True):
    """Per team (T = teams present in the input, ascending team index): score_units is what
    teams are ranked on; sum_units the counted members' summed totals. rank/decided_by as in
    scoring.ranking.rank; order holds team indices, best first. counted: bool [C]."""

    teams: np.ndarray  # int64 [T]
    score_units: np.ndarray  # int64 [T]
    sum_units: np.ndarray  # int64 [T]
    members_counted: np.ndarray  # int64 [T]
    rank: np.ndarray  # int64 [T]
    order: np.ndarray  # int64 [T], team indices
    decided_by: np.ndarray  # int64 [T]
    counted: np.ndarray  # bool [C]


def validate_team_rule(rule: TeamRule, module_ids: Sequence[str]) -> None:
    """Refuse unknown modules or repeats in the chain, and bounds no team could meet."""
    problems = chain_problems(rule.tie_break, module_ids, "tie_break")
    for name in ("best_n", "min_members"):
        value = getattr(rule, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= _INT32_MAX:
            problems.append(Problem(name, f"must be an integer from 1 to {_INT32_MAX}, got {value!r}"))
    if rule.method not in ("sum", "mean"):
        problems.append(Problem("method", f"must be 'sum' or 'mean', got {rule.method!r}"))
    if not problems and rule.min_members > rule.best_n:
        why = f"{rule.min_members} exceeds best_n {rule.best_n}: no team could be ranked"
        problems.append(Problem("min_members", why))
    if problems:
        raise PolicyError(problems)


def team_results(
    team,
    total_units,
    rule: TeamRule,
    *,
    module_units: Mapping[str, np.ndarray] | None = None,
    times: Mapping[str | None, np.ndarray] | None = None,
    eligible=None,
) -> TeamResult:
    """Score and rank teams (semantics in the module doc). team: team index per competitor,
    -1 = no team."""
    total = vector("total_units", total_units, None, "int")
    size = total.shape[0]
    team = vector("team", team, size, "int")
    if (team < -1).any():
        raise RuleError.at(f"team[{int(np.argmax(team < -1))}]", "a team index is >= 0, or -1 for no team")
    validate_team_rule(rule, list(module_units or {}) + [m for m in (times or {}) if m is not None])
    ok = np.ones(size, bool) if eligible is None else vector("eligible", eligible, size, "bool")
    chain = chain_values(rule.tie_break, size, module_units or {}, times)
    teams = np.unique(team[team >= 0])
    members, slot = _counted_members(team, teams, total, chain, ok, rule.best_n)
    n = np.bincount(slot, minlength=teams.size).astype(np.int64)
    sums = _int_sum(slot, total[members], teams.size)
    score = sums if rule.method == "sum" else mean_units(sums, n)
    team_chain = [_aggregate(v[members], slot, n, rule.method) for v in chain]
    result = rank_keys(score, team_chain, eligible=n >= rule.min_members, ids=teams)
    counted = np.zeros(size, dtype=bool)
    counted[members] = True
    return TeamResult(teams, score, sums, n, result.rank, teams[result.order], result.decided_by, counted)


def _counted_members(team, teams, total, chain, ok, best_n):
    """Counted competitor indices and their team slots (positions in `teams`)."""
    members = np.flatnonzero((team >= 0) & ok)
    slot = np.searchsorted(teams, team[members])
    keys = [-total] + [sort_key(v) for v in chain]
    by = np.lexsort((members, *(k[members] for k in reversed(keys)), slot))
    slot, members = slot[by], members[by]
    position = np.arange(members.size) - np.searchsorted(slot, slot, side="left")
    keep = position < best_n
    return members[keep], slot[keep]


def _int_sum(slot: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    # bincount sums in float64, which is inexact past 2**53; units must stay exact integers
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, slot, values)
    return out


def mean_units(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """sums / counts rounded half away from zero to whole units (0 where counts is 0)."""
    safe = np.maximum(counts, 1)
    return np.where(counts > 0, np.sign(sums) * ((2 * np.abs(sums) + safe) // (2 * safe)), 0).astype(np.int64)


def _aggregate(values: np.ndarray, slot: np.ndarray, n: np.ndarray, method: str) -> np.ndarray:
    """Team value of one chain key (oriented smaller-is-better, so sign-symmetric rounding
    keeps module means consistent with their negation)."""
    if np.issubdtype(values.dtype, np.integer):
        sums = _int_sum(slot, values, n.size)
        return sums if method == "sum" else mean_units(sums, n)
    sums = np.bincount(slot, weights=values, minlength=n.size)
    return sums if method == "sum" else sums / np.maximum(n, 1)
