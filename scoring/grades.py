"""Ordered grades (等级): a required grade in a declared series, a loss per grade worse.

RULES.md, "Lathe and CNC turning marking examples": surface roughness Ra 0.8 / 1.6 / 3.2 / 6.3
/ 12.5, "Ra 降一级扣 2 分" (each grade worse than required loses 2 points), never below 0.
The series is listed best grade first and runs strictly one way (Ra ascends; a series where
higher is better descends). The inspector records the grade itself (3.2); a value that is
not in the series is refused as a mark error, since "Ra 2.5" is not a grade anyone reads
off a roughness comparator. A panel value between two grades (the mean of 1.6 and 3.2)
counts as the worse grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
import numpy as np

from scoring.errors import Problem
from scoring.tolerance import NOISE, SNAP, Value, positive

Series = Annotated[list[Value], msgspec.Meta(max_length=50)]


class Grades(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    series: Series  # best grade first
    required: Value  # full marks at this grade or better
    per_grade: Value  # marks lost for each grade worse than required

    @property
    def label(self) -> str:
        return f"{self.required:g} or better (series {' / '.join(f'{g:g}' for g in self.series)})"

    @property
    def rule_text(self) -> str:
        return f"{self.per_grade:g} per grade worse than {self.required:g}, never below 0"


def grades_problems(g: Grades, path: str):
    s = g.series
    if len(s) < 2:
        yield Problem(f"{path}.series", f"a grade series needs at least 2 grades, got {len(s)}")
        return
    rising = s[1] > s[0]
    for i in range(1, len(s)):
        if (s[i] > s[i - 1]) != rising or s[i] == s[i - 1]:
            yield Problem(
                f"{path}.series[{i}]",
                f"grades must ascend or descend strictly, best grade first: {s[i]:g} after {s[i - 1]:g} breaks the order",
            )
            break
    if not any(round(x, SNAP) == round(g.required, SNAP) for x in s):
        yield Problem(f"{path}.required", f"required grade {g.required:g} is not in the series")
    yield from positive(g.per_grade, f"{path}.per_grade", "per_grade", "the marks one grade worse costs")


@dataclass(frozen=True, eq=False)
class GradeTable:
    """Compiled grade aspects. Series are stored oriented so that "better" is "smaller"
    (a descending series is negated) and padded with +inf; a grade's index counts the
    series grades strictly better than it."""

    cols: np.ndarray  # int [G]: positions among the scoring aspects
    sign: np.ndarray  # float [G]: +1 ascending series, -1 descending
    series: np.ndarray  # float [G, n], oriented, padded with +inf
    required: np.ndarray  # int [G]: index of the required grade
    per: np.ndarray  # float [G]
    texts: list[str]  # the series as words, for refusals

    @classmethod
    def build(cls, specs: list[tuple[int, Grades]]) -> GradeTable:
        width = max((len(g.series) for _, g in specs), default=0)
        series = np.full((len(specs), width), np.inf)
        sign = np.ones(len(specs))
        for row, (_, g) in enumerate(specs):  # compile time: one row per grade aspect
            sign[row] = 1.0 if g.series[1] > g.series[0] else -1.0
            series[row, : len(g.series)] = np.round(np.array(g.series) * sign[row], SNAP)
        required = [[round(x, SNAP) for x in g.series].index(round(g.required, SNAP)) for _, g in specs]
        return cls(
            cols=np.array([c for c, _ in specs], dtype=np.int64),
            sign=sign,
            series=series,
            required=np.array(required, dtype=np.int64),
            per=np.array([g.per_grade for _, g in specs], dtype=np.float64),
            texts=[", ".join(f"{x:g}" for x in g.series) for _, g in specs],
        )


def grade_index(by_aspect: np.ndarray, series: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """[G, C] index in the series (0 = best) of values by aspect [G, C]; between two grades
    counts as the worse."""
    v = by_aspect * sign[:, None] - NOISE  # a value within float noise of a grade is that grade
    index = np.zeros(v.shape, dtype=np.int64)
    for k in range(series.shape[1]):  # a series is a handful of grades (padding is +inf: never below)
        index += series[:, k, None] < v
    return index


def grade_marks(by_aspect: np.ndarray, table: GradeTable, top: np.ndarray) -> np.ndarray:
    """Awarded marks [G, C] for panel values by aspect [G, C]."""
    return grade_steps(by_aspect, table.series, table.sign, table.required, table.per, top)[1]


def grade_steps(by_aspect, series, sign, required, per, top):
    """(grades worse than required, awarded), both [G, C]."""
    worse = np.maximum(grade_index(by_aspect, series, sign) - required[:, None], 0)
    return worse, np.maximum(top[:, None] - worse * per[:, None], 0.0)


def off_series(by_aspect: np.ndarray, table: GradeTable) -> np.ndarray:
    """bool [G, C, J]: recorded values (by aspect [G, C, J]) that are no grade of their series."""
    v = by_aspect * table.sign[:, None, None]
    member = np.isnan(by_aspect)  # no value is no refusal
    for k in range(table.series.shape[1]):  # a series is a handful of grades
        member |= np.abs(v - table.series[:, k, None, None]) <= NOISE
    return ~member
