"""`scoring.refused_marks`, the engine's public mark check the judging day asks (no tensor probe)."""

from __future__ import annotations

import numpy as np

from scoring import refused_marks
from scoring.compiled import compile_scheme
from tests.judging.test_module_day import MODULE


def test_valid_marks_are_refused_by_no_rule():
    assert refused_marks(MODULE, np.array([0, 0, 1]), np.array([0.0, 3.0, 2.0])) == {}


def test_each_refused_mark_is_named_by_its_position_with_the_engines_rule():
    compiled = compile_scheme(MODULE.scheme)
    refused = refused_marks(MODULE, np.array([0, 0, 0, 1, 1]), np.array([2.0, 2.5, 4.0, 1.0, -1.0]), compiled)
    assert set(refused) == {1, 2, 4}
    assert refused[1] == "2.5 refused: judgement marks are integers 0, 1, 2 or 3 (judgement)"
    assert all("marks[" not in why for why in refused.values())  # no tensor coordinates: meaningless to a judge
