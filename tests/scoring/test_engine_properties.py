"""Properties of the engine that must hold for any marks, checked with hypothesis and with
scipy as an independent oracle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from scoring.aggregation import Aggregation, aggregate
from scoring.event import EventRules, EventScorer
from scoring.module import Module
from scoring.module_score import score_module
from scoring.rounding import Rounding, to_units
from scoring.scheme import Criterion, Judgement, Measurement, Scheme
from tests.scoring.schemes import motor_control, weld_visual

R2 = Rounding(places=2)

MIXED = Scheme(
    criteria=[
        Criterion(
            id="c",
            name="综合",
            max_marks=30,
            aspects=[
                Measurement(id="direct", name="直接评分", max_marks=10),
                Judgement(id="judged", name="评价", max_marks=20),
            ],
        )
    ]
)


def mixed_marks(n: int, judges: int):
    direct = arrays(np.float64, (n, 1, judges), elements=st.integers(0, 40).map(lambda v: v / 4))
    judged = arrays(np.float64, (n, 1, judges), elements=st.integers(0, 3).map(float))
    return st.tuples(direct, judged).map(lambda t: np.concatenate(t, axis=1))


competitors = st.integers(1, 12)
panels = st.sampled_from(
    [
        (3, Aggregation()),
        (5, Aggregation(method="trimmed_mean", trim=1)),
        (4, Aggregation(method="median")),
        (7, Aggregation(method="trimmed_mean", trim=2)),
    ]
)


@st.composite
def panel_case(draw):
    n = draw(competitors)
    judges, agg = draw(panels)
    return draw(mixed_marks(n, judges)), agg


def module_for(agg: Aggregation) -> Module:
    return Module(id="m", name="模块", weight=100, scheme=MIXED, aggregation=agg)


@settings(max_examples=120, deadline=None)
@given(panel_case(), st.randoms(use_true_random=False))
def test_shuffling_competitors_and_judges_changes_nothing(case, rnd):
    marks, agg = case
    module = module_for(agg)
    base = score_module(module, marks, R2)
    perm = np.array(rnd.sample(range(marks.shape[0]), marks.shape[0]))
    judge_perm = np.array(rnd.sample(range(marks.shape[2]), marks.shape[2]))
    shuffled = score_module(module, marks[perm][:, :, judge_perm], R2)
    np.testing.assert_array_equal(to_units(shuffled.raw, R2), to_units(base.raw, R2)[perm])


@settings(max_examples=120, deadline=None)
@given(panel_case(), st.data())
def test_raising_one_mark_never_lowers_the_total(case, data):
    marks, agg = case
    module = module_for(agg)
    c = data.draw(st.integers(0, marks.shape[0] - 1))
    a = data.draw(st.integers(0, 1))
    j = data.draw(st.integers(0, marks.shape[2] - 1))
    top = 10.0 if a == 0 else 3.0
    raised = marks.copy()
    raised[c, a, j] = data.draw(st.floats(marks[c, a, j], top)) if a == 0 else data.draw(st.integers(int(marks[c, a, j]), 3).map(float))
    before = score_module(module, marks, R2).raw[c]
    after = score_module(module, raised, R2).raw[c]
    assert after >= before - 1e-9


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 8), st.data())
def test_totals_stay_within_zero_and_max(n, data):
    """Any valid marks on the weld visual + motor-control event stay within [0, max]."""
    weld = Module(id="visual", name="外观", weight=40, scheme=weld_visual(), scale_to=100)
    motor = Module(id="motor", name="线路", weight=60, scheme=motor_control(), aggregation=Aggregation(method="trimmed_mean", trim=1))
    measured = data.draw(arrays(np.float64, (n, 8, 1), elements=st.floats(0, 40, allow_nan=False)))
    vetoes = data.draw(arrays(np.float64, (n, 5, 1), elements=st.sampled_from([0.0, 0.0, 0.0, 1.0])))
    judged = data.draw(arrays(np.float64, (n, 2, 5), elements=st.integers(0, 3).map(float)))
    counts = data.draw(arrays(np.float64, (n, 3, 5), elements=st.integers(0, 6).map(float)))
    damage = data.draw(arrays(np.float64, (n, 1, 5), elements=st.sampled_from([0.0, 1.0])))
    motor_marks = np.concatenate([counts[:, :1], judged, counts[:, 1:], damage], axis=1)
    scorer = EventScorer([weld, motor], EventRules())
    result = scorer.score({"visual": np.concatenate([measured, vetoes], axis=1), "motor": motor_marks})
    assert (result.total >= 0).all() and (result.total <= scorer.max_total).all()
    for m in ("visual", "motor"):
        assert (result.modules[m].sections >= 0).all()


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 10), st.sampled_from([(5, 1), (7, 1), (7, 2), (9, 1), (9, 3), (6, 2)]), st.data())
def test_trimmed_mean_agrees_with_scipy_trim_mean(n, panel, data):
    judges, k = panel
    marks = data.draw(arrays(np.float64, (n, 3, judges), elements=st.floats(0, 100, allow_nan=False)))
    ours = aggregate(marks, Aggregation(method="trimmed_mean", trim=k), ["a", "b", "c"]).value
    oracle = stats.trim_mean(marks, k / judges, axis=2)
    np.testing.assert_allclose(ours, oracle, rtol=1e-12, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10), st.integers(1, 6), st.data())
def test_median_agrees_with_numpy_nanmedian_with_missing_marks(n, judges, data):
    marks = data.draw(arrays(np.float64, (n, 2, judges), elements=st.one_of(st.floats(0, 10, allow_nan=False), st.just(np.nan))))
    ours = aggregate(marks, Aggregation(method="median", missing="absent"), ["a", "b"])
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning) if np.isnan(marks).all(axis=2).any() else _null():
        oracle = np.nanmedian(marks, axis=2)
    present = ~np.isnan(oracle)
    np.testing.assert_allclose(ours.value[present], oracle[present])
    assert (ours.value[~present] == 0).all()


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@settings(max_examples=120, deadline=None)
@given(arrays(np.float64, st.integers(1, 30), elements=st.integers(0, 400).map(lambda v: v / 4)))
def test_event_ranks_equal_scipy_rankdata_min_without_tie_breaks(practical):
    modules = [
        Module(
            id="p",
            name="实操",
            weight=100,
            scheme=Scheme(
                criteria=[Criterion(id="c", name="实操", max_marks=100, aspects=[Measurement(id="a", name="实操", max_marks=100)])]
            ),
        )
    ]
    result = EventScorer(modules).score({"p": practical.reshape(-1, 1, 1)})
    expected = stats.rankdata(-result.total_units, method="min")
    np.testing.assert_array_equal(result.ranking.rank, expected)


def test_point_one_plus_point_two_ties_with_point_three():
    """DESIGN.md: ranks compare rounded values as integers, so 0.1 + 0.2 ties with 0.3."""
    a = Module(
        id="a",
        name="甲",
        weight=50,
        scheme=Scheme(criteria=[Criterion(id="a", name="甲", max_marks=1, aspects=[Measurement(id="a1", name="甲", max_marks=1)])]),
    )
    b = Module(
        id="b",
        name="乙",
        weight=50,
        scheme=Scheme(criteria=[Criterion(id="b", name="乙", max_marks=1, aspects=[Measurement(id="b1", name="乙", max_marks=1)])]),
    )
    marks = {"a": np.array([0.2, 0.6]).reshape(2, 1, 1), "b": np.array([0.4, 0.0]).reshape(2, 1, 1)}
    result = EventScorer([a, b], EventRules(rounding=Rounding(places=2))).score(marks)
    assert 0.1 + 0.2 != 0.3
    assert result.total_units.tolist() == [30, 30]
    assert result.ranking.rank.tolist() == [1, 1]
