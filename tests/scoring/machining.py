"""Helpers of the machining-rule tests (no tests here): one-aspect modules scored from values."""

from __future__ import annotations

import numpy as np

from scoring.aggregation import Aggregation
from scoring.grades import Grades
from scoring.module import Module
from scoring.module_score import score_module
from scoring.rounding import Rounding
from scoring.scheme import Criterion, Measurement, Scheme
from scoring.time_limit import TimeLimit
from scoring.tolerance import Tolerance

RAW = Rounding(places=6)  # rounding is not what these tests test
RA = [0.8, 1.6, 3.2, 6.3, 12.5]


def tolerance(max_marks: float, nominal: float, lower: float, upper: float, **kw) -> Measurement:
    t = Tolerance(nominal=nominal, lower=lower, upper=upper, **kw)
    return Measurement(id="dim", name="尺寸", max_marks=max_marks, rule="tolerance", unit="mm", tolerance=t)


def grades(max_marks: float, required: float, per_grade: float, series=RA) -> Measurement:
    g = Grades(series=list(series), required=required, per_grade=per_grade)
    return Measurement(id="ra", name="粗糙度", max_marks=max_marks, rule="grades", grades=g)


def time_limit(max_marks: float, limit: float, per_minute: float, stop: float, **kw) -> Measurement:
    t = TimeLimit(limit=limit, per_minute=per_minute, stop=stop, **kw)
    return Measurement(id="time", name="工时", max_marks=max_marks, rule="time", unit="min", time_limit=t)


def module_of(aspect: Measurement, aggregation: Aggregation = Aggregation()) -> Module:
    scheme = Scheme(criteria=[Criterion(id="c", name="准则", max_marks=aspect.max_marks, aspects=[aspect])])
    return Module(id="m", name="模块", weight=100, scheme=scheme, aggregation=aggregation)


def marks_for(aspect: Measurement, values) -> np.ndarray:
    """The mark each value earns, all values scored in one vectorised call (one judge)."""
    values = np.asarray(values, dtype=np.float64)
    return score_module(module_of(aspect), values.reshape(-1, 1, 1), RAW).raw


def mark(aspect: Measurement, value: float) -> float:
    return float(marks_for(aspect, [value])[0])
