"""The engine's speed work must not change a single bit: chunked scoring equals whole-field
scoring, the folded int64 rank key orders exactly as lexsort, and band edges compared
without the rounding pass decide as the rounded value does."""

from __future__ import annotations

import multiprocessing

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.aggregation import Aggregation, cell_stats
from scoring.errors import MarksError
from scoring.event import EventScorer
from scoring.module import Module
from scoring.module_score import CHUNK, chunks, score_module, snapped_limits
from scoring.ranking import exact_integer_key, fold, sort_key, sort_order
from scoring.rounding import Rounding
from tests.benchmarks import machining, workload

R2 = Rounding(places=2)
RAW = Rounding(places=6, level="module")


def _same(a, b) -> None:
    for name in a.__struct_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape, name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
        else:
            assert x == y, name


def _whole(module: Module, marks: np.ndarray, rounding: Rounding):
    return score_module(module, marks, rounding, chunk=max(1, marks.shape[0]))


MODULES = {
    "bench 3 judges": (workload.modules(3)[0], lambda n, seed: workload.marks(n, 3, seed)[0]["practical"]),
    "bench 5 judges trimmed": (workload.modules(5)[0], lambda n, seed: workload.marks(n, 5, seed)[0]["practical"]),
    "theory 5 judges": (workload.modules(5)[1], lambda n, seed: workload.marks(n, 5, seed)[0]["theory"]),
    "lathe single measurer": (machining.modules()[0], lambda n, seed: machining.marks(n, seed)["practical"]),
}


@settings(max_examples=60, deadline=None)
@given(which=st.sampled_from(sorted(MODULES)), n=st.integers(0, 40), chunk=st.integers(1, 9), seed=st.integers(0, 2**16))
def test_chunked_equals_whole_field(which, n, chunk, seed):
    module, make = MODULES[which]
    marks = make(n, seed)
    _same(score_module(module, marks, R2, chunk=chunk), _whole(module, marks, R2))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 30), chunk=st.integers(1, 7), seed=st.integers(0, 2**16), hole=st.floats(0.05, 0.5))
def test_chunked_equals_whole_field_with_missing_marks(n, chunk, seed, hole):
    """Missing marks take the slower, general panel path in some chunks and not in others."""
    module = Module(id="m", name="m", weight=100, scheme=workload.practical_scheme(), aggregation=Aggregation(missing="absent"))
    marks = workload.marks(n, 3, seed)[0]["practical"]
    rng = np.random.default_rng(seed)
    marks[rng.random(marks.shape) < hole * (rng.random((n, 1, 1)) < 0.5)] = np.nan
    _same(score_module(module, marks, RAW, chunk=chunk), _whole(module, marks, RAW))


@pytest.mark.parametrize("n", [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3])
def test_chunked_equals_whole_field_at_the_real_chunk_size(n):
    scorer = EventScorer(workload.modules(3), workload.RULES)
    marks, _ = workload.marks(n, 3, seed=n)
    for module in scorer.modules:
        got = score_module(module, marks[module.id], R2, scorer.compiled[module.id])
        _same(got, _whole(module, marks[module.id], R2))


def test_chunks_are_nearly_equal_and_cover_the_field():
    assert chunks(0) == [(0, 0)] and chunks(5, 5) == [(0, 5)]
    bounds = chunks(100_001, 32_768)
    assert bounds[0][0] == 0 and bounds[-1][1] == 100_001
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    sizes = [b - a for a, b in bounds]
    assert max(sizes) <= 32_768 and max(sizes) - min(sizes) <= 1


def test_a_refused_mark_in_a_later_chunk_is_named_by_its_place_in_the_whole_field():
    module = workload.modules(3)[0]
    marks = workload.marks(20, 3, seed=3)[0]["practical"]
    marks[17, 7, 1] = 2.5  # a judgement must be 0, 1, 2 or 3
    with pytest.raises(MarksError) as chunked:
        score_module(module, marks, R2, chunk=4)
    with pytest.raises(MarksError) as whole:
        _whole(module, marks, R2)
    assert [(p.path, p.rule) for p in chunked.value.problems] == [(p.path, p.rule) for p in whole.value.problems]
    assert chunked.value.problems[0].path == "marks[practical][17][j1][judge 1]"


def test_judge_major_marks_are_read_in_place_and_never_written():
    module = workload.modules(5)[0]
    marks = workload.marks(50, 5, seed=9)[0]["practical"]
    by_judge = np.ascontiguousarray(np.moveaxis(marks, 2, 0))  # [J, C, A] as a store might keep it
    view = np.moveaxis(by_judge, 0, 2)  # the [C, A, J] the engine takes, without a copy
    before = by_judge.copy()
    stats = cell_stats(view)
    assert np.shares_memory(stats.total, by_judge) is False
    _same(score_module(module, view, R2, chunk=7), _whole(module, marks, R2))
    assert np.array_equal(by_judge, before)


# ---------------------------------------------------------------- the folded rank key

ints = st.one_of(
    st.integers(-3, 3),  # many ties
    st.integers(-(2**63), 2**63 - 1),  # extremes: the fold must give up, never wrap
    st.sampled_from([-(2**63), 2**63 - 1, 0, 2**62, -(2**62)]),
)


@st.composite
def key_sets(draw):
    n = draw(st.integers(1, 40))
    count = draw(st.integers(1, 4))
    return [np.array(draw(st.lists(ints, min_size=n, max_size=n)), dtype=np.int64) for _ in range(count)]


@settings(max_examples=300, deadline=None)
@given(keys=key_sets())
def test_folded_key_orders_exactly_as_lexsort(keys):
    assert np.array_equal(sort_order(keys), np.lexsort(tuple(reversed(keys))))
    folded = fold(keys)
    if folded is None:
        return
    # no collision: equal folded keys exactly where every key is equal, and the same order
    rows = np.stack(keys, axis=1)
    same_rows = (rows[:, None, :] == rows[None, :, :]).all(axis=2)
    assert np.array_equal(folded[:, None] == folded[None, :], same_rows)
    assert np.array_equal(np.argsort(folded, kind="stable"), np.lexsort(tuple(reversed(keys))))


times = st.one_of(
    st.integers(0, 400).map(lambda v: v / 4),  # minutes in quarters: ties
    st.integers(0, 10**6).map(lambda v: v / 10),
    st.floats(0, 1e300, allow_nan=False, allow_infinity=False),  # no short decimal: kept as floats
    st.just(float("nan")),  # missing: after everyone, tied with each other
    st.sampled_from([0.0, -0.0, 5e-324, 2.0**53, 2.0**53 + 2]),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(times, min_size=1, max_size=40), totals=st.lists(st.integers(0, 3), min_size=40, max_size=40))
def test_time_keys_keep_the_order_and_the_ties_of_the_floats(values, totals):
    t = sort_key(np.array(values))
    key = exact_integer_key(t)
    if key is not t:  # an integer key: the same strict order and the same ties (+inf = missing ties with itself)
        assert key.dtype == np.int64
        assert np.array_equal(key[:, None] < key[None, :], t[:, None] < t[None, :])
        assert np.array_equal(key[:, None] == key[None, :], t[:, None] == t[None, :])
    total = np.array(totals[: len(values)], dtype=np.int64)
    assert np.array_equal(sort_order([-total, key] if key.dtype.kind == "i" else [-total, t]), np.lexsort((t, -total)))


def test_a_fold_that_would_overflow_falls_back_to_lexsort():
    wide = np.array([-(2**63), 2**63 - 1, 0], dtype=np.int64)
    assert fold([wide, wide]) is None
    assert np.array_equal(sort_order([wide, np.array([1, 0, 2])]), np.lexsort((np.array([1, 0, 2]), wide)))


# ---------------------------------------------------------------- band edges without the rounding pass


@settings(max_examples=200, deadline=None)
@given(
    edge=st.one_of(st.sampled_from([0.5, 1.0, 2.0, 3.0, 0.1, 0.3]), st.floats(-1e6, 1e6, allow_nan=False)),
    offsets=st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=50),
    scale=st.sampled_from([1e-18, 1e-15, 1e-12, 1e-10, 1e-9, 1e-6]),
)
def test_snapped_limits_decide_as_the_rounded_value(edge, offsets, scale):
    limit = snapped_limits(np.array([[edge]]))[0, 0]
    values = edge + np.array(offsets, dtype=np.float64) * scale
    values = np.concatenate([values, [limit, np.nextafter(limit, np.inf), np.nextafter(limit, -np.inf)]])
    assert np.array_equal(values <= limit, np.round(values, 9) <= edge)


def test_a_forked_child_scores_in_chunks_with_its_own_threads():
    """The chunk pool's threads do not survive a fork; the child must not wait on them."""
    module = workload.modules(3)[0]
    marks = workload.marks(40, 3, seed=4)[0]["practical"]
    expected = _whole(module, marks, R2).raw
    score_module(module, marks, R2, chunk=8)  # the parent's pool exists before the fork
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        got = pool.apply_async(_chunked_raw, (marks,)).get(timeout=60)
    assert np.array_equal(got, expected)


def _chunked_raw(marks: np.ndarray) -> np.ndarray:
    return score_module(workload.modules(3)[0], marks, R2, chunk=8).raw
