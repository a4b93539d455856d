"""Declared rounding: values become integers in units of 10**-places, and ranks compare those.

Floats are snapped to 1e-6 of a unit before the rounding mode applies, so 0.1 + 0.2 ties
with 0.3 and 2.675 rounds half-up to 2.68 as a person doing it on paper expects.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import numpy as np

RoundingMode = Literal["half_up", "half_even", "down", "up"]
RoundingLevel = Literal["aspect", "module", "total"]

_SNAP_DECIMALS = 6


class Rounding(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """How totals are rounded: decimal places, mode, and the level where rounding starts.

    level="total" rounds only the weighted total; "module" also rounds each module score
    before weighting; "aspect" also rounds every awarded aspect mark before summing.
    """

    places: Annotated[int, msgspec.Meta(ge=0, le=6)] = 2
    mode: RoundingMode = "half_up"
    level: RoundingLevel = "total"

    @property
    def scale(self) -> int:
        return 10**self.places

    def rounds_at(self, level: RoundingLevel) -> bool:
        order = ("aspect", "module", "total")
        return order.index(self.level) <= order.index(level)


def to_units(values: np.ndarray | float, rounding: Rounding) -> np.ndarray:
    """Round values to integer units of 10**-places under the declared mode."""
    shape = np.shape(values)
    scaled = np.multiply(values, rounding.scale, out=np.empty(shape or (1,)))  # a scalar as one value
    np.round(scaled, _SNAP_DECIMALS, out=scaled)  # in place: one array for a million totals, not four
    if rounding.mode == "half_up":
        # half away from zero; scores are never negative but be symmetric anyway
        out = np.abs(scaled)
        out += 0.5
        np.floor(out, out=out)
        np.copysign(out, scaled, out=out)
    elif rounding.mode == "half_even":
        out = np.rint(scaled)
    elif rounding.mode == "down":
        out = np.floor(scaled)
    else:
        out = np.ceil(scaled)
    return out.astype(np.int64).reshape(shape)[()]  # [()]: a scalar back for a scalar, the array otherwise


def from_units(units: np.ndarray | int, rounding: Rounding) -> np.ndarray:
    return np.asarray(units, dtype=np.float64) / rounding.scale


def round_values(values: np.ndarray | float, rounding: Rounding) -> np.ndarray:
    """Round and return floats (for levels below the total, which keep summing as floats)."""
    return from_units(to_units(values, rounding), rounding)
