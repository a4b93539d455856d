"""Properties of the machining rules (hypothesis), over drawings of the shapes in shared
RULES.md, "Lathe and CNC turning marking examples": moving a measured value further outside
its window never raises the mark; any value inside scores full; grades and minutes alike.
Values are drawn with 4 decimal places, as the store keeps them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.measure_arithmetic import measured_mark
from tests.scoring.machining import RA, grades, marks_for, time_limit, tolerance

thousandths = st.integers(min_value=-1000, max_value=1000).map(lambda k: k / 1000)


@st.composite
def windows(draw):
    nominal = draw(st.integers(min_value=0, max_value=500_000)) / 1000
    a, b = sorted((draw(thousandths), draw(thousandths)))
    max_marks = draw(st.sampled_from([1, 4, 8, 12, 15, 20]))
    if draw(st.booleans()):
        return tolerance(max_marks, nominal, a, b)
    step = draw(st.sampled_from([0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 1.0]))
    per = draw(st.sampled_from([0.5, 1, 2, 3]))
    return tolerance(max_marks, nominal, a, b, beyond="deduct", step=step, per=per, count=draw(st.sampled_from(["started", "completed"])))


offsets = st.lists(st.integers(min_value=0, max_value=20_000), min_size=2, max_size=12)  # in 1e-4 mm


@settings(max_examples=300, deadline=None)
@given(windows(), offsets, st.booleans())
def test_further_outside_never_scores_more(aspect, distances, above):
    t = aspect.tolerance
    d = np.sort(np.array(distances)) / 10_000
    values = np.round(t.high + d, 4) if above else np.round(t.low - d, 4)
    got = marks_for(aspect, values)
    assert (np.diff(got) <= 0).all(), (values, got)
    assert ((got >= 0) & (got <= aspect.max_marks)).all()


@settings(max_examples=300, deadline=None)
@given(windows(), st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=12))
def test_inside_the_window_scores_full(aspect, where):
    t = aspect.tolerance
    values = np.round(t.low + (t.high - t.low) * np.array(where), 4)
    values = np.clip(values, t.low, t.high)  # a 4-place value inside [low, high], limits included
    values = values[(np.round(values, 9) >= t.low) & (np.round(values, 9) <= t.high)]
    assert (marks_for(aspect, np.concatenate([values, [t.low, t.high]])) == aspect.max_marks).all()


@settings(max_examples=200, deadline=None)
@given(windows(), st.integers(min_value=-20_000, max_value=20_000))
def test_explain_and_the_engine_agree(aspect, offset):
    value = round(aspect.tolerance.nominal + offset / 10_000, 4)
    assert measured_mark(aspect, value) == marks_for(aspect, [value])[0]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(RA), st.sampled_from([0.5, 1, 2]), st.sampled_from([2, 4, 6]))
def test_a_worse_grade_never_scores_more(required, per, max_marks):
    got = marks_for(grades(max_marks, required, per), RA)
    assert (np.diff(got) <= 0).all() and (got[: RA.index(required) + 1] == max_marks).all() and (got >= 0).all()


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=0, max_value=60),
    st.sampled_from([0.5, 1, 2]),
    st.sampled_from(["started", "completed"]),
    st.lists(st.integers(min_value=0, max_value=4000), min_size=2, max_size=12),
)
def test_more_time_never_scores_more(limit, slack, per, count, tenths):
    aspect = time_limit(10, limit=limit, per_minute=per, stop=limit + slack, count=count)
    values = np.sort(np.array(tenths)) / 10
    values = values[values <= limit + slack]
    got = marks_for(aspect, values)
    assert (np.diff(got) <= 0).all()
    assert (got[values <= limit] == 10).all()
