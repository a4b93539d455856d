"""The compiled award-tier assignment: each eligible competitor's position → its tier.

`awards._tiers` in numpy counted eligible competitors per rank (a masked gather and a
bincount), took a cumulative sum, gathered it back per competitor and searched the tier
edges: six passes and as many million-long temporaries. Compiled it is three sequential
passes with no temporary beyond a few thousand counters. The numpy steps stay as the oracle
(tests/scoring/test_rank_kernels.py). Imported by `_tiers` on first use only (numba).
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
    among eligible competitors ("include") or its last ("exclude"). Returns False, writing
    nothing, when a rank is 2**24 or more (the caller takes the numpy steps).

    Position and tier only grow with the rank, so each edge e is one rank limit: with s_k the
    k-th smallest eligible rank, "include" gives tier <= t exactly when rank <= s_e (fewer
    than e eligible rank before it), "exclude" when rank < s_(e+1) (at most e rank at or
    before it). The few s_k come from a histogram of the ranks' high bits (4,096 counters,
    cache-resident) and then of the low bits inside the buckets that hold them: three
    sequential passes, where counting per rank scattered a million increments over 8 MB."""
    limit = _limits(rank, eligible, edges, include)
    if limit.shape[0] != edges.shape[0]:
        return False
    count = edges.shape[0]
    for c in range(rank.shape[0]):
        t = 0
        for k in range(count):  # limits only grow: the first limit >= rank is the count of those below it
            t += rank[c] > limit[k]
        out[c] = t if eligible[c] and t < count else -1  # no branch on the tier: ranks come in any order
    return True


@_compiled
def _limits(rank, eligible, edges, include):
    """limit[t]: tier <= t exactly when rank <= limit[t]; empty past 2**24 ranks."""
    top, m, shift, coarse = _coarse(rank, eligible)
    if shift < 0:
        return np.empty(0, dtype=np.int64)
    count = edges.shape[0]
    want = np.empty(count, dtype=np.int64)  # k of the order statistic s_k each edge needs
    bucket = np.full(count, -1, dtype=np.int64)
    inside = np.zeros(count, dtype=np.int64)
    slot = np.full(coarse.shape[0], -1, dtype=np.int64)
    slots = 0
    for t in range(count):
        want[t] = edges[t] if include else edges[t] + 1
        if 1 <= want[t] <= m:
            seen, b = 0, 0
            while seen + coarse[b] < want[t]:
                seen += coarse[b]
                b += 1
            bucket[t], inside[t] = b, want[t] - seen
            if slot[b] < 0:
                slot[b] = slots
                slots += 1
    fine = np.zeros((max(slots, 1), 1 << shift), dtype=np.int64)
    low_bits = (1 << shift) - 1
    if slots:
        for c in range(rank.shape[0]):
            if eligible[c] and slot[rank[c] >> shift] >= 0:
                fine[slot[rank[c] >> shift], rank[c] & low_bits] += 1
    limit = np.empty(count, dtype=np.int64)
    for t in range(count):
        if want[t] > m:
            limit[t] = top  # every eligible rank
        elif want[t] < 1:
            limit[t] = -1  # none ("include" with an edge at 0)
        else:
            row, seen, i = fine[slot[bucket[t]]], 0, 0
            while seen + row[i] < inside[t]:
                seen += row[i]
                i += 1
            s = (bucket[t] << shift) + i
            limit[t] = s if include else s - 1
    return limit


@_compiled
def _coarse(rank, eligible):
    """The largest eligible rank, their number, the shift that leaves at most 4,096 buckets
    (-1 past 2**24) and the count of eligible ranks per bucket."""
    top = 0
    m = 0
    for c in range(rank.shape[0]):
        if eligible[c]:
            m += 1
            top = max(top, rank[c])
    shift = 0
    while (top >> shift) >= 4096:
        shift += 1
    coarse = np.zeros((top >> shift) + 1, dtype=np.int64)
    if top >= 1 << 24:
        return top, m, -1, coarse
    for c in range(rank.shape[0]):
        if eligible[c]:
            coarse[rank[c] >> shift] += 1
    return top, m, shift, coarse
