"""Every indicator rule kind at its boundaries (RULES.md "Labour competitions": full points at
plan; "每超1%加0.5分，最高加5分"; "每低1%扣1分，扣完为止"; below 80% of plan no points; lower is
better for cost; per-incident deductions capped at the allocation; bands; panel marks)."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.aggregation import Aggregation
from scoring.errors import MarksError, RuleError
from scoring.kpi import Band, Bands, Completion, Indicator, Judged, PerIncident
from scoring.kpi_score import KpiScorer

OUTPUT = Indicator(
    id="output", name="产量", points=30, rule=Completion(bonus_per_point=0.5, bonus_cap=5, penalty_per_point=1, zero_below=80)
)
COST = Indicator(
    id="cost", name="成本", points=20, rule=Completion(direction="lower", bonus_per_point=0.5, bonus_cap=3, penalty_per_point=1)
)
NO_THRESHOLD = Indicator(id="plain", name="产量", points=30, rule=Completion(penalty_per_point=1))


def completion(ind: Indicator, plan: float, actuals: list[float]):
    scorer = KpiScorer.compile([ind])
    n = len(actuals)
    pts = scorer.score(np.full((n, 1, 1), plan), np.array(actuals, dtype=np.float64).reshape(n, 1, 1))
    return pts.points[:, 0, 0].tolist(), pts.completion


def test_exactly_at_plan_is_full_points():
    points, detail = completion(OUTPUT, 1000, [1000])
    assert points == [30] and detail.deviation[0, 0, 0] == 0 and not detail.bonus_capped.any()


def test_bonus_up_to_the_cap_and_capped_beyond():
    points, detail = completion(OUTPUT, 1000, [1099, 1100, 1101, 1200])
    assert points == pytest.approx([34.95, 35, 35, 35])
    assert detail.bonus_capped[:, 0, 0].tolist() == [False, False, True, True]


def test_zero_below_threshold_is_exclusive():
    # exactly 80% of plan is not "under 80%": 30 − 20 × 1 = 10; a hair under scores 0
    points, detail = completion(OUTPUT, 1000, [800, 799.9, 810])
    assert points == pytest.approx([10, 0, 11])
    assert detail.zeroed[:, 0, 0].tolist() == [False, True, False]


def test_zero_below_with_a_decimal_threshold():
    ind = Indicator(id="x", name="产量", points=30, rule=Completion(penalty_per_point=1, zero_below=80.1))
    points, detail = completion(ind, 1000, [801, 800.9])
    assert points == pytest.approx([10.1, 0])
    assert detail.zeroed[:, 0, 0].tolist() == [False, True]


def test_penalty_never_below_zero():
    points, detail = completion(NO_THRESHOLD, 100, [60, 70, 69.5])
    assert points == [0, 0, 0]
    assert detail.floored[:, 0, 0].tolist() == [True, False, True]


def test_lower_is_better_reverses_the_sign():
    # cost 3% over plan costs 3 points; 2% under earns 1; 8% under is capped at +3
    points, detail = completion(COST, 300000, [309000, 294000, 276000, 300000])
    assert points == pytest.approx([17, 21, 23, 20])
    assert detail.deviation[:, 0, 0].tolist() == [-3, 2, 8, 0]


def test_lower_is_better_zero_below_reads_completion_as_100_plus_deviation():
    ind = Indicator(id="energy", name="能耗", points=10, rule=Completion(direction="lower", penalty_per_point=0.1, zero_below=80))
    points, _ = completion(ind, 100, [120, 121])  # 20% over: completion 80 → 10 − 2; 21% over → 0
    assert points == pytest.approx([8, 0])


def test_bands_at_their_bounds_higher_and_lower():
    quality = Indicator(
        id="q",
        name="一次合格率",
        points=20,
        rule=Bands(bands=[Band(bound=99, points=20), Band(bound=98, points=16), Band(bound=96, points=10)]),
    )
    defects = Indicator(
        id="d", name="不良率", points=10, rule=Bands(direction="lower", bands=[Band(bound=0.5, points=10), Band(bound=1.0, points=6)])
    )
    scorer = KpiScorer.compile([quality, defects])
    actual = np.array([[99, 0.5], [98.99999, 0.50001], [96, 1.0], [95.99, 1.01]]).reshape(4, 2, 1)
    pts = scorer.score(np.full(actual.shape, np.nan), actual)
    assert pts.points[:, :, 0].tolist() == [[20, 10], [16, 6], [10, 6], [0, 0]]
    assert pts.bands.band[:, :, 0].tolist() == [[0, 0], [1, 1], [2, 1], [-1, -1]]


def test_per_incident_capped_at_the_points():
    safety = Indicator(id="s", name="安全", points=15, rule=PerIncident(per_incident=5))
    capped = Indicator(id="c", name="纪律", points=10, rule=PerIncident(per_incident=2, cap=6))
    scorer = KpiScorer.compile([safety, capped])
    pts = scorer.score(np.full((4, 2, 1), np.nan), np.array([[0, 0], [3, 3], [4, 4], [1, 2]], dtype=float).reshape(4, 2, 1))
    assert pts.points[:, :, 0].tolist() == [[15, 10], [0, 4], [0, 4], [10, 6]]
    assert pts.incidents.capped[:, :, 0].tolist() == [[False, False], [False, False], [True, True], [False, False]]


def test_judged_through_the_engine_aggregation():
    ind = Indicator(id="site", name="现场文明", points=25, rule=Judged(max_mark=10, aggregation=Aggregation(method="trimmed_mean", trim=1)))
    scorer = KpiScorer.compile([ind])
    marks = {"site": np.array([[[10, 9, 8, 2, 9]], [[6, 6, 6, 6, 6]]], dtype=float)}
    pts = scorer.score(np.full((2, 1, 1), np.nan), np.full((2, 1, 1), np.nan), marks)
    assert pts.actual[:, 0, 0].tolist() == pytest.approx([26 / 3, 6])
    assert pts.points[:, 0, 0].tolist() == pytest.approx([26 / 3 * 2.5, 15])


def test_a_cell_nobody_marked_is_not_reported_but_a_partial_panel_follows_the_policy():
    ind = Indicator(id="p", name="精神", points=5, rule=Judged(max_mark=5))
    scorer = KpiScorer.compile([ind])
    nan = np.nan
    pts = scorer.score(np.full((2, 1, 1), nan), np.full((2, 1, 1), nan), {"p": np.array([[[4, 5, 3]], [[nan, nan, nan]]])})
    assert pts.points[:, 0, 0].tolist() == [4, 0] and pts.missing[:, 0, 0].tolist() == [False, True]
    with pytest.raises(MarksError, match=r"^marks\['p'\]\[1\]\[0\]: a panel member's mark is missing \(missing-mark policy is 'error'\)"):
        scorer.score(np.full((2, 1, 1), nan), np.full((2, 1, 1), nan), {"p": np.array([[[4, 4, 3]], [[4, nan, 3]]])})


def test_missing_actual_scores_zero_and_is_flagged():
    points, _ = completion(OUTPUT, 1000, [np.nan])
    assert points == [0]


@pytest.mark.parametrize(
    ("plan", "actual", "marks", "where"),
    [
        (0.0, 900.0, None, "plan[0][output][0]"),
        (-5.0, 900.0, None, "plan[0][output][0]"),
        (1000.0, np.inf, None, "actual[0][output][0]"),
    ],
)
def test_bad_figures_are_refused_with_their_position(plan, actual, marks, where):
    with pytest.raises(MarksError) as err:
        KpiScorer.compile([OUTPUT]).score(np.full((1, 1, 1), plan), np.full((1, 1, 1), actual), marks)
    assert err.value.problems[0].path == where


def test_bad_incident_count_and_bad_marks():
    scorer = KpiScorer.compile([Indicator(id="s", name="安全", points=15, rule=PerIncident(per_incident=5))])
    with pytest.raises(MarksError, match=r"actual\[0\]\[s\]\[0\]: an incident count is a whole number"):
        scorer.score(np.full((1, 1, 1), np.nan), np.full((1, 1, 1), 1.5))
    judged = KpiScorer.compile([Indicator(id="p", name="精神", points=5, rule=Judged(max_mark=5))])
    with pytest.raises(MarksError, match=r"marks\['p'\]\[0\]\[0\]\[1\]: a mark lies between 0 and 5"):
        judged.score(np.full((1, 1, 1), np.nan), np.full((1, 1, 1), np.nan), {"p": np.array([[[4, 6]]], dtype=float)})
    with pytest.raises(RuleError, match="not a judged indicator"):
        judged.score(np.full((1, 1, 1), np.nan), np.full((1, 1, 1), np.nan), {"x": np.zeros((1, 1, 1))})
    with pytest.raises(RuleError, match="must be a \\[participant, indicator, period\\] array"):
        judged.score(np.zeros((1, 1)), np.zeros((1, 1)))
