"""Ordered grades (Ra 0.8 / 1.6 / 3.2 / 6.3 / 12.5): golden values, refusals, explain.
Source: shared RULES.md, "Lathe and CNC turning marking examples", surface roughness by grade."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.aggregation import Aggregation
from scoring.errors import MarksError
from scoring.measure_arithmetic import arithmetic
from scoring.module_score import score_module
from tests.scoring.machining import RAW, grades, mark, marks_for, module_of

RA16 = grades(4, required=1.6, per_grade=2)  # Ra 降一级扣 2 分


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.8, 4), (1.6, 4), (3.2, 2), (6.3, 0), (12.5, 0)],  # better, required, one worse, two worse, floor
)
def test_two_marks_per_grade_worse(value, expected):
    """RULES.md lathe examples: "Ra 降一级扣 2 分" (each grade worse than required loses 2 points);
    three grades worse would take 6 of 4: the floor at 0."""
    assert mark(RA16, value) == expected


def test_half_a_mark_per_grade_worse():
    """RULES.md lathe examples: "降一级扣 0.5 分"."""
    aspect = grades(2, required=3.2, per_grade=0.5)
    assert marks_for(aspect, [0.8, 1.6, 3.2, 6.3, 12.5]).tolist() == [2, 2, 2, 1.5, 1.0]


def test_one_failing_surface_loses_two():
    """RULES.md lathe examples: "一个不合格扣 2 分": a two-grade series pass/worse, 2 per grade."""
    aspect = grades(2, required=1, per_grade=2, series=[1, 2])
    assert marks_for(aspect, [1, 2]).tolist() == [2, 0]


def test_a_value_off_the_series_is_refused():
    """RULES.md lathe examples, Ra series 0.8 / 1.6 / 3.2 / 6.3 / 12.5: "Ra 2.5" is no grade."""
    with pytest.raises(MarksError) as err:
        marks_for(RA16, [1.6, 2.5, 0.4])
    assert [str(p) for p in err.value.problems] == [
        "marks[m][1][ra][judge 0]: 2.5 refused: a grade must be one of the series 0.8, 1.6, 3.2, 6.3, 12.5",
        "marks[m][2][ra][judge 0]: 0.4 refused: a grade must be one of the series 0.8, 1.6, 3.2, 6.3, 12.5",
    ]


def test_a_series_where_higher_is_better():
    """RULES.md lathe examples, "降一级扣" for a series listed best first in descending order."""
    aspect = grades(6, required=3, per_grade=2, series=[4, 3, 2, 1])
    assert marks_for(aspect, [4, 3, 2, 1]).tolist() == [6, 6, 4, 2]


def test_a_panel_mean_between_two_grades_counts_as_the_worse():
    """RULES.md lathe examples, Ra by grade: two judges reading 1.6 and 3.2 average to 2.4,
    which is placed at the worse grade 3.2 (one grade worse → −2)."""
    module = module_of(RA16, Aggregation(method="mean"))
    assert score_module(module, np.array([[[1.6, 3.2]], [[1.6, 1.6]]]), RAW).raw.tolist() == [2, 4]


def test_explain_shows_the_grades_worse():
    """RULES.md lathe examples: "Ra 降一级扣 2 分"."""
    assert arithmetic(RA16, 6.3).note == "grade 6.3 against 1.6 or better: 2 grades worse × 2 = −4 → 0"
    assert arithmetic(RA16, 12.5).note == "grade 12.5 against 1.6 or better: 3 grades worse × 2 = −6 → 0 (floor)"
    assert arithmetic(RA16, 0.8).note == "grade 0.8 against 1.6 or better: → full 4"
    assert (arithmetic(RA16, 3.2).steps, arithmetic(RA16, 3.2).deduction) == (1, 2)
