"""Standardisation (RULES.md: "the median competitor of a skill is placed at 700")."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.errors import MarksError
from scoring.standardise import Standardisation, standardise

DEFAULT = Standardisation()

raw_fields = st.lists(st.integers(0, 1000), min_size=1, max_size=40).map(
    lambda v: np.array(v, dtype=np.float64) / 10.0  # marks to one decimal, as entered
)
policies = st.builds(
    Standardisation,
    centre=st.sampled_from(["median", "mean"]),
    spread=st.sampled_from(["mad", "std", "iqr"]),
)


def test_median_competitor_is_placed_exactly_at_700():
    """RULES.md: the median competitor of a skill is placed at 700."""
    raw = np.array([55.0, 71.25, 62.5, 90.0, 48.0, 66.75, 80.0])
    out = standardise(raw, DEFAULT)
    assert out.scores[np.argsort(raw)[3]] == 700.0
    assert out.centre == 66.75


def test_mad_default_matches_hand_computation():
    """RULES.md: median absolute deviation × 1.4826 as the default spread.

    raw 10 20 30 40 100: median 30; |deviations| 20 10 0 10 70 → median 10; spread 14.826.
    """
    out = standardise(np.array([10.0, 20.0, 30.0, 40.0, 100.0]), DEFAULT)
    assert out.spread == pytest.approx(14.826)
    assert out.spread_estimator == "mad"
    expected = 700 + 100 * (np.array([-20, -10, 0, 10, 70]) / 14.826)
    np.testing.assert_allclose(out.scores, expected)
    assert out.scores[3] == pytest.approx(767.449, abs=1e-3)


def test_mad_factor_is_configurable():
    out = standardise(np.array([10.0, 20.0, 30.0, 40.0, 100.0]), Standardisation(mad_factor=1.0))
    np.testing.assert_allclose(out.scores, [500, 600, 700, 800, 1400])


def test_mean_and_population_std():
    """std is the population standard deviation (ddof=0)."""
    raw = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])  # mean 5, population std 2
    out = standardise(raw, Standardisation(centre="mean", spread="std"))
    assert (out.centre, out.spread) == (5.0, 2.0)
    np.testing.assert_allclose(out.scores, 700 + 50 * (raw - 5.0))


def test_iqr_normalised_by_1_349():
    raw = np.arange(1.0, 10.0)  # linear quartiles 3 and 7
    out = standardise(raw, Standardisation(spread="iqr"))
    assert out.spread == pytest.approx(4 / 1.349)
    assert out.scores[4] == 700.0


def test_targets_are_configurable():
    raw = np.array([10.0, 20.0, 30.0])
    out = standardise(raw, Standardisation(spread="std", target_centre=500, target_spread=10))
    np.testing.assert_allclose(out.scores, 500 + 10 * (raw - 20) / np.std(raw))


def test_zero_spread_places_everyone_at_target_centre():
    out = standardise(np.full(6, 0.1), Standardisation(centre="mean", spread="std"))
    np.testing.assert_array_equal(out.scores, np.full(6, 700.0))
    assert out.spread == 0.0 and out.spread_estimator == "none"


def test_zero_mad_with_different_scores_falls_back_to_std_keeping_order():
    raw = np.array([50.0, 50.0, 50.0, 60.0, 90.0])  # MAD is 0: most share one score
    out = standardise(raw, DEFAULT)
    assert out.spread_estimator == "std"
    assert out.spread == pytest.approx(np.std(raw))
    assert out.scores[0] == 700.0 and out.scores[3] < out.scores[4]


def test_ineligible_competitors_are_excluded_from_the_statistics():
    raw = np.array([10.0, 20.0, 30.0, 40.0, 100.0, 0.0])
    eligible = np.array([True, True, True, True, True, False])
    out = standardise(raw, DEFAULT, eligible)
    assert math.isnan(out.scores[5])
    np.testing.assert_allclose(out.scores[:5], standardise(raw[:5], DEFAULT).scores)


def test_nan_raw_score_is_ineligible():
    out = standardise(np.array([1.0, np.nan, 3.0, 2.0]), DEFAULT)
    assert math.isnan(out.scores[1])
    assert out.scores[3] == 700.0


def test_empty_field_is_all_nan():
    out = standardise(np.array([1.0, 2.0]), DEFAULT, np.array([False, False]))
    assert np.isnan(out.scores).all() and math.isnan(out.centre) and math.isnan(out.spread)
    assert standardise(np.array([]), DEFAULT).scores.shape == (0,)


def test_bad_inputs_are_refused():
    with pytest.raises(MarksError):
        standardise(np.array([1.0, np.inf]), DEFAULT)
    with pytest.raises(MarksError):
        standardise(np.array([1.0, 2.0]), DEFAULT, np.array([True]))
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"target_spread": 0}, Standardisation)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"spread": "range"}, Standardisation)


@settings(max_examples=150, deadline=None)
@given(raw=raw_fields, policy=policies, data=st.data())
def test_permutation_invariant(raw, policy, data):
    perm = np.array(data.draw(st.permutations(range(raw.size))), dtype=np.intp)
    a = standardise(raw, policy).scores
    b = standardise(raw[perm], policy).scores
    np.testing.assert_allclose(b, a[perm], rtol=1e-12, atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(raw=raw_fields, policy=policies)
def test_monotone_strictly_preserves_raw_order(raw, policy):
    out = standardise(raw, policy).scores
    order = np.argsort(raw, kind="stable")
    r, s = raw[order], out[order]
    assert np.all(np.diff(s)[np.diff(r) > 0] > 0)
    assert np.all(np.diff(s)[np.diff(r) == 0] == 0)


@settings(max_examples=150, deadline=None)
@given(
    raw=raw_fields,
    policy=policies,
    scale=st.floats(0.1, 10.0),
    shift=st.floats(-1000.0, 1000.0),
)
def test_affine_invariant(raw, policy, scale, shift):
    """Standardised scores do not depend on the raw scale's unit or origin."""
    a = standardise(raw, policy).scores
    b = standardise(raw * scale + shift, policy).scores
    np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-7)


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 400),
    width=st.sampled_from([1, 2, 7, 500, 10_000]),
    scale=st.sampled_from([1, 10, 100, 1000]),
    share=st.sampled_from([0.0, 0.3, 1.0]),
)
def test_standardising_units_equals_standardising_their_scores(seed, size, width, scale, share):
    from scoring.standardise import standardise_units

    rng = np.random.default_rng(seed)
    units = rng.integers(0, width, size).astype(np.int64)
    eligible = rng.random(size) >= share
    policy = Standardisation()
    got = standardise_units(units, scale, policy, eligible)
    want = standardise(units / scale, policy, eligible)
    if got is None:  # no eligible score, or a zero MAD: the scores' own path answers
        assert not eligible.any() or want.spread_estimator in ("std", "none")
        return
    assert got.scores.tobytes() == want.scores.tobytes()
    assert (got.centre, got.spread, got.spread_estimator) == (want.centre, want.spread, want.spread_estimator)
