"""Report rows → the engine's arrays: the worked example entered as rows scores as the
arrays do; unknown ids, a cell given twice and ragged columns are refused by row."""

from __future__ import annotations

import numpy as np
import pytest

from contests.labour import score_labour
from contests.labour.figures import figures
from scoring.errors import RuleError
from tests.labour.worked import ACTUAL, FACTS, PLAN, SPIRIT, one_month

C = one_month()
TEAMS = ["T-A", "T-B", "T-C"]
IDS = C.indicator_ids


def rows():
    values = {"participant": [], "period": [], "indicator": [], "plan": [], "actual": []}
    for t in reversed(range(3)):  # any row order
        for i in range(5):  # spirit comes as marks
            for key, value in zip(values, (TEAMS[t], "2026-01", IDS[i], PLAN[t, i], ACTUAL[t, i])):
                values[key].append(value)
    marks = {"participant": [], "period": [], "indicator": [], "judge": [], "mark": []}
    for t in range(3):
        for j in range(3):
            for key, value in zip(marks, (TEAMS[t], "2026-01", "spirit", j, SPIRIT[t, j])):
                marks[key].append(value)
    facts = {
        "participant": TEAMS * 2,
        "period": ["2026-01"] * 6,
        "veto": ["lost_time_injury"] * 3 + ["attendance"] * 3,
        "value": [*FACTS[:, 0], *FACTS[:, 1]],
    }
    return values, marks, facts


def test_rows_score_as_the_worked_example():
    values, marks, facts = rows()
    f = figures(C, values=values, marks=marks, facts=facts)
    assert np.array_equal(f.actual[:, :5, 0], ACTUAL[:, :5]) and np.isnan(f.actual[:, 5]).all()
    result = score_labour(C, f.plan, f.actual, marks=f.marks, facts=f.facts)
    assert result.standings.period.total_units[:, 0].tolist() == [9443, 8967, 4550]


def test_bad_rows_are_refused_by_position():
    values, marks, _ = rows()
    typo = {k: list(v) for k, v in values.items()}
    typo["indicator"][4] = "outptu"
    with pytest.raises(RuleError, match=r"^values\[4\]\.indicator: unknown indicator 'outptu'"):
        figures(C, values=typo)
    twice = {k: [*v, v[2]] for k, v in values.items()}
    with pytest.raises(RuleError, match=r"^values\[15\]: the same cell is already given at values\[2\]"):
        figures(C, values=twice)
    ragged = {**values, "plan": values["plan"][:-1]}
    with pytest.raises(RuleError, match="^values: columns differ in length"):
        figures(C, values=ragged)
    not_judged = {**marks, "indicator": ["output"] * len(marks["mark"])}
    with pytest.raises(RuleError, match=r"^marks\[0\]\.indicator: unknown indicator 'output' \(known: 'spirit'\)"):
        figures(C, marks=not_judged)
