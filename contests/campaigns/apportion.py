"""The largest remainder method (Hamilton): split an integer total in proportion to integer
weights so the parts sum to the total exactly and each part is within 1 of its exact share.

Used for a co-proposers' split of a reward (weights = shares in basis points) and for scaling
rewards down to a budget pool (weights = full reward amounts), both in fen.

Python integers, not numpy: total × weight can pass 2^63 (a 10^12-fen pool × a 10^10-fen
reward), and the method must stay exact. The lists are a handful of proposers or a
campaign's award list, so the cost is negligible.

Each part gets floor(total × w / W); the fen left over go one each to the parts with the
largest remainders (total × w mod W, compared exactly). Equal remainders are broken by
`tie_order` (smaller key first), then by position, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence


def largest_remainder(total: int, weights: Sequence[int], tie_order: Sequence | None = None) -> list[int]:
    """Parts of `total` proportional to `weights` (non-negative ints, at least one positive)."""
    total = int(total)
    weights = [int(w) for w in weights]
    if total < 0:
        raise ValueError(f"cannot apportion a negative total ({total})")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    whole = sum(weights)
    if whole == 0:
        if total == 0:
            return [0] * len(weights)
        raise ValueError(f"cannot apportion {total} over weights that sum to 0")
    floors, remainders = zip(*(divmod(total * w, whole) for w in weights))
    left = total - sum(floors)
    keys = tie_order if tie_order is not None else [()] * len(weights)
    if len(keys) != len(weights):
        raise ValueError("tie_order needs one key per weight")
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], keys[i], i))
    parts = list(floors)
    for i in order[:left]:
        parts[i] += 1
    return parts


__all__ = ["largest_remainder"]
