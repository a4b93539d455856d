"""Golden test: the worked example of ../shared/RULES.md, "Labour competitions" (one month,
100 points; constructed there to exercise every rule kind), scored from the bundled 六赛
preset examples/liusai.toml.

Team A 94.43 → 流动红旗 and 优胜班组; Team B 89.67, vetoed (attendance 94%) with the reason
shown and no award; Team C 45.50."""

from __future__ import annotations

import pytest

from contests.labour import score_labour
from tests.labour.worked import arrays, one_month


@pytest.fixture(scope="module")
def result():
    plan, actual, marks, facts = arrays()
    return score_labour(one_month(), plan, actual, marks=marks, facts=facts)


def test_indicator_points_as_in_rules_md(result):
    points = result.points.points[:, :, 0]
    assert points[0].tolist() == pytest.approx([33.1, 21.0, 16, 10, 10, 13 / 3])
    assert points[1].tolist() == pytest.approx([25, 17, 20, 15, 8, 14 / 3])
    assert points[2].tolist() == pytest.approx([0, 22.5, 10, 0, 10, 3])


def test_totals_rounded_half_up_to_two_places(result):
    s = result.standings.period
    assert s.total_units[:, 0].tolist() == [9443, 8967, 4550]
    assert s.total_unrounded[:, 0].tolist() == pytest.approx([94.4333333, 89.6666667, 45.5])


def test_awards_vetoes_and_reasons(result):
    rows = {row.participant: row for row in result.period_rows(0)}
    a, b, c = rows["T-A"], rows["T-B"], rows["T-C"]
    assert (a.total, a.rank, a.awards, a.vetoes) == (94.43, 1, ["流动红旗", "优胜班组"], [])
    assert (b.total, b.rank, b.eligible, b.awards) == (89.67, 2, False, [])
    assert b.vetoes == ["出勤率低于95%"]
    assert (c.total, c.rank, c.awards) == (45.5, 3, [])
    assert [row.participant for row in result.period_rows(0)] == ["T-A", "T-B", "T-C"]


def test_explanation_of_team_a(result):
    e = result.explain_period(0, 0)
    output, cost, quality, safety, _, spirit = e.indicators
    assert (output.plan, output.actual, output.deviation, output.bonus, output.points) == (1000, 1062, 6.2, pytest.approx(3.1), 33.1)
    assert (cost.deviation, cost.bonus, cost.points) == (2.0, 1.0, 21.0)
    assert "越低越好" in cost.note
    assert (quality.band, quality.points) == (1, 16)
    assert (safety.deducted, safety.points, safety.capped) == (5, 10, False)
    assert spirit.marks == [4, 5, 4] and spirit.kept == [True, True, True]
    assert (e.total, e.total_units, e.rank, e.awards, e.eligible, e.eligible_rank) == (94.43, 9443, 1, ["流动红旗", "优胜班组"], True, 1)
    assert e.rounding == "2 places, half_up"


def test_explanation_of_vetoed_b_and_zeroed_c(result):
    b = result.explain_period(1, 0)
    assert (b.rank, b.eligible, b.eligible_rank) == (2, False, 0)
    assert b.not_eligible_because == ["一票否决：出勤率低于95%"]
    assert [(v.id, v.fact, v.fired) for v in b.vetoes] == [("lost_time_injury", 0, False), ("attendance", 94, True)]
    assert b.indicators[0].deviation == -5 and b.indicators[0].penalty == 5
    c = result.explain_period(2, 0)
    assert c.indicators[0].zeroed and c.indicators[0].points == 0 and "低于 80%" in c.indicators[0].note
    assert c.indicators[3].deducted == 15 and c.indicators[3].points == 0
