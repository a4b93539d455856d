"""The compiled per-cell reduction behind `cell_stats`: each (competitor, aspect) cell's sum,
highest and lowest mark over the panel, read in the marks' own [C, A, J] order.

numpy can only reduce the short trailing judge axis one strided judge sheet at a time
(about 1.1 ms per judge per 32,768-competitor chunk against 0.4 ms for a contiguous add),
which was most of the engine's time. Compiled, each competitor's [A, J] block is read once,
in memory order, with nothing copied. This module imports numba, so only `cell_stats`
imports it, on its first call: importing `scoring` and starting `biwu` do not pay for it.

Sum, high, low and the fractions are bit for bit those of the numpy sheet-by-sheet loop it
replaces (the oracle in tests/scoring/test_cell_kernel.py): a cell's marks are added judge
after judge from the first, as `total += sheet` did, and without fastmath LLVM keeps that
order; high and low pick as np.maximum / np.minimum do (`h if h > x else x`, so between 0.0
and -0.0 the later judge's wins). The field's lowest and highest per aspect are equal as
values; only the sign of a zero extreme may differ, and they are only compared with the
aspect's bounds.
"""

from __future__ import annotations

import numba
import numpy as np


def _compiled(fn):
    """njit with nogil (the chunks run on the scoring pool's threads at once) and, where
    possible, an on-disk cache so a new process does not compile again (about a second).

    numba looks for a writable cache directory when the function is decorated: NUMBA_CACHE_DIR
    if set, else __pycache__ beside this file, else the user's cache directory; when none is
    writable (a read-only install run by a user without a home) `cache=True` raises
    RuntimeError. Then the kernel is compiled once per process instead; set NUMBA_CACHE_DIR
    to a writable directory to keep the cache in such an install."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)


@_compiled
def reduce_cells(marks, asked, total, high, low, odd, lowest, highest):
    """Fill total, high, low [C, A], odd [A] (some asked mark is not whole) and lowest,
    highest [A] (over the field); False as soon as a mark is missing (NaN), as the numpy
    version's NaN-propagating maximum found it.

    The loop over competitors is compiled code, not an interpreter loop over competitors:
    the engine's rule against those is about Python's per-item cost, which this does not pay."""
    competitors, aspects, judges = marks.shape
    for c in range(competitors):
        for a in range(aspects):
            first = marks[c, a, 0]
            if first != first:
                return False
            s = first
            h = first
            lo = first
            frac = first != np.rint(first)
            for j in range(1, judges):
                x = marks[c, a, j]
                if x != x:
                    return False
                s += x
                h = h if h > x else x
                lo = lo if lo < x else x
                frac |= x != np.rint(x)
            total[c, a] = s
            high[c, a] = h
            low[c, a] = lo
            if asked[a] and frac:
                odd[a] = True
            if c == 0:
                highest[a] = h
                lowest[a] = lo
            else:
                highest[a] = highest[a] if highest[a] > h else h
                lowest[a] = lowest[a] if lowest[a] < lo else lo
    return True


def warm() -> None:
    """Compile (or load from the cache) the engine's kernels for the layouts they are called
    with: this cell kernel, the module kernel (scoring/module_kernel.py) on a C-ordered
    [C, A, J] array and a judge-major view, the ranking and award-tier walks, the totals
    (scoring/event_kernel.py) and the exact-integer check of times. The first
    call costs seconds with the GIL held, so a server calls this before it accepts requests
    rather than stall the event loop on its first standings."""
    from scoring.aggregation import Aggregation, cell_stats
    from scoring.awards import AwardPolicy, AwardTier
    from scoring.event import EventRules, EventScorer
    from scoring.module import Module
    from scoring.scheme import Criterion, Judgement, Scheme

    cell_stats(np.zeros((4, 3, 2)))  # [C, A, J] in C order (and its chunks)
    cell_stats(np.zeros((2, 4, 3)).transpose(1, 2, 0))  # judge-major [J, C, A] read as [C, A, J]
    scheme = Scheme(criteria=[Criterion(id="c", name="c", max_marks=3, aspects=[Judgement(id="j", name="j", max_marks=3)])])
    module = Module(id="m", name="m", weight=100, scheme=scheme, aggregation=Aggregation())
    scorer = EventScorer([module], EventRules(awards=AwardPolicy(tiers=[AwardTier(name="一等奖", share=50)])))
    scorer.score({"m": np.ones((4, 1, 3))})
    scorer.score({"m": np.ones((3, 4, 1)).transpose(1, 2, 0)})
    from scoring import event_kernel  # the totals of a large field, and exact integer times
    from scoring.ranking import exact_integer_key

    one, units = np.zeros(1), np.zeros(1, dtype=np.int64)
    event_kernel.weigh(one, 1.0, 0, 1, True, 100.0, 0, one, one, units)
    event_kernel.finish(one, 0, 1, 100.0, 0, units, one)
    exact_integer_key(np.array([1.5]))
