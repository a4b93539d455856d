"""Tolerance windows (公差): a drawing's nominal size with a lower and an upper deviation.

RULES.md, "Lathe and CNC turning marking examples": "Φ18±0.03，超差 0.01 mm 扣 1 分，扣完为止";
"Φ24 +0.021/0，超差不得分". A measured value inside the window (both limits included) earns the
aspect's full marks. Outside, either nothing ("zero", 超差不得分) or `per` marks for each
started or each completed `step` of excess ("deduct"), never below 0.

Exact at the limits: the limits are snapped to 1e-9, and a number of steps within 1e-6 of a
whole number is that number, so 18.03 is inside Φ18±0.03 whatever float error nominal +
upper carries (1e-12 of excess is 0 steps), and 0.01 beyond the limit is exactly one step
of 0.01, not 1.0000000000002 steps. "超差不得分" is one started step of 1e-3 costing more than
any aspect holds, so any excess from 1e-9 up scores 0. (A snap by tolerance instead of
np.round keeps it to a few in-place passes over the values.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
import numpy as np

from scoring.errors import Problem

Value = Annotated[float, msgspec.Meta(ge=-1_000_000, le=1_000_000)]
Count = Literal["started", "completed"]

SNAP = 9  # decimals of a limit: far below a mark's 4 places, far above float noise
NOISE = 0.5e-9  # a difference this small is float error (half the 1e-9 snap): grades, the hard stop
RATIO_NOISE = 1e-6  # 1.0000000000002 steps is one step
MIN_STEP = 1e-6  # a finer step is no drawing's, and 1/step must stay a finite number
ZERO_STEP = 1e-3  # "any excess scores 0": one started step of 1e-3 (any excess of 1e-9 or more)…
ZERO_PER = 1e9  # …costs more than any aspect's marks


class Tolerance(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """nominal with signed deviations: Φ18±0.03 is lower -0.03, upper 0.03; Φ24 +0.021/0 is
    lower 0, upper 0.021; Φ38 0/−0.025 is lower -0.025, upper 0. step and per are read only
    when beyond is "deduct"; count says whether a started step already costs `per`."""

    nominal: Value
    lower: Value
    upper: Value
    beyond: Literal["zero", "deduct"] = "zero"
    step: Value | None = None
    per: Value | None = None
    count: Count = "started"

    @property
    def low(self) -> float:
        return round(self.nominal + self.lower, SNAP)

    @property
    def high(self) -> float:
        return round(self.nominal + self.upper, SNAP)

    @property
    def label(self) -> str:
        """The drawing's notation: "18 ±0.03", "24 +0.021/0", "38 0/-0.025"."""
        if self.upper == -self.lower:
            return f"{self.nominal:g} ±{self.upper:g}"
        return f"{self.nominal:g} {_signed(self.upper)}/{_signed(self.lower)}"

    @property
    def rule_text(self) -> str:
        if self.beyond == "zero":
            return "超差不得分 / any excess scores 0"
        return f"{self.per:g} per {self.count} {self.step:g} beyond the window, never below 0"


def _signed(x: float) -> str:
    return "0" if x == 0 else f"{x:+g}"


def tolerance_problems(t: Tolerance, path: str):
    if t.lower > t.upper:
        yield Problem(
            f"{path}.lower",
            f"lower deviation {t.lower:g} is above upper deviation {t.upper:g}: the lower limit {t.low:g} would exceed the upper {t.high:g}",
        )
    if t.beyond == "zero":
        for name in ("step", "per"):
            if getattr(t, name) is not None:
                yield Problem(f"{path}.{name}", f"{name} is only read when beyond is 'deduct', beyond is 'zero'")
        return
    yield from positive(t.step, f"{path}.step", "step", "the excess that costs `per` marks")
    if t.step is not None and 0 < t.step < MIN_STEP:
        yield Problem(f"{path}.step", f"step must be at least {MIN_STEP:g}, got {t.step:g}")
    yield from positive(t.per, f"{path}.per", "per", "the marks one step costs")


def positive(x: float | None, path: str, name: str, what: str):
    """A required amount above 0 (msgspec bounds are skipped for Structs built in Python)."""
    if x is None:
        yield Problem(path, f"beyond 'deduct' needs {name} ({what})")
    elif x <= 0:
        yield Problem(path, f"{name} must be above 0, got {x:g}")


# ---- evaluation ---------------------------------------------------------------------


def excess(values: np.ndarray, low, high) -> np.ndarray:
    """Distance outside [low, high], 0 inside; low and high broadcast per column. Float noise
    at a limit (1e-12) stays in: counted_steps' snap makes it 0 steps."""
    out = np.subtract(low, values)
    np.maximum(out, values - high, out=out)
    np.maximum(out, 0.0, out=out)
    return out


def counted_steps(amount: np.ndarray, step, started) -> np.ndarray:
    """Steps of `step` in `amount`: every started one (ceil) or only completed ones (floor),
    within RATIO_NOISE of a whole number counting as that number. One formula for both:
    with s = -1, -floor(-r + e) = ceil(r - e); with s = +1, floor(r + e)."""
    sign = np.where(started, -1.0, 1.0)
    ratio = np.multiply(amount, sign / step)
    ratio += RATIO_NOISE
    np.floor(ratio, out=ratio)
    ratio *= sign
    ratio += 0.0  # -0.0 → 0.0
    return ratio


@dataclass(frozen=True, eq=False)
class ToleranceTable:
    """Compiled tolerance aspects: `cols` are positions among the scoring aspects."""

    cols: np.ndarray  # int [T]
    low: np.ndarray  # float [T]
    high: np.ndarray
    step: np.ndarray  # ZERO_STEP for "zero" rules (超差不得分)
    per: np.ndarray  # ZERO_PER for "zero" rules
    started: np.ndarray  # bool [T]

    @classmethod
    def build(cls, specs: list[tuple[int, Tolerance]]) -> ToleranceTable:
        deduct = [t.beyond == "deduct" for _, t in specs]
        return cls(
            cols=np.array([c for c, _ in specs], dtype=np.int64),
            low=np.array([t.low for _, t in specs], dtype=np.float64),
            high=np.array([t.high for _, t in specs], dtype=np.float64),
            step=np.array([t.step if d else ZERO_STEP for (_, t), d in zip(specs, deduct)], dtype=np.float64),
            per=np.array([t.per if d else ZERO_PER for (_, t), d in zip(specs, deduct)], dtype=np.float64),
            started=np.array([t.count == "started" or not d for (_, t), d in zip(specs, deduct)], dtype=bool),
        )


def tolerance_marks(by_aspect: np.ndarray, table: ToleranceTable, top: np.ndarray) -> np.ndarray:
    """Awarded marks [T, C] for panel values by aspect [T, C] (one contiguous row per aspect,
    so every pass runs down a long row); `top` is each aspect's max marks [T]."""
    # tolerance_steps without keeping its intermediates: the same arithmetic in one buffer
    # (excess = |v − mid| − half, then counted_steps' signed floor, then top − steps × per)
    sign = np.where(table.started, -1.0, 1.0)[:, None]
    out = np.subtract(by_aspect, ((table.low + table.high) / 2)[:, None])
    np.abs(out, out=out)
    out -= ((table.high - table.low) / 2)[:, None]
    np.maximum(out, 0.0, out=out)
    out *= sign / table.step[:, None]
    out += RATIO_NOISE
    np.floor(out, out=out)
    out *= -sign * table.per[:, None]
    out += top[:, None]
    np.maximum(out, 0.0, out=out)
    return out


def tolerance_steps(values, low, high, step, per, started, top):
    """(excess, steps, deduction, awarded): every intermediate, for the engine and explain alike."""
    out = excess(values, low, high)
    steps = counted_steps(out, step, started)
    deduction = steps * per
    awarded = np.subtract(top, deduction)
    np.maximum(awarded, 0.0, out=awarded)
    return out, steps, deduction, awarded
