"""The RULES.md "Labour competitions" worked example (one month, 100 points, teams A, B, C)
as arrays in the order of examples/liusai.toml: indicators output, cost, quality, safety,
discipline, spirit; vetoes lost_time_injury, attendance."""

from __future__ import annotations

import msgspec
import numpy as np

from contests.labour.definition import LabourCompetition
from contests.labour.presets import load_preset

NAN = np.nan
PLAN = np.array(
    [
        [1000, 500000, NAN, NAN, NAN, NAN],
        [800, 300000, NAN, NAN, NAN, NAN],
        [1200, 400000, NAN, NAN, NAN, NAN],
    ]
)
ACTUAL = np.array(
    [
        [1062, 490000, 98.5, 1, 0, NAN],
        [760, 309000, 99.2, 0, 1, NAN],
        [900, 380000, 96.0, 3, 0, NAN],
    ]
)
SPIRIT = np.array([[4, 5, 4], [5, 5, 4], [3, 3, 3]], dtype=np.float64)
FACTS = np.array([[0, 97], [0, 94], [0, 100]], dtype=np.float64)  # injuries, attendance %


def one_month() -> LabourCompetition:
    """The 六赛 preset cut to its first month: the worked example is one month."""
    preset = load_preset("liusai")
    return msgspec.structs.replace(preset, periods=preset.periods[:1])


def arrays(periods: int = 1):
    """plan, actual [3, 6, P], marks {spirit: [3, P, 3]}, facts [3, 2, P]: the example repeated."""
    rep = lambda a: np.repeat(a[..., None], periods, axis=-1)  # noqa: E731
    marks = {"spirit": np.repeat(SPIRIT[:, None, :], periods, axis=1)}
    return rep(PLAN), rep(ACTUAL), marks, rep(FACTS)
