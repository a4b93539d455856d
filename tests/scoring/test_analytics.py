"""Judge statistics (RULES.md: Judge statistics): severity, spread flags, ICC(3,1), Kendall's W."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from scoring.aggregation import Aggregation
from scoring.analytics import (
    average_ranks,
    icc_3_1,
    judge_totals,
    kendall_w,
    module_agreement,
    severity,
    spread_flags,
)
from scoring.errors import MarksError

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    dtype=np.float64,
)

PANEL5 = Aggregation(method="trimmed_mean", trim=1, missing="absent")
JUDGES5 = ["J1", "J2", "J3", "J4", "J5"]


def _aspects(a: int) -> list[str]:
    return [f"A{i}" for i in range(a)]


def _noisy_panel(c=40, a=6, j=5, sd=0.15, seed=7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.uniform(2.0, 8.0, (c, a, 1))
    return truth + rng.normal(0.0, sd, (c, a, j))


# --- severity -------------------------------------------------------------------------


def test_lenient_judge_adding_one_point_is_flagged():
    """RULES.md: Judge statistics — offset from the panel's trimmed mean; ≈0.5 substantive."""
    marks = _noisy_panel()
    marks[..., 2] += 1.0
    out = severity(marks, PANEL5, _aspects(6), JUDGES5)
    assert out.offset[2] == pytest.approx(1.0, abs=0.15)
    assert out.flagged.tolist() == [False, False, True, False, False]
    assert np.all(np.abs(np.delete(out.offset, 2)) < 0.2)
    np.testing.assert_array_equal(out.marks_counted, np.full(5, 40 * 6))


def test_severity_of_an_exact_plus_one_judge_is_exactly_one():
    """With 4 equal marks the +1 judge is trimmed away, so the reference is the others' mark."""
    marks = np.repeat(np.arange(12.0).reshape(4, 3, 1), 5, axis=2)
    marks[..., 0] += 1.0
    out = severity(marks, PANEL5, _aspects(3), JUDGES5)
    np.testing.assert_allclose(out.offset, [1.0, 0, 0, 0, 0])
    assert out.flagged.tolist() == [True, False, False, False, False]


def test_harsh_judge_has_negative_offset_and_threshold_is_strict():
    marks = np.repeat(np.full((3, 2, 1), 5.0), 5, axis=2)
    marks[..., 4] -= 0.5
    out = severity(marks, PANEL5, _aspects(2), JUDGES5, threshold=0.5)
    assert out.offset[4] == pytest.approx(-0.5)
    assert not out.flagged.any()  # |offset| > threshold, not >=
    assert severity(marks, PANEL5, _aspects(2), JUDGES5, threshold=0.4).flagged[4]


def test_reference_defaults_to_trim_one_from_five_judges():
    """A plain-mean panel of 5 still gets a trimmed reference (FIG: 5 judges, middle 3)."""
    marks = np.repeat(np.full((2, 2, 1), 5.0), 5, axis=2)
    marks[..., 0] += 1.0
    mean_panel = Aggregation(method="mean", missing="absent")
    out = severity(marks, mean_panel, _aspects(2), JUDGES5)
    assert out.trim == 1
    assert out.offset[0] == pytest.approx(1.0)  # a plain mean would give 0.8
    four = severity(marks[..., :4], mean_panel, _aspects(2), JUDGES5[:4])
    assert four.trim == 0 and four.offset[0] == pytest.approx(0.75)


def test_missing_marks_are_skipped_and_thin_cells_ignored():
    marks = _noisy_panel(c=10, a=3, seed=3)
    marks[..., 1] += 1.0
    marks[0, :, 3] = np.nan  # judge 4 did not mark competitor 0 (own unit)
    marks[1, 0, :3] = np.nan  # only two marks left: too few to trim one at each end
    marks[:, :, 4] = np.nan  # judge 5 marked nothing
    out = severity(marks, PANEL5, _aspects(3), JUDGES5)
    assert out.marks_counted.tolist() == [29, 29, 29, 26, 0]
    assert math.isnan(out.offset[4]) and not out.flagged[4]
    assert out.flagged.tolist() == [False, True, False, False, False]
    assert np.isfinite(out.offset[:4]).all()


def test_severity_refuses_mismatched_ids():
    with pytest.raises(MarksError):
        severity(np.zeros((2, 2, 5)), PANEL5, _aspects(2), JUDGES5[:4])
    with pytest.raises(MarksError):
        severity(np.zeros((2, 2, 5)), PANEL5, _aspects(3), JUDGES5)


@settings(max_examples=100, deadline=None)
@given(
    marks=hnp.arrays(np.float64, (6, 3, 5), elements=st.integers(0, 10).map(float)),
    bias=st.floats(-3, 3),
)
def test_offsets_ignore_a_shift_of_the_whole_panel(marks, bias):
    """Adding a constant to all marks changes no offset (the reference moves with it)."""
    base = severity(marks, PANEL5, _aspects(3), JUDGES5)
    moved = severity(marks + bias, PANEL5, _aspects(3), JUDGES5)
    np.testing.assert_allclose(moved.offset, base.offset, atol=1e-9)


# --- spread flags ---------------------------------------------------------------------


def test_spread_flags_judgement_marks_more_than_one_apart():
    """WorldSkills: flag judgement marks whose spread is greater than 1."""
    marks = np.array(
        [
            [[1, 2, 2], [0, 3, 1], [1, 3, 3]],  # spread 1 (not flagged), 3, 2
            [[2, 3, np.nan], [1, np.nan, np.nan], [0, 2, 1]],  # 1, single mark, 2
        ]
    )
    judgement = np.array([True, True, False])  # the third aspect is a measurement
    np.testing.assert_array_equal(spread_flags(marks, judgement), [[False, True, False], [False, False, False]])
    np.testing.assert_array_equal(spread_flags(marks, judgement, limit=0.5), [[True, True, False], [True, False, False]])


def test_spread_flags_refuses_wrong_aspect_mask():
    with pytest.raises(MarksError):
        spread_flags(np.zeros((2, 3, 3)), np.array([True, False]))


# --- judge totals ---------------------------------------------------------------------


def test_judge_totals_sum_aspects_and_propagate_missing():
    marks = np.array([[[1.0, 2.0], [3.0, np.nan]], [[0.5, 1.0], [1.5, 2.0]]])
    np.testing.assert_array_equal(judge_totals(marks), [[4.0, np.nan], [2.0, 3.0]])
    np.testing.assert_array_equal(judge_totals(marks, np.array([2.0, 1.0])), [[5.0, np.nan], [2.5, 4.0]])


# --- ICC(3,1) -------------------------------------------------------------------------


def _icc_oracle(x: np.ndarray) -> float:
    """Textbook two-way ANOVA via sums of squares, SSE by subtraction (Shrout & Fleiss 1979)."""
    n, k = x.shape
    g = x.mean()
    ss_total = ((x - g) ** 2).sum()
    ss_rows = sum(k * (row.mean() - g) ** 2 for row in x)
    ss_cols = sum(n * (col.mean() - g) ** 2 for col in x.T)
    bms = ss_rows / (n - 1)
    ems = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    return (bms - ems) / (bms + (k - 1) * ems)


def test_icc_shrout_fleiss_example():
    """Shrout & Fleiss (1979), Table 4: ICC(3,1) = .71 for the 6 × 4 example."""
    assert round(icc_3_1(SHROUT_FLEISS), 2) == 0.71
    assert icc_3_1(SHROUT_FLEISS) == pytest.approx(0.7148407, abs=1e-7)


def test_icc_ignores_constant_judge_offsets_and_excludes_incomplete_rows():
    """ICC(3,1) measures consistency: a judge's constant offset does not lower it."""
    shifted = SHROUT_FLEISS + np.array([0.0, 3.0, -2.0, 1.5])
    assert icc_3_1(shifted) == pytest.approx(icc_3_1(SHROUT_FLEISS))
    with_gap = np.vstack([SHROUT_FLEISS, [1.0, np.nan, 9.0, 9.0]])
    assert icc_3_1(with_gap) == pytest.approx(icc_3_1(SHROUT_FLEISS))


def test_icc_undefined_cases_are_nan():
    assert math.isnan(icc_3_1(SHROUT_FLEISS[:1]))
    assert math.isnan(icc_3_1(SHROUT_FLEISS[:, :1]))
    assert math.isnan(icc_3_1(np.full((4, 3), 0.1)))
    assert math.isnan(icc_3_1(np.tile([0.1, 0.7, 0.3], (5, 1))))  # only judge effects
    assert icc_3_1(np.tile([[1.0], [2.0], [4.0]], (1, 3))) == pytest.approx(1.0)


@settings(max_examples=150, deadline=None)
@given(
    x=st.integers(2, 12).flatmap(
        lambda n: st.integers(2, 6).flatmap(lambda k: hnp.arrays(np.float64, (n, k), elements=st.integers(0, 20).map(float)))
    )
)
def test_icc_matches_independent_anova(x):
    """Shrout & Fleiss (1979): ICC(3,1) = (BMS − EMS) / (BMS + (k − 1)·EMS)."""
    n, k = x.shape
    denom_ok = (x - x.mean(axis=0)).std() > 0  # some variation beyond judge offsets
    assume(denom_ok)
    assert icc_3_1(x) == pytest.approx(_icc_oracle(x), rel=1e-9, abs=1e-9)
    assert icc_3_1(x) <= 1.0 + 1e-12


# --- Kendall's W ----------------------------------------------------------------------


def test_kendall_w_perfect_agreement_is_one_and_reversal_zero():
    x = np.array([[1.0, 10.0, 3.0], [2.0, 20.0, 4.0], [3.0, 30.0, 8.0], [4.0, 40.0, 9.0]])
    assert kendall_w(x) == pytest.approx(1.0)
    two = np.column_stack([x[:, 0], -x[:, 0]])
    assert kendall_w(two) == pytest.approx(0.0)


def test_kendall_w_hand_example_with_ties_has_no_correction():
    """RULES.md: W = 12S / (m²(n³ − n)); ties get average ranks, no tie correction."""
    x = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 3.0]])
    # ranks: judge 1 → 1.5 1.5 3; judge 2 → 1 2 3; totals 2.5 3.5 6; mean 4; S = 6.5
    assert kendall_w(x) == pytest.approx(12 * 6.5 / (4 * 24))


def test_kendall_w_undefined_cases_and_missing_rows():
    assert math.isnan(kendall_w(np.array([[1.0, 2.0]])))
    assert math.isnan(kendall_w(np.array([[1.0], [2.0]])))
    with_gap = np.vstack([SHROUT_FLEISS, [np.nan, 1.0, 1.0, 1.0]])
    assert kendall_w(with_gap) == pytest.approx(kendall_w(SHROUT_FLEISS))


@settings(max_examples=100, deadline=None)
@given(x=hnp.arrays(np.float64, st.tuples(st.integers(1, 15), st.integers(1, 5)), elements=st.integers(0, 6).map(float)))
def test_average_ranks_match_scipy(x):
    np.testing.assert_allclose(average_ranks(x), stats.rankdata(x, axis=0))


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    n=st.integers(3, 12),
    m=st.integers(3, 6),
)
def test_kendall_w_agrees_with_friedman(data, n, m):
    """Without ties W = χ²_Friedman / (m(n − 1)) (scipy.stats.friedmanchisquare as oracle)."""
    cols = [data.draw(st.permutations(range(n))) for _ in range(m)]
    x = np.array(cols, dtype=np.float64).T * 1.5 + 0.25  # n competitors × m judges, no ties
    chi2 = stats.friedmanchisquare(*x).statistic  # one sample per competitor across judges
    assert kendall_w(x) == pytest.approx(chi2 / (m * (n - 1)), rel=1e-9, abs=1e-12)


# --- module agreement -----------------------------------------------------------------


def test_module_agreement_on_complete_rows():
    table = np.vstack([SHROUT_FLEISS, [np.nan, 1.0, 2.0, 3.0]])
    out = module_agreement(table)
    assert (out.n, out.k) == (6, 4)
    assert out.icc == pytest.approx(icc_3_1(SHROUT_FLEISS))
    assert out.kendall_w == pytest.approx(kendall_w(SHROUT_FLEISS))


def test_module_agreement_from_marks():
    marks = _noisy_panel(c=30, a=4, j=5, sd=0.3, seed=11)
    out = module_agreement(judge_totals(marks))
    assert out.icc > 0.9 and out.kendall_w > 0.9
