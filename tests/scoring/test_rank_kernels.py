"""The compiled walks of ranking and awards (scoring/rank_kernel.py, scoring/tier_kernel.py)
against the whole-array steps they stand in for, kept as the oracles: places, decided_by and
order equal, tiers equal under both boundary-tie rules, over fields full of ties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.awards import _tiers, numpy_tiers
from scoring.ranking import _compiled_places, _places, exact_integer_key, sort_key, sort_order


@st.composite
def fields(draw):
    n = draw(st.integers(0, 60))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    total = rng.integers(0, draw(st.integers(1, 6)), n).astype(np.int64)
    chain = [rng.integers(0, 3, n).astype(np.int64) for _ in range(draw(st.integers(0, 3)))]
    if n and draw(st.booleans()):
        times = rng.integers(0, 4, n) / 2.0
        times[rng.random(n) < 0.2] = np.nan
        chain.append(times)
    eligible = rng.random(n) > draw(st.sampled_from([0.0, 0.1, 0.5]))
    return total, chain, eligible


@settings(max_examples=300, deadline=None)
@given(field=fields())
def test_the_compiled_walk_equals_the_numpy_steps(field):
    total, chain, eligible = field
    keys = [-total] + [exact_integer_key(sort_key(v)) for v in chain]
    order = sort_order([(~eligible).astype(np.int64), *keys])
    ranked = int(eligible.sum())
    ids = np.arange(total.size, dtype=np.int64)
    want = _places(keys, order.copy(), ranked, ids, 0, 0)
    got = _compiled_places(total.size, keys, order.copy(), ranked, len(chain))
    for name in ("rank", "order", "decided_by"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    assert got.draws == want.draws == []
    for tie in ("include", "exclude"):
        edges = sorted(np.random.default_rng(ranked).integers(0, max(ranked, 1) + 2, 3).tolist())
        assert np.array_equal(_tiers(want.rank, eligible, edges, tie), numpy_tiers(want.rank, eligible, edges, tie)), tie


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), top=st.sampled_from([5, 5_000, 300_000, 2**24 + 5]), tie=st.sampled_from(["include", "exclude"]))
def test_tiers_over_ranks_past_one_histogram_bucket(seed, top, tie):
    # ranks spread over many buckets of the walk's high-bit histogram (and past its limit,
    # where the numpy steps answer), edges at 0, inside the field, on its end and past it
    rng = np.random.default_rng(seed)
    rank = np.sort(rng.integers(1, top, 3_000)).astype(np.int64)
    rng.shuffle(rank)
    eligible = rng.random(rank.size) > 0.2
    m = int(eligible.sum())
    edges = sorted([0, *rng.integers(0, m + 3, 4).tolist(), m, m + 1])
    assert np.array_equal(_tiers(rank, eligible, edges, tie), numpy_tiers(rank, eligible, edges, tie))


@settings(max_examples=300, deadline=None)
@given(field=fields())
def test_the_packed_walk_equals_the_numpy_steps(field):
    # integer keys and times packed into bit fields of one int64 (constant keys take no bits),
    # sorted once and walked: the same order, places and decided_by as the whole-array steps
    from scoring.ranking import pack, rank_keys

    total, chain, eligible = field
    keys = [-total] + [exact_integer_key(sort_key(v)) for v in chain]
    ids = np.arange(total.size, dtype=np.int64)
    if total.size:
        assert pack([(~eligible).astype(np.int64), *keys]) is not None
    order = sort_order([(~eligible).astype(np.int64), *keys])
    want = _places(keys, order.copy(), int(eligible.sum()), ids, 0, 0)
    got = rank_keys(total, chain, eligible=eligible, ids=ids)
    for name in ("rank", "order", "decided_by"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), decimals=st.integers(0, 4), places=st.integers(0, 6), big=st.booleans())
def test_the_compiled_whole_number_check_equals_the_numpy_steps(seed, decimals, places, big):
    from scoring.ranking import _whole_at, _whole_numbers

    rng = np.random.default_rng(seed)
    values = np.round(rng.uniform(0, 2**60 if big else 500, 300), decimals)
    scale = 10.0**places
    got = _whole_numbers(values, scale)
    if _whole_at(values, scale):
        assert got is not None and np.array_equal(got, np.round(values * scale).astype(np.int64))
    else:
        assert got is None
