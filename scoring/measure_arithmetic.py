"""The working of one measured value against its drawing (tolerance, grade series, time limit).

`explain` shows it next to each aspect of an appeal; a marking sheet can show `drawing_label`
beside each dimension and `measured_mark` as soon as the inspector types a value. Both run
the engine's own step functions on one value, so the working and the score cannot disagree.
"""

from __future__ import annotations

import msgspec
import numpy as np

from scoring.grades import GradeTable, grade_steps
from scoring.time_limit import time_steps
from scoring.tolerance import SNAP, ToleranceTable, tolerance_steps


class Arithmetic(msgspec.Struct, frozen=True):
    rule: str  # tolerance | grades | time
    measured: float
    unit: str
    window: str  # the drawing's notation: "18 ±0.03", "1.6 or better (…)", "≤ 150 min (…)"
    low: float | None  # the window's limits (tolerance), the limit in minutes (time)
    high: float | None
    excess: float  # beyond the window (tolerance), grades worse, minutes over the limit
    steps: float  # steps, grades or minutes counted
    per_step: float
    deduction: float
    awarded: float
    note: str


def drawing_label(a) -> str:
    """What the sheet prints beside a measured aspect; "" for rules without a drawing value."""
    spec = _spec(a)
    return spec.label if spec is not None else ""


def rule_text(a) -> str:
    """The rule in words beside the drawing ("" for rules without one)."""
    spec = _spec(a)
    return spec.rule_text if spec is not None else ""


def measured_mark(a, value: float) -> float:
    """The mark one recorded value earns (the sheet's preview after typing)."""
    working = arithmetic(a, value)
    return working.awarded if working is not None else float("nan")


def arithmetic(a, value: float) -> Arithmetic | None:
    if _spec(a) is None:
        return None
    return {"tolerance": _tolerance, "grades": _grades, "time": _time}[a.rule](a, value)


def _spec(a):
    field = {"tolerance": "tolerance", "grades": "grades", "time": "time_limit"}.get(getattr(a, "rule", ""))
    return getattr(a, field) if field else None


def _tail(deduction: float, top: float, awarded: float) -> str:
    floor = " (floor)" if top - deduction < 0 else ""
    return f"= −{deduction:g} → {awarded:g}{floor}"


def _tolerance(a, value: float) -> Arithmetic:
    t, top = a.tolerance, a.max_marks
    deduct = t.beyond == "deduct"
    table = ToleranceTable.build([(0, t)])
    out = tolerance_steps(np.array([[value]]), table.low, table.high, table.step, table.per, table.started, top)
    excess, steps, deduction, awarded = (float(x[0, 0]) for x in out)
    excess = round(excess, SNAP)  # shown as the inspector would write it, without float noise
    if not deduct:  # 超差不得分: the whole aspect, in one step
        steps, deduction = float(excess > 0), top if excess > 0 else 0.0
    head = f"measured {value:g}{a.unit} in {t.label} ({t.low:g} … {t.high:g}): "
    if excess == 0:
        note = head + f"inside → full {top:g}"
    elif not deduct:
        note = head + f"{excess:g} beyond, 超差不得分 → 0"
    else:
        note = head + f"{excess:g} beyond → {steps:g} {t.count} steps of {t.step:g} × {t.per:g} " + _tail(deduction, top, awarded)
    per = t.per if deduct else top
    return Arithmetic("tolerance", value, a.unit, t.label, t.low, t.high, excess, steps, per, deduction, awarded, note)


def _grades(a, value: float) -> Arithmetic:
    g, top = a.grades, a.max_marks
    table = GradeTable.build([(0, g)])
    worse, awarded = grade_steps(np.array([[value]]), table.series, table.sign, table.required, table.per, np.array([top]))
    worse, awarded = float(worse[0, 0]), float(awarded[0, 0])
    deduction = worse * g.per_grade
    head = f"grade {value:g}{a.unit} against {g.required:g} or better: "
    note = head + (f"→ full {top:g}" if worse == 0 else f"{worse:g} grades worse × {g.per_grade:g} " + _tail(deduction, top, awarded))
    return Arithmetic("grades", value, a.unit, g.label, None, g.required, worse, worse, g.per_grade, deduction, awarded, note)


def _time(a, value: float) -> Arithmetic:
    t, top = a.time_limit, a.max_marks
    out = time_steps(np.array([[value]]), t.limit, t.stop, t.per_minute, t.count == "started", top)
    over, minutes, past, awarded = (x[0, 0].item() for x in out)
    over = round(over, SNAP)
    deduction = top if past else minutes * t.per_minute
    head = f"{value:g} min against a limit of {t.limit:g} min: "
    if past:
        note = head + f"past the hard stop of {t.stop:g} min → 0"
    elif over == 0:
        note = head + f"within → full {top:g}"
    else:
        note = head + f"{over:g} min over → {minutes:g} {t.count} minutes × {t.per_minute:g} " + _tail(deduction, top, awarded)
    return Arithmetic("time", value, "min", t.label, 0.0, t.limit, over, minutes, t.per_minute, deduction, awarded, note)
