"""Invalid machining rules are refused with the path of the problem and the rule it breaks.
Source of the valid shapes: shared RULES.md, "Lathe and CNC turning marking examples"."""

from __future__ import annotations

import pytest

from contests.definition import decode_contest
from contests.errors import DefinitionError
from scoring.errors import SchemeError
from scoring.grades import Grades
from scoring.scheme import Criterion, Deduction, Measurement, Scheme, validate_scheme
from scoring.time_limit import TimeLimit
from scoring.tolerance import Tolerance
from tests.db.helpers import EXAMPLES

A = "criteria[0].aspects[0]"


def refused(aspect: Measurement | Deduction, max_marks: float = 10) -> list[str]:
    scheme = Scheme(criteria=[Criterion(id="c", name="准则", max_marks=max_marks, aspects=[aspect])])
    with pytest.raises(SchemeError) as err:
        validate_scheme(scheme)
    return [str(p) for p in err.value.problems]


def tol(**kw) -> Measurement:
    t = {"nominal": 18, "lower": -0.03, "upper": 0.03} | kw
    return Measurement(id="d", name="尺寸", max_marks=10, rule="tolerance", tolerance=Tolerance(**t))


def test_lower_limit_above_upper():
    """RULES.md lathe examples: a window such as Φ38 0/−0.025 has its lower deviation below its upper."""
    assert refused(tol(lower=0.01, upper=-0.01)) == [
        f"{A}.tolerance.lower: lower deviation 0.01 is above upper deviation -0.01: the lower limit 18.01 would exceed the upper 17.99"
    ]


@pytest.mark.parametrize("step", [0, -0.01])
def test_step_must_be_above_zero(step):
    """RULES.md lathe examples: "超差 0.01 mm 扣 1 分" — a step is a positive excess."""
    assert refused(tol(beyond="deduct", step=step, per=1)) == [f"{A}.tolerance.step: step must be above 0, got {step:g}"]


def test_a_step_finer_than_a_micrometre_is_refused():
    """A step of 5e-324 would make 1 / step infinite; no drawing steps below 1e-6."""
    assert refused(tol(beyond="deduct", step=5e-324, per=1)) == [f"{A}.tolerance.step: step must be at least 1e-06, got 4.94066e-324"]


def test_deduct_needs_step_and_per_and_zero_reads_neither():
    """RULES.md lathe examples: per-step deduction against "超差不得分"."""
    assert refused(tol(beyond="deduct")) == [
        f"{A}.tolerance.step: beyond 'deduct' needs step (the excess that costs `per` marks)",
        f"{A}.tolerance.per: beyond 'deduct' needs per (the marks one step costs)",
    ]
    assert refused(tol(step=0.01)) == [f"{A}.tolerance.step: step is only read when beyond is 'deduct', beyond is 'zero'"]
    assert refused(tol(beyond="deduct", step=0.01, per=0)) == [f"{A}.tolerance.per: per must be above 0, got 0"]


def test_a_rule_needs_its_specification_and_only_its_own():
    """The tolerance, grades and time rules each read their own table."""
    bare = Measurement(id="d", name="尺寸", max_marks=10, rule="tolerance")
    assert refused(bare) == [f"{A}.tolerance: rule 'tolerance' needs a tolerance (nominal, lower, upper)"]
    stray = Measurement(id="d", name="尺寸", max_marks=10, rule="grades", grades=Grades(series=[1, 2], required=1, per_grade=1),
                        time_limit=TimeLimit(limit=1, per_minute=1, stop=2))  # fmt: skip
    assert refused(stray) == [f"{A}.time_limit: time_limit is only read when rule is 'time', rule is 'grades'"]


def ra(series, required=1.6, per_grade=2.0) -> Measurement:
    return Measurement(id="ra", name="Ra", max_marks=4, rule="grades", grades=Grades(series=series, required=required, per_grade=per_grade))


def test_unordered_grade_series():
    """RULES.md lathe examples: Ra 0.8 / 1.6 / 3.2 / 6.3 / 12.5 runs one way, best first."""
    assert refused(ra([0.8, 3.2, 1.6, 6.3]), 4) == [
        f"{A}.grades.series[2]: grades must ascend or descend strictly, best grade first: 1.6 after 3.2 breaks the order"
    ]
    assert refused(ra([0.8, 1.6, 1.6, 3.2]), 4) == [
        f"{A}.grades.series[2]: grades must ascend or descend strictly, best grade first: 1.6 after 1.6 breaks the order"
    ]
    assert refused(ra([1.6]), 4) == [f"{A}.grades.series: a grade series needs at least 2 grades, got 1"]


def test_required_grade_in_the_series_and_a_positive_loss():
    """RULES.md lathe examples: "Ra 降一级扣 2 分" names a grade of the series and a loss."""
    assert refused(ra([0.8, 1.6, 3.2], required=2.5, per_grade=0), 4) == [
        f"{A}.grades.required: required grade 2.5 is not in the series",
        f"{A}.grades.per_grade: per_grade must be above 0, got 0",
    ]


def test_hard_stop_before_the_limit():
    """RULES.md lathe examples: "150 min 后每超过 1 分钟扣 1 分，180 min 时停止考试": the stop comes after the limit."""
    aspect = Measurement(id="t", name="工时", max_marks=10, rule="time", time_limit=TimeLimit(limit=150, per_minute=0, stop=140))
    assert refused(aspect) == [
        f"{A}.time_limit.stop: hard stop 140 min is before the limit 150 min",
        f"{A}.time_limit.per_minute: per_minute must be above 0, got 0",
    ]


def test_a_module_deduction_covers_no_section_allocation():
    """RULES.md lathe examples: "从总分中扣" deductions hold no part of a section's marks."""
    deduction = Deduction(id="breach", name="违规", per_occurrence=3, cap=10, scope="module")
    assert refused(deduction) == [
        "criteria[0].aspects: aspects' max marks sum to 0, the section allows 10 (only a section with deductions may hold an uncovered allocation)"
    ]
    marked = Criterion(id="m", name="实操", max_marks=10, aspects=[Measurement(id="x", name="尺寸", max_marks=10)])
    validate_scheme(Scheme(criteria=[marked, Criterion(id="c", name="文明生产", max_marks=0, aspects=[deduction])]))


def test_the_lathe_file_reports_the_full_path():
    """examples/lathe.toml (RULES.md lathe examples) with Φ18's deviations swapped."""
    data = (EXAMPLES / "lathe.toml").read_text(encoding="utf-8").replace("lower = -0.03\nupper = 0.03", "lower = 0.03\nupper = -0.03", 1)
    with pytest.raises(DefinitionError) as err:
        decode_contest(data, "toml")
    assert [str(p) for p in err.value.problems] == [
        "events[0].modules[1].scheme.criteria[0].aspects[0].tolerance.lower: "
        "lower deviation 0.03 is above upper deviation -0.03: the lower limit 18.03 would exceed the upper 17.97"
    ]
