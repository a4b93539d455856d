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
import numpy as np


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


@_compiled
def packed_places(packed, ranked, index_bits, offsets, n_chain, order, rank_out, decided_out):
    """The same walk over the sorted packed keys (`ranking.pack`): each competitor's keys are
    bit fields of one int64 (eligibility, total, the chain, then the index), so neighbours
    are compared in the order they lie in memory, with no read of the keys by competitor.
    offsets[k]: the lowest bit of key k (0 = total) above the index bits. Writes order too."""
    mask = (1 << index_bits) - 1
    n = packed.shape[0]
    for i in range(ranked, n):
        order[i] = packed[i] & mask
    place = 1
    left = -1
    shared_left = False
    for i in range(ranked):
        c = packed[i] & mask
        order[i] = c
        if i + 1 < ranked:
            x = (packed[i] >> index_bits) ^ (packed[i + 1] >> index_bits)
            j = -1
            if x != 0:
                j = offsets.shape[0] - 1
                for k in range(offsets.shape[0]):
                    if (x >> offsets[k]) != 0:
                        j = k
                        break
            right = n_chain if j < 0 else j - 1
            shared_right = j < 0
        else:
            right = -1
            shared_right = False
        rank_out[c] = place
        decided_out[c] = n_chain if (shared_left or shared_right) else max(left, right)
        if not shared_right:
            place = i + 2
        left, shared_left = right, shared_right


@_compiled
def whole_numbers(values, scale, out):
    """out = rint(v × scale) (np.round to 0 decimals is rint) for every v, or False as soon as
    one is 2**53 or more in size or does not give v back exactly when divided by scale."""
    for i in range(values.shape[0]):
        m = np.rint(values[i] * scale)
        if not abs(m) < 2.0**53 or m / scale != values[i]:
            return False
        out[i] = np.int64(m)
    return True


@_compiled
def extremes(key):
    """(min, max) of a non-empty int64 key in one pass."""
    low = high = key[0]
    for i in range(1, key.shape[0]):
        x = key[i]
        low = min(low, x)
        high = max(high, x)
    return low, high


@_compiled
def shift_in(packed, key, low, width, first):
    """packed = packed << width | (key - low) (or key - low for the first key), in one pass."""
    for i in range(key.shape[0]):
        digit = key[i] - low
        packed[i] = digit if first else (packed[i] << width) | digit
