"""The chief judge's statistics for a module."""

from __future__ import annotations

import numpy as np

from scoring.aggregation import Aggregation
from scoring.judge_report import judge_report
from scoring.module import Module
from tests.scoring.schemes import motor_control


def test_report_flags_the_harsh_judge_and_the_wide_spread():
    """RULES.md, Judge statistics + WorldSkills: a judge consistently one level below the panel
    is flagged (≈0.5 points is substantive); judgement marks more than 1 apart are flagged."""
    rng = np.random.default_rng(3)
    module = Module(
        id="motor", name="电动机控制线路", weight=100, scheme=motor_control(), aggregation=Aggregation(method="trimmed_mean", trim=1)
    )
    n, judges = 40, 5
    marks = np.zeros((n, 6, judges))
    truth = rng.integers(1, 4, (n, 2))
    marks[:, 1:3, :] = truth[:, :, None]
    marks[:, 1:3, 4] = np.maximum(truth - 1, 0)  # judge E is harsh
    marks[0, 1, 0] = 0.0 if truth[0, 0] >= 2 else 3.0  # one wide spread on workmanship
    report = judge_report(module, marks, ["A", "B", "C", "D", "E"])
    assert report.severity.flagged.tolist() == [False, False, False, False, True]
    assert report.severity.offset[4] < -0.5
    assert report.spread_count >= 1 and report.spreads[0].competitor == 0
    assert report.spreads[0].aspect == "neatness"
    assert report.agreement.k == 5 and report.agreement.icc > 0.5
