"""Team results: best-N members, sum or mean, the team tie-break chain."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from scoring.errors import PolicyError, RuleError
from scoring.teams import TeamRule, TeamTieBreak, mean_units, team_results, validate_team_rule

ZOUCHENG = TeamRule(
    best_n=3,
    tie_break=[TeamTieBreak(key="module", module="practical"), TeamTieBreak(key="time")],
)


def arr(*values, dtype=np.int64):
    return np.array(values, dtype=dtype)


def test_zoucheng_team_score_is_the_sum_of_the_best_three():
    """RULES.md: Zoucheng contest rules, team score = sum of its best 3 members."""
    team = arr(0, 0, 0, 0, 1, 1, 1, -1)
    total = arr(9000, 6000, 8500, 8000, 9900, 5000, 7000, 9999)
    r = team_results(team, total, TeamRule())
    assert r.teams.tolist() == [0, 1]
    assert r.score_units.tolist() == [9000 + 8500 + 8000, 9900 + 7000 + 5000]
    assert r.members_counted.tolist() == [3, 3]
    assert r.counted.tolist() == [True, False, True, True, True, True, True, False]
    assert r.rank.tolist() == [1, 2]
    assert r.order.tolist() == [0, 1]


def test_zoucheng_team_tie_goes_to_higher_team_practical():
    """RULES.md: Zoucheng contest rules, team ties → higher team practical."""
    team = arr(5, 5, 5, 9, 9, 9)
    total = arr(90, 80, 70, 85, 80, 75)
    practical = arr(60, 50, 40, 60, 55, 36)  # team 5: 150, team 9: 151
    r = team_results(team, total, ZOUCHENG, module_units={"practical": practical}, times={None: np.zeros(6)})
    assert r.teams.tolist() == [5, 9]
    assert r.score_units.tolist() == [240, 240]
    assert r.rank.tolist() == [2, 1]
    assert r.order.tolist() == [9, 5]
    assert r.decided_by.tolist() == [0, 0]


def test_zoucheng_team_tie_then_less_total_time_then_shared():
    """RULES.md: Zoucheng contest rules, team ties → higher practical → less total time."""
    team = arr(0, 0, 1, 1, 2, 2)
    total = arr(50, 50, 60, 40, 55, 45)
    practical = arr(30, 30, 35, 25, 31, 29)  # every team: 60
    time = arr(10.0, 12.0, 11.0, 12.0, 11.0, 11.0)  # teams: 22, 23, 22
    r = team_results(team, total, ZOUCHENG, module_units={"practical": practical}, times={None: time})
    assert r.rank.tolist() == [1, 3, 1]
    assert r.decided_by.tolist() == [2, 1, 2]  # 2 = len(chain): shared place


def test_a_fourth_member_does_not_help_the_team_tie_break():
    """RULES.md: Zoucheng rules. Only the best 3 count, also for the team practical."""
    team = arr(0, 0, 0, 0, 1, 1, 1)
    total = arr(10, 10, 10, 9, 10, 10, 10)
    practical = arr(1, 1, 1, 100, 2, 2, 2)
    r = team_results(team, total, ZOUCHENG, module_units={"practical": practical}, times={None: np.ones(7)})
    assert r.counted.tolist() == [True, True, True, False, True, True, True]
    assert r.rank.tolist() == [2, 1]  # team 0 practical 3 < team 1 practical 6


def test_among_members_equal_on_total_the_better_under_the_chain_counts():
    """RULES.md: Zoucheng rules. Members tied on total are taken by the team chain (higher
    practical), not by input order."""
    team = arr(0, 0, 0, 0, 1, 1, 1)
    total = arr(10, 10, 10, 10, 10, 10, 10)
    practical = arr(1, 1, 1, 100, 2, 2, 2)
    r = team_results(team, total, ZOUCHENG, module_units={"practical": practical}, times={None: np.ones(7)})
    assert r.counted[3] and r.counted[:3].sum() == 2
    assert r.rank.tolist() == [1, 2]  # team 0 counts 100 + 1 + 1 = 102 > 6


def test_missing_member_time_makes_the_team_time_missing():
    """RULES.md: Zoucheng rules, less total time wins; an unrecorded time cannot win."""
    rule = TeamRule(tie_break=[TeamTieBreak(key="time")])
    time = np.array([1.0, np.nan, 50.0, 50.0])
    r = team_results(arr(0, 0, 1, 1), arr(5, 5, 5, 5), rule, times={None: time})
    assert r.rank.tolist() == [2, 1]


def test_disqualified_members_and_small_teams():
    """RULES.md electrician safety: disqualified members have no result; a team with fewer
    than min_members results is unranked."""
    team = arr(0, 0, 0, 1, 1, 1, 2)
    total = arr(90, 80, 70, 99, 99, 10, 100)
    eligible = np.array([True, True, True, True, False, False, True])
    r = team_results(team, total, TeamRule(min_members=2), eligible=eligible)
    assert r.members_counted.tolist() == [3, 1, 1]
    assert r.score_units.tolist() == [240, 99, 100]
    assert r.rank.tolist() == [1, 0, 0]
    assert r.counted.tolist() == [True, True, True, True, False, False, True]
    assert r.order.tolist()[0] == 0


def test_mean_method_rounds_half_up_to_units():
    """DESIGN.md "Exact, declared rounding": a mean team score is rounded to units, half up."""
    team = arr(0, 0, 1, 1, 1, 2, 2)
    total = arr(125, 126, 83, 83, 84, 100, 100)  # 125.5 → 126; 83.33 → 83; 100
    r = team_results(team, total, TeamRule(method="mean"))
    assert r.sum_units.tolist() == [251, 250, 200]
    assert r.score_units.tolist() == [126, 83, 100]
    assert r.rank.tolist() == [1, 3, 2]
    assert mean_units(arr(-251, 0), arr(2, 0)).tolist() == [-126, 0]


def test_team_sums_stay_exact_beyond_float_precision():
    """DESIGN.md: ranks compare exact integers; float64 sums would lose the last unit here."""
    big = 2**53
    r = team_results(arr(0, 0, 1, 1), arr(big, 1, big, 0), TeamRule())
    assert r.score_units.tolist() == [big + 1, big]
    assert r.rank.tolist() == [1, 2]


def _oracle_scores(team, total, best_n):
    return {int(t): sum(sorted(total[team == t].tolist(), reverse=True)[:best_n]) for t in np.unique(team[team >= 0])}


@st.composite
def teams_input(draw):
    n = draw(st.integers(1, 40))
    team = np.array(draw(st.lists(st.integers(-1, 6), min_size=n, max_size=n)), np.int64)
    total = np.array(draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)), np.int64)
    practical = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), np.int64)
    time = np.array(draw(st.lists(st.sampled_from([1.0, 2.0, np.nan]), min_size=n, max_size=n)))
    perm = np.array(draw(st.permutations(range(n))))
    return team, total, practical, time, perm, draw(st.integers(1, 4))


@settings(max_examples=200, deadline=None)
@given(teams_input())
def test_best_n_sum_matches_a_plain_python_oracle(data):
    """RULES.md: Zoucheng contest rules, checked against a direct per-team computation."""
    team, total, _, _, _, best_n = data
    r = team_results(team, total, TeamRule(best_n=best_n))
    expected = _oracle_scores(team, total, best_n)
    assert dict(zip(r.teams.tolist(), r.score_units.tolist())) == expected
    assert r.rank.tolist() == rankdata(-r.score_units, method="min").astype(int).tolist()
    assert (np.bincount(team[r.counted] + 1, minlength=8)[1:] <= best_n).all()


@settings(max_examples=150, deadline=None)
@given(teams_input())
def test_team_results_do_not_depend_on_input_order(data):
    """DESIGN.md "auditable": shuffling competitors changes no team value or place."""
    team, total, practical, time, perm, best_n = data
    rule = TeamRule(best_n=best_n, tie_break=ZOUCHENG.tie_break)

    def run(index):
        return team_results(
            team[index],
            total[index],
            rule,
            module_units={"practical": practical[index]},
            times={None: time[index]},
        )

    base, shuffled = run(np.arange(team.size)), run(perm)
    for field in ("teams", "score_units", "members_counted", "rank", "order", "decided_by"):
        assert getattr(shuffled, field).tolist() == getattr(base, field).tolist(), field


def test_unknown_module_in_team_tie_break_is_refused():
    """DESIGN.md "Reject, don't repair": the error names the field and the rule."""
    rule = TeamRule(tie_break=[TeamTieBreak(key="time"), TeamTieBreak(key="module", module="pratical")])
    with pytest.raises(PolicyError) as err:
        validate_team_rule(rule, ["practical"])
    assert [str(p) for p in err.value.problems] == ["tie_break[1].module: unknown module 'pratical' (known: 'practical')"]


def test_min_members_above_best_n_is_refused():
    with pytest.raises(PolicyError, match="min_members: 4 exceeds best_n 3: no team could be ranked"):
        validate_team_rule(TeamRule(best_n=3, min_members=4), [])
    with pytest.raises(PolicyError, match="best_n: must be an integer from 1 to 2147483647, got 0"):
        validate_team_rule(TeamRule(best_n=0), [])


def test_decoding_refuses_bad_team_rules():
    for raw in (b'{"best_n": 0}', b'{"method": "median"}', b'{"min_members": 0}', b'{"best": 3}'):
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(raw, type=TeamRule)


def test_bad_team_inputs_are_refused():
    with pytest.raises(RuleError, match=r"team\[1\]: a team index is >= 0, or -1 for no team"):
        team_results(arr(0, -2), arr(1, 2), TeamRule())
    with pytest.raises(RuleError, match="team: must be a 1-D array of length 2"):
        team_results(arr(0), arr(1, 2), TeamRule())
    with pytest.raises(RuleError, match=r"module_units\['practical'\]: needed by tie_break\[0\]"):
        team_results(arr(0, 0), arr(1, 2), ZOUCHENG, times={None: np.ones(2), "practical": np.ones(2)})
