"""Time over a limit (超时扣分): full marks up to the limit, a loss per minute beyond it, and a
hard stop.

RULES.md, "Lathe and CNC turning marking examples": "车削时间 (10 分) 20 分钟，超出 1 分钟扣 1 分";
"150 min 后每超过 1 分钟扣 1 分，180 min 时停止考试". The recorded value is the time taken in
minutes. Each started minute beyond the limit costs `per_minute` (or each completed one, if
declared), never below 0. A time beyond the hard stop cannot happen when the invigilator
stops the work: it is refused as a mark error ("refuse", the default), or, where the
contest lets work run on, it scores 0 ("zero"). The limit and the stop are both inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import msgspec
import numpy as np

from scoring.errors import Problem
from scoring.tolerance import NOISE, SNAP, Count, Value, counted_steps, excess


class TimeLimit(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    limit: Value  # minutes with no loss
    per_minute: Value  # marks lost per (started) minute beyond the limit
    stop: Value  # the hard stop, in minutes
    beyond_stop: Literal["refuse", "zero"] = "refuse"
    count: Count = "started"

    @property
    def label(self) -> str:
        return f"≤ {self.limit:g} min (stop at {self.stop:g} min)"

    @property
    def rule_text(self) -> str:
        past = "refused" if self.beyond_stop == "refuse" else "scores 0"
        return f"{self.per_minute:g} per {self.count} minute beyond {self.limit:g} min; past {self.stop:g} min {past}"


def time_limit_problems(t: TimeLimit, path: str):
    if t.limit < 0:
        yield Problem(f"{path}.limit", f"limit must be 0 minutes or more, got {t.limit:g}")
    if t.stop < t.limit:
        yield Problem(f"{path}.stop", f"hard stop {t.stop:g} min is before the limit {t.limit:g} min")
    if t.per_minute <= 0:
        yield Problem(f"{path}.per_minute", f"per_minute must be above 0, got {t.per_minute:g}")


@dataclass(frozen=True, eq=False)
class TimeTable:
    cols: np.ndarray  # int [M]: positions among the scoring aspects
    limit: np.ndarray  # float [M]
    stop: np.ndarray
    per: np.ndarray
    started: np.ndarray  # bool [M]
    refuse: np.ndarray  # bool [M]: a time past the stop is a mark error

    @classmethod
    def build(cls, specs: list[tuple[int, TimeLimit]]) -> TimeTable:
        return cls(
            cols=np.array([c for c, _ in specs], dtype=np.int64),
            limit=np.array([round(t.limit, SNAP) for _, t in specs], dtype=np.float64),
            stop=np.array([round(t.stop, SNAP) for _, t in specs], dtype=np.float64),
            per=np.array([t.per_minute for _, t in specs], dtype=np.float64),
            started=np.array([t.count == "started" for _, t in specs], dtype=bool),
            refuse=np.array([t.beyond_stop == "refuse" for _, t in specs], dtype=bool),
        )


def time_marks(by_aspect: np.ndarray, table: TimeTable, top: np.ndarray) -> np.ndarray:
    """Awarded marks [M, C] for times by aspect [M, C]."""
    col = lambda x: x[:, None]  # noqa: E731 - one parameter per aspect row
    return time_steps(by_aspect, col(table.limit), col(table.stop), col(table.per), col(table.started), col(top))[3]


def time_steps(values, limit, stop, per, started, top):
    """(minutes over the limit, minutes counted, past the hard stop, awarded)."""
    over = excess(values, -np.inf, limit)
    minutes = counted_steps(over, 1.0, started)
    past = values > stop + NOISE
    return over, minutes, past, np.where(past, 0.0, np.maximum(top - minutes * per, 0.0))


def past_stop(by_aspect: np.ndarray, table: TimeTable) -> np.ndarray:
    """bool [M, C, J]: recorded times (by aspect [M, C, J]) beyond a hard stop that refuses them."""
    with np.errstate(invalid="ignore"):
        return (by_aspect > table.stop[:, None, None] + NOISE) & table.refuse[:, None, None]
