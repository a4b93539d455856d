"""Long-form marks (one row per mark, as stored) become the engine's [C, A, J] tensor."""

from __future__ import annotations

import numpy as np
import pytest

from scoring import MarksError, marks_tensor


def test_long_form_scatters_into_the_tensor_with_nan_for_missing():
    t = marks_tensor(2, 2, 3, competitor=[0, 0, 1], aspect=[0, 1, 1], judge=[2, 0, 1], value=[3, 2.5, 1])
    assert t.shape == (2, 2, 3)
    assert t[0, 0, 2] == 3 and t[0, 1, 0] == 2.5 and t[1, 1, 1] == 1
    assert np.isnan(t).sum() == 12 - 3


def test_two_current_marks_for_one_cell_are_refused():
    with pytest.raises(MarksError, match=r"marks\[0\]\[1\]\[judge 2\]: more than one current mark"):
        marks_tensor(1, 2, 3, competitor=[0, 0], aspect=[1, 1], judge=[2, 2], value=[1, 2])


def test_indices_outside_the_tensor_are_refused():
    with pytest.raises(MarksError, match=r"judge\[1\]: index 3 is outside 0..2"):
        marks_tensor(1, 1, 3, competitor=[0, 0], aspect=[0, 0], judge=[0, 3], value=[1, 2])
