"""The compiled walk down a ranked order: places ("1224") and `decided_by` in one pass.

`rank_keys` found them with whole-array steps: a gather of every key in rank order, a
[keys, competitors] "differs from the next" table, a running maximum for the places, and a
walk over the keys for `decided_by`: eight passes over a million competitors and as many
temporaries, about as long as the sort itself. Compiled, each neighbour pair is compared
once, key by key until one differs. Used only without a draw (no_shared_top = 0) and with
integer keys; the numpy steps stay for the rest and as the oracle (tests/scoring/test_ranking_kernel.py).
This module imports numba, so `rank_keys` imports it on first use only.
"""

from __future__ import annotations

import numba


def _compiled(fn):
    """njit with an on-disk cache where a writable one exists (as scoring/cell_kernel.py explains)."""
    try:
        return numba.njit(cache=True, nogil=True)(fn)
    except RuntimeError:
        return numba.njit(nogil=True)(fn)


@_compiled
def first_difference(keys, ranked, i):
    """The first key (0 = total) on which ranked[i] and ranked[i + 1] differ, or -1."""
    a, b = ranked[i], ranked[i + 1]
    for j in range(keys.shape[0]):
        if keys[j, a] != keys[j, b]:
            return j
    return -1


@_compiled
def places(keys, ranked, n_chain, rank_out, decided_out):
    """keys [1 + n_chain, C] int64 (total first, smaller wins), ranked: the ranked competitors
    in order. Writes rank_out and decided_out at the ranked competitors (see `rank`)."""
    m = ranked.shape[0]
    place = 1
    left = -1  # decided_by code of the pair before position i (-1 at the start)
    shared_left = False
    for i in range(m):
        if i + 1 < m:
            j = first_difference(keys, ranked, i)
            right = n_chain if j < 0 else j - 1
            shared_right = j < 0
        else:
            right = -1
            shared_right = False
        c = ranked[i]
        rank_out[c] = place
        decided_out[c] = n_chain if (shared_left or shared_right) else max(left, right)
        if not shared_right:
            place = i + 2
        left, shared_left = right, shared_right
