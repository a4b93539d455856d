"""The compiled award-tier assignment: each eligible competitor's position → its tier.

`awards._tiers` in numpy counted eligible competitors per rank (a masked gather and a
bincount), took a cumulative sum, gathered it back per competitor and searched the tier
edges: six passes and as many million-long temporaries. Compiled it is two passes with no
temporary beyond the per-rank counts. The numpy steps stay as the oracle
(tests/scoring/test_awards_kernel.py). Imported by `_tiers` on first use only (numba).
"""

from __future__ import annotations

import numba
import numpy as np


def _compiled(fn):
    """njit with an on-disk cache where a writable one exists (as scoring/cell_kernel.py explains)."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)


@_compiled
def tiers(rank, eligible, edges, include, out):
    """out[c] = the index of the first edge >= c's position (np.searchsorted side="left"),
    -1 if past every edge or not eligible. A position is the first place of c's tied group
    among eligible competitors ("include") or its last ("exclude")."""
    top = 0
    for c in range(rank.shape[0]):
        if eligible[c] and rank[c] > top:
            top = rank[c]
    before = np.zeros(top + 2, dtype=np.int64)
    for c in range(rank.shape[0]):
        if eligible[c]:
            before[rank[c] + 1] += 1
    for r in range(1, top + 2):  # before[r] = eligible competitors with rank < r
        before[r] += before[r - 1]
    for c in range(rank.shape[0]):
        if not eligible[c]:
            out[c] = -1
            continue
        pos = before[rank[c]] + 1 if include else before[rank[c] + 1]
        t = 0
        while t < edges.shape[0] and edges[t] < pos:
            t += 1
        out[c] = t if t < edges.shape[0] else -1
