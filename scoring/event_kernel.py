"""The compiled combination of module scores into an event's totals, a chunk of competitors
at a time: weighted scores, the unrounded and rounded total, the total's units and each
module's units, in one read of the module scores.

In numpy this was a dozen whole-field passes (a product per module, a stacked sum, and
`rounding.to_units` three times, each a multiply, a round to 1e-6, abs, +0.5, floor,
copysign and a cast), all on the main thread after the modules' parallel chunks. Here each
chunk is one pass, and the chunks run on the scoring pool's threads (`nogil`).

Every float operation is numpy's, in its order (no fastmath), so results are bit for bit
`EventScorer`'s numpy steps (tests/scoring/test_event_kernel.py): weighted = scaled ×
(weight / 100); the total adds the weighted scores module after module from the first, as
`np.sum(axis=0)` over the stacked rows does; `to_units` multiplies by the scale, rounds to
1e-6 as `np.round(x, 6)` does (× 1e6, rint, ÷ 1e6) and then applies the mode.
Imported on first use only (numba), like the other kernels.
"""

from __future__ import annotations

import math

import numba
import numpy as np

MODES = ("half_up", "half_even", "down", "up")


def _compiled(fn):
    """njit with nogil and an on-disk cache where a writable one exists (as scoring/cell_kernel.py explains)."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)


@_compiled
def unit(x, scale, mode):
    """`rounding.to_units` of one value: scale (a float), mode the index in MODES."""
    y = np.rint((x * scale) * 1e6) / 1e6
    if mode == 0:
        return np.int64(math.copysign(math.floor(abs(y) + 0.5), y))
    if mode == 1:
        return np.int64(np.rint(y))
    if mode == 2:
        return np.int64(math.floor(y))
    return np.int64(math.ceil(y))


@_compiled
def weigh(scaled, factor, start, stop, first, scale, mode, weighted, unrounded, units):
    """One module's rows [start, stop): weighted = scaled × factor, added into the running
    total (its first module starts it), and the module's units."""
    for c in range(start, stop):
        w = scaled[c] * factor
        weighted[c] = w
        unrounded[c] = w if first else unrounded[c] + w
        units[c] = unit(scaled[c], scale, mode)


@_compiled
def finish(unrounded, start, stop, scale, mode, units, total):
    """The total's units and its value (units / scale) for rows [start, stop)."""
    for c in range(start, stop):
        u = unit(unrounded[c], scale, mode)
        units[c] = u
        total[c] = u / scale
