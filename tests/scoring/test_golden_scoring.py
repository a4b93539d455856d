"""Golden tests: worked examples from RULES.md, each naming its source."""

from __future__ import annotations

import re

import numpy as np
import pytest

from scoring.aggregation import Aggregation
from scoring.errors import MarksError
from scoring.module import Module
from scoring.module_score import score_module
from scoring.rounding import Rounding, to_units
from scoring.scheme import Criterion, Measurement, Scheme
from tests.scoring.schemes import WELD_VISUAL_ORDER, direct, electrician_safety, motor_control, weld_visual

R2 = Rounding(places=2)


def test_isu_trimmed_mean_9_71():
    """RULES.md, Judge statistics: ISU worked example, 9 judges, drop highest and lowest → 68.00 / 7 = 9.71."""
    scheme = Scheme(
        criteria=[
            Criterion(id="pcs", name="节目内容分", max_marks=10, aspects=[Measurement(id="component", name="节目内容", max_marks=10)])
        ]
    )
    module = Module(id="pcs", name="节目内容分", weight=100, scheme=scheme, aggregation=Aggregation(method="trimmed_mean", trim=1))
    marks = np.array([9.50, 10.00, 9.75, 9.75, 9.50, 9.75, 10.00, 9.50, 9.75]).reshape(1, 1, 9)
    score = score_module(module, marks, R2)
    assert score.raw[0] == pytest.approx(68.00 / 7)
    assert to_units(score.scaled, R2)[0] == 971


def test_cnpc_five_judges_drop_high_and_low():
    """RULES.md, Panels and trimmed mean: CNPC 2007, 5 judges, drop highest and lowest, average the rest."""
    module = Module(
        id="p", name="实操", weight=100, scheme=direct("p", "实操", 100), aggregation=Aggregation(method="trimmed_mean", trim=1)
    )
    marks = np.array([[[88, 92, 75, 90, 99]]], dtype=float)
    assert score_module(module, marks, R2).raw[0] == pytest.approx((88 + 92 + 90) / 3)


def test_diving_seven_judges_drop_two_and_two():
    """RULES.md, Panels and trimmed mean: diving style, 7 judges drop 2 + 2."""
    module = Module(id="p", name="实操", weight=100, scheme=direct("p", "实操", 10), aggregation=Aggregation(method="trimmed_mean", trim=2))
    marks = np.array([[[6, 7, 7.5, 8, 8, 9, 10]]], dtype=float)
    assert score_module(module, marks, R2).raw[0] == pytest.approx((7.5 + 8 + 8) / 3)


def test_too_few_marks_for_the_trim_is_an_error_not_a_silent_mean():
    """RULES.md, Panels and trimmed mean: too few marks for the configured trim is an error."""
    module = Module(
        id="p",
        name="实操",
        weight=100,
        scheme=direct("p", "实操", 100),
        aggregation=Aggregation(method="trimmed_mean", trim=1, missing="absent"),
    )
    marks = np.array([[[80, np.nan, np.nan, 90, np.nan]]])
    with pytest.raises(MarksError, match=r"marks\[0\]\[p_mark\]: trimmed mean drops 1 highest and 1 lowest, too few"):
        score_module(module, marks, R2)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("zero", (80 + 0 + 90) / 3), ("absent", (80 + 90) / 2)],
)
def test_missing_mark_policy(policy, expected):
    module = Module(id="p", name="实操", weight=100, scheme=direct("p", "实操", 100), aggregation=Aggregation(missing=policy))
    marks = np.array([[[80, np.nan, 90]]])
    assert score_module(module, marks, R2).raw[0] == pytest.approx(expected)


def test_missing_mark_refused_by_default():
    module = Module(id="p", name="实操", weight=100, scheme=direct("p", "实操", 100))
    with pytest.raises(MarksError, match=r"marks\[0\]\[p_mark\]: a judge's mark is missing"):
        score_module(module, np.array([[[80, np.nan, 90]]]), R2)


def weld_marks(**values) -> np.ndarray:
    row = {
        "cap_height": 0.8,
        "height_diff": 1.5,
        "width_diff": 2,
        "undercut": 10,
        "root_concavity": 0,
        "root_convexity": 2.5,
        "misalignment": 1.0,
        "distortion": 4,
        "pore": 0,
        "slag": 0,
        "crack": 0,
        "undercut_deep": 0,
        "cap_unfinished": 0,
    }
    row.update(values)
    return np.array([[row[a] for a in WELD_VISUAL_ORDER]], dtype=float).reshape(1, -1, 1)


WELD = Module(id="visual", name="外观检验", weight=100, scheme=weld_visual(), scale_to=12.5)


def test_weld_visual_bands_times_12_5_percent():
    """RULES.md: plate butt joint visual inspection (2022 national vocational college contest),
    table total × 12.5% = visual score. 16 + 8 + 6 + 14 + 10 + 2 + 2 + 2 = 60 → 7.50."""
    score = score_module(WELD, weld_marks(), R2)
    assert score.raw[0] == 60
    assert to_units(score.scaled, R2)[0] == 750


def test_weld_visual_perfect_and_worst():
    """Same source: every best band gives 100 → 12.50; every measurement past its last band gives 0."""
    best = weld_marks(
        cap_height=0.5, height_diff=0, width_diff=1, undercut=0, root_concavity=0, root_convexity=1, misalignment=0, distortion=1
    )
    worst = weld_marks(
        cap_height=3.5, height_diff=3.1, width_diff=4, undercut=31, root_concavity=2.5, root_convexity=3.2, misalignment=1.3, distortion=6
    )
    assert score_module(WELD, best, R2).scaled[0] == 12.5
    assert score_module(WELD, worst, R2).raw[0] == 0


@pytest.mark.parametrize("defect", ["pore", "slag", "crack"])
def test_weld_visual_defect_vetoes_the_whole_visual_score(defect):
    """Same source: any pore, slag, crack … → the whole visual score is 0."""
    score = score_module(WELD, weld_marks(**{defect: 1}), R2)
    assert score.raw[0] == 0 and score.vetoes_fired[0].sum() == 1


def test_weld_visual_item_vetoes_zero_only_their_item():
    """Same source: an unfinished cap → that item 0; undercut deeper than 0.5 mm → 0."""
    assert score_module(WELD, weld_marks(cap_unfinished=1), R2).raw[0] == 60 - 16
    assert score_module(WELD, weld_marks(undercut_deep=1), R2).raw[0] == 60 - 14


def test_weld_visual_bands_are_inclusive_at_the_boundary():
    """Same source: "cap height 0–1 mm → 16, ≤2 → 12": exactly 1 mm earns 16, 1.01 earns 12."""
    assert score_module(WELD, weld_marks(cap_height=1.0), R2).raw[0] == 60
    assert score_module(WELD, weld_marks(cap_height=1.01), R2).raw[0] == 56


SAFETY = Module(id="safety", name="安全文明生产", weight=100, scheme=electrician_safety())


def safety_marks(live=0, damage=0, helmet=0, power=0) -> np.ndarray:
    return np.array([[[live], [damage], [helmet], [power]]], dtype=float)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [((0, 0, 0, 0), 10), ((1, 0, 0, 0), 5), ((0, 0, 1, 1), 0), ((1, 0, 1, 1), 0), ((3, 0, 0, 0), 0)],
)
def test_electrician_safety_deductions_stop_at_the_allocation(counts, expected):
    """RULES.md: electrician safety module (10 points): −5 per live operation, −5 no helmet,
    −5 powering on without permission; deductions stop at the module's allocation."""
    score = score_module(SAFETY, safety_marks(*counts), R2)
    assert score.raw[0] == expected
    assert not score.disqualified[0]


def test_electrician_two_damaged_devices_disqualify():
    """RULES.md: −5 per damaged device, two or more damages → disqualified."""
    one = score_module(SAFETY, safety_marks(damage=1), R2)
    two = score_module(SAFETY, safety_marks(damage=2), R2)
    assert (one.raw[0], one.disqualified[0]) == (5, False)
    assert two.disqualified[0]


def test_deduction_cap_limits_one_aspect():
    """A capped deduction never takes more than its cap, even when the section could absorb it."""
    from scoring.scheme import Deduction

    scheme = Scheme(
        criteria=[Criterion(id="s", name="规范", max_marks=20, aspects=[Deduction(id="mess", name="工位不整洁", per_occurrence=2, cap=6)])]
    )
    module = Module(id="s", name="规范", weight=100, scheme=scheme)
    assert score_module(module, np.array([[[5.0]]]), R2).raw[0] == 20 - 6


MOTOR = Module(id="motor", name="电动机控制线路", weight=100, scheme=motor_control())


def motor_marks(errors=0, neat=(3, 3, 3), tools=(3, 3, 3), live=0, helmet=0, damage=0) -> np.ndarray:
    judges = 3
    rows = [[errors] * judges, list(neat), list(tools), [live] * judges, [helmet] * judges, [damage] * judges]
    return np.array([rows], dtype=float)


def test_motor_control_wiring_errors_and_judgement():
    """RULES.md: motor-control wiring: correctness 20 (−5 per error), workmanship 10, tool use 10,
    safety 10. Workmanship judged 2, 3, 3 → (8/3 / 3) × 10."""
    score = score_module(MOTOR, motor_marks(errors=2, neat=(2, 3, 3)), R2)
    assert score.raw[0] == pytest.approx(10 + 80 / 9 + 10 + 10)
    assert to_units(score.raw, R2)[0] == 3889


def test_motor_control_wiring_errors_never_eat_other_sections():
    """Same source: five wiring errors take the correctness section to 0, not below, and the
    other sections keep their marks."""
    score = score_module(MOTOR, motor_marks(errors=5), R2)
    assert score.raw[0] == 30
    assert score.sections[0].tolist() == [0, 10, 10, 10]


def test_motor_control_equipment_damage_disqualifies():
    """Same source: damaging equipment → disqualified."""
    assert score_module(MOTOR, motor_marks(damage=1), R2).disqualified[0]


@pytest.mark.parametrize(
    ("marks", "rule"),
    [
        (motor_marks(neat=(2, 4, 3)), "judgement marks are integers 0, 1, 2 or 3"),
        (motor_marks(neat=(2, 2.5, 3)), "judgement marks are integers 0, 1, 2 or 3"),
        (motor_marks(errors=-1), "a deduction is a whole number of occurrences"),
        (motor_marks(damage=2), "a veto is recorded as 1 (happened) or 0"),
    ],
)
def test_marks_that_break_their_aspect_are_refused(marks, rule):
    with pytest.raises(MarksError, match=re.escape(rule)):
        score_module(MOTOR, marks, R2)


def test_direct_marks_above_max_are_refused_with_position():
    module = Module(id="t", name="理论", weight=100, scheme=direct("t", "理论", 100))
    with pytest.raises(MarksError, match=r"marks\[t\]\[1\]\[t_mark\]\[judge 0\]: 101 refused"):
        score_module(module, np.array([[[50.0]], [[101.0]]]), R2)


def test_wrong_shape_is_refused():
    module = Module(id="t", name="理论", weight=100, scheme=direct("t", "理论", 100))
    with pytest.raises(MarksError, match=r"expected an array \[competitor, 1 aspects, judge\], got shape \(2, 3\)"):
        score_module(module, np.zeros((2, 3)), R2)


def test_band_boundary_does_not_depend_on_float_noise():
    """RULES.md band tables are inclusive ("≤ 0.2 mm"): a panel measuring 0.1, 0.2, 0.3 has a
    mean of exactly 0.2 although (0.1 + 0.2 + 0.3) / 3 is 0.20000000000000004 in floats."""
    from tests.scoring.schemes import bands

    scheme = Scheme(
        criteria=[
            Criterion(
                id="c",
                name="错边",
                max_marks=10,
                aspects=[Measurement(id="m", name="错边量", max_marks=10, rule="bands", bands=bands((0.2, 10), (1, 5)))],
            )
        ]
    )
    module = Module(id="m", name="错边", weight=100, scheme=scheme)
    assert (0.1 + 0.2 + 0.3) / 3 > 0.2
    assert score_module(module, np.array([[[0.1, 0.2, 0.3]]]), R2).raw[0] == 10
