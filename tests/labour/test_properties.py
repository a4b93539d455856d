"""Hypothesis properties of the KPI engine (issue 12): raising an actual never lowers a
higher-is-better score; a veto never raises anything; permuting the teams changes nothing;
and the totals agree with exact decimal arithmetic done the RULES.md way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.labour import score_labour
from scoring.kpi import Band, Bands, Completion, Indicator
from scoring.kpi_score import KpiScorer
from tests.labour.worked import one_month

COMPETITION = one_month()
TEAMS = 6

amount = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x, 2))
completion = st.builds(
    Completion,
    bonus_per_point=amount,
    penalty_per_point=amount,
    zero_below=st.none() | st.floats(min_value=1, max_value=100).map(lambda x: round(x, 1)),
).map(
    lambda r: Completion(
        bonus_per_point=r.bonus_per_point,
        bonus_cap=round(r.bonus_per_point * 3, 2),
        penalty_per_point=r.penalty_per_point,
        zero_below=r.zero_below,
    )
)
bands = st.lists(st.integers(0, 100), min_size=1, max_size=5, unique=True).map(
    lambda bs: Bands(bands=[Band(bound=b, points=20 - k) for k, b in enumerate(sorted(bs, reverse=True))])
)


@settings(max_examples=80, deadline=None)
@given(
    rule=completion | bands,
    plan=st.integers(1, 100_000),
    actual=st.floats(min_value=0, max_value=200_000, allow_nan=False),
    raise_by=st.floats(min_value=0, max_value=50_000, allow_nan=False),
)
def test_raising_an_actual_never_lowers_a_higher_is_better_score(rule, plan, actual, raise_by):
    scorer = KpiScorer.compile([Indicator(id="x", name="产量", points=20, rule=rule)])
    actuals = np.array([actual, actual + raise_by]).reshape(2, 1, 1)
    points = scorer.score(np.full((2, 1, 1), float(plan)), actuals).points[:, 0, 0]
    assert points[1] >= points[0]


def figures(draw_ints):
    """plan, actual, marks, facts for TEAMS teams, from integers (exact in decimal and float)."""
    plan_out, plan_cost, act_out, act_cost, yield_, safety, disc, attendance, spirit = draw_ints
    nan = np.full(TEAMS, np.nan)
    plan = np.stack([plan_out, plan_cost, nan, nan, nan, nan], axis=1)[..., None].astype(float)
    actual = np.stack([act_out, act_cost, yield_ / 10, safety, disc, nan], axis=1)[..., None].astype(float)
    facts = np.stack([np.zeros(TEAMS), attendance], axis=1)[..., None].astype(float)
    return plan, actual, {"spirit": spirit[:, None, :].astype(float)}, facts


ints = lambda lo, hi, shape=(TEAMS,): st.lists(st.integers(lo, hi), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))).map(  # noqa: E731
    lambda v: np.array(v).reshape(shape)
)
team_figures = st.tuples(
    ints(1, 10_000),
    ints(1, 10_000),
    ints(0, 20_000),
    ints(0, 20_000),
    ints(900, 1000),
    ints(0, 4),
    ints(0, 6),
    ints(90, 100),
    ints(0, 5, (TEAMS, 3)),
).map(figures)


@settings(max_examples=60, deadline=None)
@given(data=team_figures, vetoed=st.lists(st.booleans(), min_size=TEAMS, max_size=TEAMS))
def test_a_veto_never_raises_anything(data, vetoed):
    plan, actual, marks, facts = data
    before = score_labour(COMPETITION, plan, actual, marks=marks, facts=facts).standings
    more = facts.copy()
    more[np.array(vetoed), 0, 0] = 1  # add lost-time injuries (they also bar the year)
    after = score_labour(COMPETITION, plan, actual, marks=marks, facts=more).standings
    assert np.array_equal(after.annual.total_units, before.annual.total_units)
    assert not (after.annual.best & after.annual.vetoed & ~before.annual.vetoed).any()
    base, hit = before.period, after.period
    assert np.array_equal(hit.total_units, base.total_units) and np.array_equal(hit.rank, base.rank)
    newly = hit.vetoed & ~base.vetoed
    assert not (hit.best & newly).any() and not ((hit.threshold >= 0) & newly).any()
    assert (hit.threshold[newly] <= base.threshold[newly]).all()


@settings(max_examples=60, deadline=None)
@given(data=team_figures, perm=st.permutations(list(range(TEAMS))))
def test_permuting_teams_changes_nothing(data, perm):
    plan, actual, marks, facts = data
    p = np.array(perm)
    a = score_labour(COMPETITION, plan, actual, marks=marks, facts=facts).standings
    b = score_labour(COMPETITION, plan[p], actual[p], marks={"spirit": marks["spirit"][p]}, facts=facts[p]).standings
    for field in ("total_units", "rank", "eligible_rank", "best", "threshold", "vetoed"):
        assert np.array_equal(getattr(b.period, field), getattr(a.period, field)[p]), field
    for field in ("total_units", "rank", "eligible_rank", "red_flags"):
        assert np.array_equal(getattr(b.annual, field), getattr(a.annual, field)[p]), field


def decimal_total(plan, actual, spirit) -> int:
    """The worked example's rules in exact decimals, total in hundredths rounded half up."""
    d = lambda x: Decimal(int(x)) if float(x).is_integer() else Decimal(str(x))  # noqa: E731
    dev_out = (d(actual[0]) - d(plan[0])) / d(plan[0]) * 100
    dev_cost = -(d(actual[1]) - d(plan[1])) / d(plan[1]) * 100
    output = (
        Decimal(0)
        if 100 + dev_out < 80
        else max(Decimal(30) + min(max(dev_out, Decimal(0)) / 2, Decimal(5)) - max(-dev_out, Decimal(0)), Decimal(0))
    )
    cost = max(Decimal(20) + min(max(dev_cost, Decimal(0)) / 2, Decimal(3)) - max(-dev_cost, Decimal(0)), Decimal(0))
    y = d(actual[2])
    quality = Decimal(20) if y >= 99 else Decimal(16) if y >= 98 else Decimal(10) if y >= 96 else Decimal(0)
    safety = Decimal(15) - min(d(actual[3]) * 5, Decimal(15))
    discipline = Decimal(10) - min(d(actual[4]) * 2, Decimal(10))
    total = output + cost + quality + safety + discipline + sum(Decimal(int(m)) for m in spirit) / 3
    return int((total * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@settings(max_examples=60, deadline=None)
@given(data=team_figures)
def test_totals_agree_with_exact_decimals(data):
    plan, actual, marks, facts = data
    units = score_labour(COMPETITION, plan, actual, marks=marks, facts=facts).standings.period.total_units[:, 0]
    assert units.tolist() == [decimal_total(plan[t, :, 0], actual[t, :, 0], marks["spirit"][t, 0]) for t in range(TEAMS)]
