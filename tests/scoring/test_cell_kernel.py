"""The compiled cell reduction (scoring/cell_kernel.py) against the numpy version it
replaced, kept here only as the oracle: sums, highs, lows and the fractions agree bit for
bit, a missing mark is found the same, and the field's extremes agree as values."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from scoring.aggregation import cell_stats


def oracle(marks: np.ndarray, whole_numbers: bool | np.ndarray = False) -> tuple | None:
    """The numpy cell_stats before the kernel: judge sheet by judge sheet, elementwise."""
    if marks.shape[0] == 0:
        return None
    asked = np.broadcast_to(whole_numbers, (marks.shape[1],))
    total = np.array(marks[:, :, 0], order="C")
    odd = total != np.rint(total)
    high, low = total.copy(), total.copy()
    for j in range(1, marks.shape[2]):  # a test oracle: the judge axis is a handful
        sheet = np.ascontiguousarray(marks[:, :, j])
        odd |= sheet != np.rint(sheet)
        total += sheet
        np.maximum(high, sheet, out=high)
        np.minimum(low, sheet, out=low)
    highest = np.maximum.reduce(high, axis=0)
    if np.isnan(highest).any():
        return None
    fractional = odd.any(axis=0) & asked if asked.any() else None
    return total, high, low, fractional, np.minimum.reduce(low, axis=0), highest


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x).view(np.int64)


values = st.one_of(
    st.integers(0, 10).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=True),
    st.sampled_from([0.0, -0.0, 0.5, 2.5, 1e-300, 1e300, 0.1, 0.2, 0.3]),
)


@st.composite
def panels(draw):
    c, a, j = draw(st.integers(1, 24)), draw(st.integers(1, 6)), draw(st.integers(1, 7))
    marks = draw(hnp.arrays(np.float64, (c, a, j), elements=values))
    if draw(st.booleans()):  # a missing mark somewhere
        marks[draw(st.integers(0, c - 1)), draw(st.integers(0, a - 1)), draw(st.integers(0, j - 1))] = np.nan
    return marks


@settings(max_examples=150, deadline=None)
@given(marks=panels(), layout=st.sampled_from(["c", "judge-major", "strided"]), asked=st.one_of(st.booleans(), st.integers(0, 63)))
def test_kernel_equals_the_numpy_sheet_loop(marks, layout, asked):
    if layout == "judge-major":  # a [C, A, J] view of a [J, C, A] store
        marks = np.moveaxis(np.ascontiguousarray(np.moveaxis(marks, 2, 0)), 0, 2)
    elif layout == "strided":  # every other aspect of a wider array
        wide = np.repeat(marks, 2, axis=1)
        marks = wide[:, ::2, :]
    whole = asked if isinstance(asked, bool) else np.array([(asked >> k) & 1 == 1 for k in range(marks.shape[1])])
    before = marks.copy()
    want, got = oracle(marks, whole), cell_stats(marks, whole_numbers=whole)
    assert np.array_equal(marks, before, equal_nan=True)  # never written
    if want is None:
        assert got is None
        return
    total, high, low, fractional, lowest, highest = want
    for name, w, g in (("total", total, got.total), ("high", high, got.high), ("low", low, got.low)):
        assert np.array_equal(_bits(w), _bits(g)), name  # bit for bit, the sign of a zero included
    assert got.judges == marks.shape[2]
    assert (fractional is None) == (got.fractional is None)
    if fractional is not None:
        assert np.array_equal(fractional, got.fractional)
    assert np.array_equal(lowest, got.lowest) and np.array_equal(highest, got.highest)


def test_no_competitor_no_stats():
    assert cell_stats(np.empty((0, 3, 5))) is None


# numba refuses `cache=True` when no cache directory is writable; the engine must then compile
# in the process instead of failing to import. Run in a fresh interpreter: the kernel is
# decorated when its module is first imported.
READ_ONLY = """
from numba.core import caching
def refuse(self):
    raise PermissionError("read-only install")
caching._CacheLocator.ensure_cache_path = refuse
import numpy as np
from scoring import cell_kernel
from scoring.aggregation import cell_stats
print(type(cell_kernel.reduce_cells._cache).__name__, cell_stats(np.ones((2, 3, 4))).total.tolist())
"""


def test_a_read_only_install_compiles_without_a_cache():
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    done = subprocess.run([sys.executable, "-c", READ_ONLY], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(" ", 1) == ["NullCache", "[[4.0, 4.0, 4.0], [4.0, 4.0, 4.0]]\n"]
