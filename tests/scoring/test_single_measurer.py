"""One-measurer aspects (panel "single"): the inspector's one value overrides the module's
panel rule. Source: shared RULES.md, "Lathe and CNC turning marking examples" (practical
marks computed from values measured by the inspector, 检测员)."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.aggregation import Aggregation
from scoring.errors import MarksError
from scoring.event import EventScorer
from scoring.explain import explain
from scoring.module import Module
from scoring.module_score import score_module
from scoring.scheme import Criterion, Judgement, Measurement, Scheme
from scoring.single_measurer import second_measurer_refusals, single_measurer_aspects
from scoring.tolerance import Tolerance
from tests.scoring.machining import RAW

D18 = Measurement(
    id="d18", name="Φ18", max_marks=15, rule="tolerance", unit="mm", panel="single",
    tolerance=Tolerance(nominal=18, lower=-0.03, upper=0.03, beyond="deduct", step=0.01, per=1),
)  # fmt: skip
NEAT = Judgement(id="neat", name="工艺", max_marks=6)


def module(missing: str = "error") -> Module:
    scheme = Scheme(criteria=[Criterion(id="c", name="实操", max_marks=21, aspects=[D18, NEAT])])
    return Module(id="p", name="实操", weight=100, scheme=scheme, aggregation=Aggregation(method="trimmed_mean", trim=1, missing=missing))


NAN = np.nan


def test_any_one_judge_measures_and_the_panel_judges():
    """RULES.md lathe examples: the inspector measures Φ18±0.03 (1 per 0.01); the workmanship
    is judged 0–3 by five judges, trimmed mean dropping highest and lowest (CNPC 2007)."""
    marks = np.array(
        [
            [[18.045, NAN, NAN, NAN, NAN], [3, 3, 2, 2, 1]],  # judge 0 measures: 13; drop 3 and 1 → 7/3
            [[NAN, NAN, NAN, 18.0, NAN], [3, 3, 3, 3, 3]],  # judge 3 measures: 15 + 6
        ]
    )
    raw = score_module(module(), marks, RAW).raw
    assert raw.tolist() == pytest.approx([13 + (7 / 3) / 3 * 6, 21])


def test_a_second_value_is_refused():
    """RULES.md lathe examples: values are entered once, by the inspector."""
    marks = np.array([[[18.0, 18.01, NAN, NAN, NAN], [3, 3, 3, 3, 3]]])
    with pytest.raises(MarksError) as err:
        score_module(module(), marks, RAW)
    assert str(err.value) == "marks[0][d18]: one judge measures this aspect (panel 'single'): 2 or more judges recorded a value"


def test_nobody_measured_follows_the_missing_mark_policy():
    """RULES.md Panels: a missing mark is an error unless the module declares otherwise."""
    marks = np.array([[[NAN] * 5, [3, 3, 3, 3, 3]]])
    with pytest.raises(MarksError, match=r"marks\[0\]\[d18\]: no judge has measured it"):
        score_module(module(), marks, RAW)
    assert score_module(module("absent"), marks, RAW).raw.tolist() == [6]


def test_explain_keeps_the_inspectors_value():
    """RULES.md lathe examples: explain shows which judge's value was used."""
    scorer = EventScorer([module()])
    marks = {"p": np.array([[[NAN, 18.04, NAN, NAN, NAN], [3, 3, 3, 3, 3]]])}
    line = explain(scorer, scorer.score(marks), marks, 0).modules[0].aspects[0]
    assert (line.marks, line.kept, line.panel_value, line.awarded) == (
        [None, 18.04, None, None, None],
        [False, True, False, False, False],
        18.04,
        14,
    )


def test_the_use_case_decision_refuses_a_second_measurer():
    """RULES.md lathe examples: "measured values are entered once, by the inspector". The marking
    use-case passes what is stored and the batch; the measuring judge may still correct."""
    single = single_measurer_aspects(module().scheme.aspects())
    assert single == {"d18"}
    stored = {("0417", "d18"): "J2"}
    batch = [
        (0, "0417", "d18", "J3"),
        (1, "0417", "d18", "J2"),
        (2, "0417", "neat", "J3"),
        (3, "0522", "d18", "J3"),
        (4, "0522", "d18", "J4"),
    ]
    assert second_measurer_refusals(single, batch, stored) == {
        0: "aspect 'd18' is measured by one judge: judge J2 has recorded its value (only that judge corrects it, or the chief judge through an appeal)",
        4: "aspect 'd18' is measured by one judge: judge J3 has recorded its value (only that judge corrects it, or the chief judge through an appeal)",
    }
