"""Quota allocation (名额分配) by headcount share: the largest remainder method, vectorised.

`share_quota(total, headcounts, minimum=m, tie_rank=r)` splits `total` places among units:

1. **Minimum.** When a minimum is declared, every unit with people first receives `m`
   places ("每单位保底 m 名，其余按职工人数比例分配"). The rest, total − m × (units with
   people), is the pool shared by headcount. Declaring a minimum the total cannot cover is
   refused: `minimum × units > total` (e.g. 12 units, a minimum of one and 10 places).
2. **Share.** Unit i's exact quota is pool × hᵢ / H (H = the sum of headcounts); it gets
   the floor of it. Floors and remainders are integers (pool × hᵢ divided by H with `divmod`
   in int64), so remainders compare exactly: no float ever decides a place.
3. **Largest remainder.** The places left after the floors go one each to the units with the
   largest remainders. Equal remainders: the larger headcount first, then `tie_rank`
   (smaller first; the caller passes the rank of the unit code), so the result is
   deterministic and declared.

A unit with no people (headcount 0) gets nothing, not even the minimum: nobody there can be
nominated. All headcounts zero with places to share is refused. The parts always sum to
`total` exactly, and each share part is within one place of its exact quota.

Bounds keep int64 exact: total ≤ 100,000 places, headcounts ≤ 10,000,000 each, ≤ 10,000 units.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from scoring.errors import PolicyError, Problem

MAX_TOTAL = 100_000
MAX_HEADCOUNT = 10_000_000
MAX_UNITS = 10_000


class QuotaSplit(NamedTuple):
    """The arithmetic of one allocation; arrays are per unit, in the order given.

    exact quota of unit i = base[i] + pool × headcounts[i] / denominator
                          = base[i] + floors[i] + numerators[i] / denominator."""

    seats: np.ndarray  # int64, the places given: base + floors + extra
    base: np.ndarray  # int64, the declared minimum (0 for units with no people)
    floors: np.ndarray  # int64, floor(pool × h / H)
    numerators: np.ndarray  # int64, pool × h mod H: the remainder is numerators / denominator
    extra: np.ndarray  # bool, got one of the places left over after the floors
    pool: int  # places shared by headcount (total − Σ base)
    denominator: int  # H, the sum of headcounts


def share_quota(total: int, headcounts, *, minimum: int = 0, tie_rank=None) -> QuotaSplit:
    """Split `total` places by headcount with largest remainder (see the module docstring)."""
    h = np.asarray(headcounts, dtype=np.int64).reshape(-1)
    _check(total, h, minimum)
    rank = np.arange(h.size, dtype=np.int64) if tie_rank is None else np.asarray(tie_rank, dtype=np.int64).reshape(-1)
    if rank.shape != h.shape:
        raise PolicyError.at("tie_rank", f"needs one rank per unit ({h.size}), got {rank.size}")
    staffed = h > 0
    base = np.where(staffed, minimum, 0).astype(np.int64)
    pool = int(total - base.sum())
    whole = int(h.sum())
    if whole == 0:
        zeros = np.zeros_like(h)
        return QuotaSplit(base.copy(), base, zeros, zeros, np.zeros(h.shape, dtype=bool), pool, 0)
    floors, numerators = np.divmod(pool * h, whole)
    left = pool - int(floors.sum())
    order = np.lexsort((rank, -h, -numerators))  # last key is primary: remainder, headcount, rank
    extra = np.zeros(h.shape, dtype=bool)
    extra[order[:left]] = True
    seats = base + floors + extra
    return QuotaSplit(seats, base, floors, numerators, extra, pool, whole)


def _check(total: int, h: np.ndarray, minimum: int) -> None:
    if not 0 <= total <= MAX_TOTAL:
        raise PolicyError.at("quota", f"must be between 0 and {MAX_TOTAL}, got {total}")
    if not 0 <= minimum <= MAX_TOTAL:
        raise PolicyError.at("minimum", f"must be between 0 and {MAX_TOTAL}, got {minimum}")
    if h.size == 0 or h.size > MAX_UNITS:
        raise PolicyError.at("units", f"needs 1 to {MAX_UNITS} units, got {h.size}")
    if (h < 0).any() or (h > MAX_HEADCOUNT).any():
        raise PolicyError.at("headcount", f"each headcount must be between 0 and {MAX_HEADCOUNT}")
    staffed = int((h > 0).sum())
    if staffed == 0 and total > 0:
        raise PolicyError.at("headcount", f"every unit has a headcount of 0: {total} places cannot be shared by headcount")
    if minimum * staffed > total:
        rule = f"a minimum of {minimum} per unit needs {minimum * staffed} places for {staffed} units with people, the quota is {total}"
        raise PolicyError([Problem("minimum", rule)])


__all__ = ["MAX_HEADCOUNT", "MAX_TOTAL", "MAX_UNITS", "QuotaSplit", "share_quota"]
