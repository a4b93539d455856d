"""Period and annual standings: red flags among the eligible, thresholds at their bound,
tie-break chain, missing reports, late deductions, annual sum / mean / weights, red-flag
counts and the annual veto."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.errors import RuleError
from scoring.kpi import Indicator, Judged, PerIncident, VetoRule
from scoring.kpi_explain import explain_annual
from scoring.kpi_score import KpiScorer
from scoring.kpi_standings import AnnualRules, Awards, KpiRules, Threshold, kpi_standings

# a judged indicator read as a ready panel value: the period total is the figure given
SCORE = Indicator(id="score", name="得分", points=90, rule=Judged(max_mark=90))
SAFETY = Indicator(id="safety", name="安全", points=10, rule=PerIncident(per_incident=5))
INJURY = VetoRule(id="injury", name="重伤事故", bars_annual=True)
FIGHT = VetoRule(id="fight", name="打架斗殴")
RULES = KpiRules(
    tie_break=["safety"],
    awards=Awards(best_count=1, thresholds=[Threshold(name="优胜", min_score=90), Threshold(name="达标", min_score=80)]),
)


def run(score, safety, rules=RULES, facts=None, late=None):
    score, safety = np.asarray(score, dtype=float), np.asarray(safety, dtype=float)
    actual = np.stack([score, safety], axis=1)  # [T, 2, P]
    scorer = KpiScorer.compile([SCORE, SAFETY])
    pts = scorer.score(np.full(actual.shape, np.nan), actual)
    return pts, kpi_standings(pts, rules, [INJURY, FIGHT], facts, late_deduction=late, indicator_ids=scorer.ids)


def test_red_flag_goes_to_best_eligible_and_thresholds_are_inclusive():
    # totals: 80+10=90, 85+5=90 (tie broken by safety), 70+10=80, 79.99+0
    _, s = run([[80], [85], [70], [79.99]], [[0], [1], [0], [2]])
    p = s.period
    assert p.total[:, 0].tolist() == [90, 90, 80, 79.99]
    assert p.rank[:, 0].tolist() == [1, 2, 3, 4]
    assert p.decided_by[:, 0].tolist() == [0, 0, -1, -1]
    assert p.best[:, 0].tolist() == [True, False, False, False]
    assert p.threshold[:, 0].tolist() == [0, 0, 1, -1]


def test_veto_passes_the_flag_down_but_keeps_score_and_place():
    facts = np.zeros((3, 2, 1))
    facts[0, 1, 0] = 1  # team 0 fought
    _, s = run([[90], [85], [60]], [[0], [0], [0]], facts=facts)
    p = s.period
    assert p.total[:, 0].tolist() == [100, 95, 70] and p.rank[:, 0].tolist() == [1, 2, 3]
    assert p.vetoed[:, 0].tolist() == [True, False, False]
    assert p.eligible_rank[:, 0].tolist() == [0, 1, 2]
    assert p.best[:, 0].tolist() == [False, True, False]
    assert p.threshold[:, 0].tolist() == [-1, 0, -1]


def test_shared_place_shares_the_flag_and_missing_report_bars_awards():
    _, s = run([[80], [80], [90]], [[0], [0], [np.nan]])
    p = s.period
    assert p.total[:, 0].tolist() == [90, 90, 90]
    assert p.complete[:, 0].tolist() == [True, True, False]
    assert p.best[:, 0].tolist() == [True, True, False]


def test_late_deduction_and_best_min_score():
    rules = KpiRules(awards=Awards(best_count=1, best_min_score=95))
    _, s = run([[88], [86]], [[0], [0]], rules=rules, late=np.array([[2.0], [0.0]]))
    assert s.period.total[:, 0].tolist() == [96, 96]
    assert s.period.best[:, 0].tolist() == [True, True]
    _, s = run([[88], [86]], [[0], [0]], rules=rules, late=np.array([[2.5], [0.0]]))
    assert s.period.total[:, 0].tolist() == [95.5, 96] and s.period.best[:, 0].tolist() == [False, True]


@pytest.mark.parametrize(
    ("annual", "expected"),
    [
        (AnnualRules(method="sum"), [280.01, 270.0]),
        (AnnualRules(method="mean"), [93.34, 90.0]),  # 280.01 / 3 = 93.336… → 93.34
        (AnnualRules(method="weighted", weights=[20, 30, 50]), [91.01, 90.0]),  # 20 + 28.5 + 42.505 = 91.005 → half up
    ],
)
def test_annual_methods(annual, expected):
    rules = KpiRules(annual=annual)
    _, s = run([[90, 85, 80.01], [80, 80, 80]], [[0, 0, 1], [0, 0, 0]], rules=rules)
    assert s.period.total.tolist() == [[100, 95, 85.01], [90, 90, 90]]
    assert s.annual.total.tolist() == expected


def test_annual_counts_red_flags_and_an_annual_veto_bars_the_year():
    facts = np.zeros((3, 2, 3))
    facts[0, 0, 2] = 1  # team 0: an injury in period 3 (bars the year)
    facts[1, 1, 0] = 1  # team 1: a fight in period 1 (that period only)
    rules = KpiRules(annual=AnnualRules(awards=Awards(best_name="年度先进", best_count=1)))
    _, s = run([[90, 90, 80], [85, 70, 75], [80, 80, 80]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], rules=rules, facts=facts)
    a = s.annual
    assert s.period.best.tolist() == [[True, True, False], [False, False, False], [False, False, True]]
    assert a.red_flags.tolist() == [2, 0, 1]
    assert a.vetoed.tolist() == [True, False, False]
    assert a.total.tolist() == [290, 260, 270]
    assert a.rank.tolist() == [1, 3, 2] and a.eligible_rank.tolist() == [0, 2, 1]
    assert a.best.tolist() == [False, False, True]
    e = explain_annual(s, rules, [INJURY, FIGHT], 0)
    assert e.vetoed_by == ["重伤事故（第3期）"] and e.red_flags == 2 and e.awards == []


def test_annual_tie_broken_by_red_flags():
    _, s = run([[90, 80], [80, 90], [85, 85]], [[0, 0], [0, 0], [0, 0]], rules=KpiRules(awards=Awards(best_count=1)))
    a = s.annual
    assert a.total.tolist() == [190, 190, 190]
    assert a.red_flags.tolist() == [1, 1, 0]
    assert a.rank.tolist() == [1, 1, 3] and a.decided_by.tolist() == [1, 1, 0]


def test_bad_veto_facts_are_refused_with_their_position():
    facts = np.zeros((2, 2, 1))
    facts[1, 0, 0] = -1
    with pytest.raises(RuleError, match=r"facts\[1\]\[injury\]\[0\]: a veto fact is a finite number"):
        run([[80], [80]], [[0], [0]], facts=facts)
    with pytest.raises(RuleError, match=r"^facts: must have shape \(2, 2, 1\)"):
        run([[80], [80]], [[0], [0]], facts=np.zeros((2, 1, 1)))
