"""Deductions from the module total (scope "module"), capped, distinct from section deductions.
Source: shared RULES.md, "Lathe and CNC turning marking examples", deductions from the total."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.aggregation import Aggregation
from scoring.event import EventScorer
from scoring.explain import explain
from scoring.module import Module
from scoring.module_score import detail_module, score_module
from scoring.scheme import Criterion, Deduction, Measurement, Scheme
from tests.scoring.machining import RAW

CIVILISED = Deduction(id="breach", name="文明生产违规", per_occurrence=3, cap=10, scope="module")


def lathe_like(extra_section_deduction: bool = False) -> Module:
    """Two marked criteria (60 + 40) and a 0-mark criterion holding the civilised-production
    deduction; optionally a section deduction inside the 40-mark criterion."""
    process = [Measurement(id="process_mark", name="工艺", max_marks=30 if extra_section_deduction else 40)]
    if extra_section_deduction:
        process.append(Deduction(id="rework", name="返工", per_occurrence=5))
    scheme = Scheme(
        criteria=[
            Criterion(id="quality", name="质量", max_marks=60, aspects=[Measurement(id="quality_mark", name="质量", max_marks=60)]),
            Criterion(id="process", name="工艺", max_marks=40, aspects=process),
            Criterion(id="civilised", name="文明生产", max_marks=0, aspects=[CIVILISED]),
        ]
    )
    return Module(id="p", name="实操", weight=100, scheme=scheme, aggregation=Aggregation(missing="absent"))


@pytest.mark.parametrize(("breaches", "expected"), [(0, 90), (1, 87), (3, 81), (4, 80), (10, 80)])
def test_three_per_breach_at_most_ten(breaches, expected):
    """RULES.md lathe examples: "文明生产…每违反一项从总分中扣 3 分…扣分不超过 10 分"."""
    marks = np.array([[[55.0], [35.0], [breaches]]])
    assert score_module(lathe_like(), marks, RAW).raw.tolist() == [expected]


def test_the_module_total_stops_at_zero():
    """RULES.md lathe examples, deductions from the total: a module total of 4 less 9 is 0, never negative."""
    marks = np.array([[[4.0], [0.0], [3]]])
    assert score_module(lathe_like(), marks, RAW).raw.tolist() == [0]


def test_section_and_module_deductions_are_separate():
    """RULES.md lathe examples ("从总分中扣") against the electrician safety module's section
    deductions (RULES.md, Welding and electrical marking examples): the section deduction stops
    at its section's 10 allocation, the module deduction comes off the whole total."""
    module = lathe_like(extra_section_deduction=True)
    # process 30 + allocation 10 − 3 reworks × 5 = 25; total 55 + 25 − 2 × 3 = 74
    marks = np.array([[[55.0], [30.0], [3], [2]]])
    d = detail_module(module, marks, RAW)
    assert d.score.sections.tolist() == [[55, 25, 0]]
    assert (d.criteria_total.tolist(), d.module_deductions.tolist(), d.score.raw.tolist()) == ([80], [6], [74])


def test_explain_shows_the_module_deduction():
    """RULES.md lathe examples: "每违反一项从总分中扣 3 分…扣分不超过 10 分"."""
    scorer = EventScorer([lathe_like()])
    marks = {"p": np.array([[[60.0], [40.0], [5]]])}
    line = explain(scorer, scorer.score(marks), marks, 0).modules[0]
    (breach,) = line.deductions
    assert (breach.scope, breach.occurrences, breach.deducted, breach.capped) == ("module", 5, 10, True)
    assert (line.criteria_total, line.module_deductions, line.raw) == (100, 10, 90)
    assert [s.deductions for s in line.sections] == [0, 0, 0]
