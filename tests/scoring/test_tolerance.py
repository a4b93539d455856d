"""Tolerance windows (公差): golden values at every boundary, exact arithmetic at the limits,
and the working shown by explain. Source of every figure: shared RULES.md, "Lathe and CNC
turning marking examples"."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import numpy as np
import pytest

from scoring.event import EventScorer
from scoring.explain import explain
from scoring.module import Module
from scoring.scheme import Criterion, Scheme
from scoring.tolerance import Tolerance
from tests.scoring.machining import mark, marks_for, tolerance

D18 = tolerance(15, 18, -0.03, 0.03, beyond="deduct", step=0.01, per=1)  # 超差 0.01 mm 扣 1 分，扣完为止
D24 = tolerance(12, 24, 0, 0.021)  # Φ24 +0.021/0, 超差不得分
D38 = tolerance(12, 38, -0.025, 0, beyond="deduct", step=0.01, per=1, count="completed")  # Φ38 0/−0.025, 每超差 0.01 扣 1 分
L120 = tolerance(8, 120, -0.05, 0.05, beyond="deduct", step=0.02, per=2)  # per 0.02 mm
IT10 = tolerance(10, 24, 0, 0.021, beyond="deduct", step=0.01, per=3)  # 外圆 24+0.021 IT10 超差 0.01 扣 3 分
TAPER = tolerance(9, 74, 0, 0, beyond="deduct", step=1, per=3, count="completed")  # 锥度 74°，差一度扣 3 分


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (18.0, 15), (18.03, 15), (17.97, 15),  # nominal and exactly at each limit: inside
        (18.04, 14), (17.96, 14),  # one step out on either side
        (18.031, 14), (18.035, 14), (17.955, 13),  # a partial step is a started step
        (18.05, 13), (18.18, 0), (18.3, 0),  # 15 steps take all; 27 steps stop at 0
    ],
)  # fmt: skip
def test_symmetric_window_one_mark_per_started_step(value, expected):
    """RULES.md lathe examples: "车削外圆 Φ18±0.03 (15 分)：超差 0.01 mm 扣 1 分，以此类推";
    "每项分数扣完为止，不得负分" (a company 车工 contest scoring table)."""
    assert mark(D18, value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(24.0, 12), (24.021, 12), (24.0105, 12), (24.0211, 0), (23.9999, 0), (25.0, 0)],
)
def test_asymmetric_window_any_excess_scores_zero(value, expected):
    """RULES.md lathe examples: "Φ24 +0.021/0", "超差不得分" (车工实际操作考试题评分, 中级)."""
    assert mark(D24, value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (38.0, 12), (37.975, 12),  # both limits of the one-sided window
        (38.005, 12), (38.01, 11), (38.019, 11), (38.02, 10),  # above: only completed steps count
        (37.965, 11), (37.96, 11), (37.955, 10), (37.8, 0),  # below: 0.015 is one step; 0.175 → 17 → 0
    ],
)  # fmt: skip
def test_one_sided_window_per_completed_step(value, expected):
    """RULES.md lathe examples: "Φ38 0/−0.025 (尺寸每超差 0.01 扣 1 分)", declared per
    completed step: a partial step costs nothing."""
    assert mark(D38, value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(120.05, 8), (119.95, 8), (120.06, 6), (120.07, 6), (120.09, 4), (120.0901, 2), (120.13, 0), (119.5, 0)],
)
def test_length_two_marks_per_started_0_02(value, expected):
    """RULES.md lathe examples: "others deduct per 0.02 or 0.05 mm" (车工实际操作考试题评分, 中级)."""
    assert mark(L120, value) == expected


@pytest.mark.parametrize(("value", "expected"), [(24.021, 10), (24.031, 7), (23.99, 7), (23.98, 4), (23.95, 0)])
def test_it10_three_marks_per_0_01(value, expected):
    """RULES.md lathe examples: "外圆 24+0.021 IT10 超差 0.01 扣 3 分" (中级数控车床工技能评分表);
    5 steps would take 15 of 10 marks: the floor at 0."""
    assert mark(IT10, value) == expected


@pytest.mark.parametrize(("value", "expected"), [(74, 9), (74.5, 9), (75, 6), (73, 6), (72.5, 6), (72, 3), (71, 0), (70, 0)])
def test_taper_angle_three_per_degree(value, expected):
    """RULES.md lathe examples: "锥度 74°，差一度扣 3 分": a zero-width window, per completed degree."""
    assert mark(TAPER, value) == expected


@pytest.mark.parametrize("count", ["started", "completed"])
def test_limits_and_whole_steps_are_exact_whatever_the_float_error(count):
    """RULES.md lathe examples, "超差 0.01 mm 扣 1 分": a value exactly at a limit is inside and
    k whole steps out deducts exactly k, for drawings whose nominal + deviation is inexact in
    binary (0.1 + 0.2, 2.675 + 0.021, …). Half a step more is a started step, not a completed one."""
    for nominal in (0.1, 0.3, 2.675, 18.0, 24.0, 38.0, 119.99, 1234.567):
        for dev in (0.003, 0.01, 0.021, 0.03, 0.2):
            for step in (0.001, 0.01, 0.02, 0.05):
                aspect = tolerance(1000, nominal, -dev, dev, beyond="deduct", step=step, per=1, count=count)
                n, d, s = Decimal(repr(nominal)), Decimal(repr(dev)), Decimal(repr(step))
                k = np.arange(21)
                above = [float(n + d + int(i) * s) for i in k]
                below = [float(n - d - int(i) * s) for i in k]
                half = [float(n + d + (int(i) * s) + s / 2) for i in k]
                assert marks_for(aspect, above).tolist() == (1000 - k).tolist(), (nominal, dev, step)
                assert marks_for(aspect, below).tolist() == (1000 - k).tolist(), (nominal, dev, step)
                expected_half = 1000 - (k + 1 if count == "started" else k)
                assert marks_for(aspect, half).tolist() == expected_half.tolist(), (nominal, dev, step)


def test_explain_shows_value_window_excess_steps_and_deduction():
    """RULES.md lathe examples, Φ18±0.03 (1 per 0.01, 扣完为止) and Φ24 +0.021/0 (超差不得分):
    explain prints the working next to each dimension."""
    scheme = Scheme(criteria=[Criterion(id="dims", name="尺寸", max_marks=27, aspects=[D18, msgspec.structs.replace(D24, id="d24")])])
    scorer = EventScorer([Module(id="p", name="实操", weight=100, scheme=scheme)])
    marks = {"p": np.array([[[18.045], [24.0215]], [[18.3], [24.021]]])}
    result = scorer.score(marks)
    first, second = (explain(scorer, result, marks, i).modules[0].aspects for i in (0, 1))
    d18 = first[0].arithmetic
    assert (d18.measured, d18.window, d18.low, d18.high) == (18.045, "18 ±0.03", 17.97, 18.03)
    assert (d18.excess, d18.steps, d18.per_step, d18.deduction, d18.awarded) == (0.015, 2, 1, 2, 13)
    assert first[0].note == "measured 18.045mm in 18 ±0.03 (17.97 … 18.03): 0.015 beyond → 2 started steps of 0.01 × 1 = −2 → 13"
    assert first[1].note == "measured 24.0215mm in 24 +0.021/0 (24 … 24.021): 0.0005 beyond, 超差不得分 → 0"
    assert second[0].note.endswith("0.27 beyond → 27 started steps of 0.01 × 1 = −27 → 0 (floor)")
    assert second[1].note == "measured 24.021mm in 24 +0.021/0 (24 … 24.021): inside → full 12"
    assert [a.awarded for a in first] == [13, 0] and result.total.tolist() == [13, 12]


def test_labels_in_drawing_notation():
    """RULES.md lathe examples write Φ18±0.03, Φ24 +0.021/0, Φ38 0/−0.025."""
    assert [a.tolerance.label for a in (D18, D24, D38)] == ["18 ±0.03", "24 +0.021/0", "38 0/-0.025"]
    assert Tolerance(nominal=10, lower=-0.01, upper=0.02).label == "10 +0.02/-0.01"
