"""Quota allocation (名额分配) of one title to the round's units, with its arithmetic for
publication. The arithmetic is `scoring.quota.share_quota` (largest remainder, vectorised);
this module names the units, declares the tie order and formats the lines.

Tie order for equal remainders: the larger headcount first, then the unit code (in
Unicode order). Every line shows the unit's share of the headcount, its exact quota
(minimum + pool × share), the floor, the remainder, whether it got one of the places left
over, and its places. Σ places = the title's quota, always; a fixed allocation shows only
the places (no arithmetic) and is checked to sum to the quota by `validate_round`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import msgspec
import numpy as np

from contests.honours.definition import Fixed, Round, Title
from contests.honours.errors import QuotaError
from scoring.errors import RuleError
from scoring.quota import share_quota


class AllocationLine(msgspec.Struct, kw_only=True, frozen=True):
    """One unit's places. share and exact are decimal strings (share in %, 4 places; exact
    quota 4 places, truncated); remainder is the exact fraction "n/H" beside its decimal."""

    unit: str
    name: str
    headcount: int
    minimum: int
    share_percent: str
    exact: str
    floor: int
    remainder: str
    remainder_exact: str
    extra: bool
    places: int


class Allocation(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    method: Literal["by_headcount", "fixed"]
    quota: int
    pool: int  # places shared by headcount after the minimum
    lines: list[AllocationLine]

    def places(self) -> dict[str, int]:
        return {line.unit: line.places for line in self.lines}


def allocate(honours_round: Round, title: Title) -> Allocation:
    """The title's places per unit, in the round's unit order, or QuotaError."""
    units = honours_round.units
    if isinstance(title.allocation, Fixed):
        lines = [_fixed_line(u, title.allocation.places.get(u.code, 0)) for u in units]
        return Allocation(title=title.id, method="fixed", quota=title.quota, pool=title.quota, lines=lines)
    codes = [u.code for u in units]
    rank = np.argsort(np.argsort(np.array(codes, dtype=object), kind="stable"), kind="stable")
    try:
        split = share_quota(title.quota, [u.headcount for u in units], minimum=title.allocation.minimum, tie_rank=rank)
    except RuleError as exc:
        raise QuotaError([msgspec.structs.replace(p, path=f"titles.{title.id}.allocation.{p.path}") for p in exc.problems]) from exc
    whole = split.denominator
    lines = [
        AllocationLine(
            unit=u.code,
            name=u.name,
            headcount=u.headcount,
            minimum=int(split.base[i]),
            share_percent=_decimal(Fraction(u.headcount * 100, whole) if whole else Fraction(0)),
            exact=_decimal(int(split.base[i]) + (Fraction(split.pool * u.headcount, whole) if whole else Fraction(0))),
            floor=int(split.floors[i]),
            remainder=_decimal(Fraction(int(split.numerators[i]), whole) if whole else Fraction(0)),
            remainder_exact=f"{int(split.numerators[i])}/{whole}" if whole else "0",
            extra=bool(split.extra[i]),
            places=int(split.seats[i]),
        )
        for i, u in enumerate(units)
    ]
    return Allocation(title=title.id, method="by_headcount", quota=title.quota, pool=split.pool, lines=lines)


def _fixed_line(unit, places: int) -> AllocationLine:
    return AllocationLine(
        unit=unit.code,
        name=unit.name,
        headcount=unit.headcount,
        minimum=0,
        share_percent="",
        exact="",
        floor=places,
        remainder="",
        remainder_exact="",
        extra=False,
        places=places,
    )


def _decimal(value: Fraction, places: int = 4) -> str:
    scaled = int(value * 10**places)  # truncated: the published figure never overstates
    return f"{scaled // 10**places}.{scaled % 10**places:0{places}d}"


__all__ = ["Allocation", "AllocationLine", "allocate"]
