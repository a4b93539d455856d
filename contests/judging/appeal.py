"""An appeal (申诉 / 仲裁) and its decision, as rules.

Filed while the module is locked and within the window after the lock (`lock.py`);
decided once by the chief judge, with a reason: "upheld" lists the corrections it makes,
"rejected" lists none. Each correction is a new version of a panel judge's mark on the
appealed competitor (`versions.plan`), so the same value again is no correction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from contests.judging.versions import CellPlan, Version, plan
from scoring.errors import Problem


@dataclass(frozen=True)
class Decided:
    decision: str  # "upheld" | "rejected"
    by: str
    at: dt.datetime


def decision_problems(decision: str, reason: str, corrections: int) -> list[Problem]:
    if not reason.strip():
        return [Problem("reason", "a decision needs its reason")]
    if decision == "rejected" and corrections:
        return [Problem("corrections", "a rejected appeal corrects no mark")]
    if decision == "upheld" and not corrections:
        return [Problem("corrections", "an upheld appeal lists the corrections it makes")]
    return []


def decided_problem(appeal_id: int, done: Decided | None) -> Problem | None:
    """An appeal is decided once: the decision is final."""
    if done is None:
        return None
    return Problem(
        "appeal_id",
        f"appeal {appeal_id} was already {done.decision} by {done.by} at {done.at:%Y-%m-%d %H:%M} UTC: the decision is final",
    )


def plan_correction(previous: Version | None, value: Decimal, reason: str) -> CellPlan:
    """The correction as a cell change; "unchanged" is refused by `correction_problem`."""
    return plan(previous, value, reason)


def correction_problem(at: str, correction: CellPlan, judge: str, aspect_id: str) -> Problem | None:
    if correction.status != "unchanged":
        return None
    return Problem(f"{at}.value", f"{_plain(correction.value)} is already judge {judge}'s mark on {aspect_id!r}")


def _plain(value: Decimal) -> Decimal:
    return Decimal(0) if value == 0 else Decimal(format(value.normalize(), "f"))


__all__ = ["Decided", "correction_problem", "decided_problem", "decision_problems", "plan_correction"]
