"""Marks in long form (one row per mark) → the [competitor, aspect, judge] tensor."""

from __future__ import annotations

import numpy as np

from scoring.errors import MarksError, Problem


def marks_tensor(
    n_competitors: int,
    n_aspects: int,
    n_judges: int,
    competitor: np.ndarray,
    aspect: np.ndarray,
    judge: np.ndarray,
    value: np.ndarray,
) -> np.ndarray:
    """Scatter long-form marks into a NaN-filled tensor; two marks in one cell is an error."""
    competitor, aspect, judge = (np.asarray(x, dtype=np.int64) for x in (competitor, aspect, judge))
    value = np.asarray(value, dtype=np.float64)
    shape = (n_competitors, n_aspects, n_judges)
    for name, idx, n in (("competitor", competitor, n_competitors), ("aspect", aspect, n_aspects), ("judge", judge, n_judges)):
        out = (idx < 0) | (idx >= n)
        if out.any():
            raise MarksError.at(f"{name}[{int(np.argmax(out))}]", f"index {int(idx[out][0])} is outside 0..{n - 1}")
    flat = np.ravel_multi_index((competitor, aspect, judge), shape)
    uniq, counts = np.unique(flat, return_counts=True)
    if (counts > 1).any():
        c, a, j = np.unravel_index(uniq[counts > 1][:5], shape)
        raise MarksError(
            [Problem(f"marks[{ci}][{ai}][judge {ji}]", "more than one current mark for this cell") for ci, ai, ji in zip(c, a, j)]
        )
    tensor = np.full(shape, np.nan)
    tensor.reshape(-1)[flat] = value
    return tensor
