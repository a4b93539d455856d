"""Periods (考核期) of a labour competition and the late-report policy.

A period is a month, a quarter or a named stage (阶段), with its first and last day and
the report deadline (报送截止日, the last day a report is on time). Periods are declared in
order and do not overlap; the deadline is on or after the period's last day.

Late reports (迟报) follow the competition's declared `LatePolicy`:

- "accept": taken as if on time;
- "flag": taken, marked late (shown in the standings, no points lost);
- "deduct": taken, `per_day` points off the period total for each day after the deadline
  (after `grace_days`), at most `cap` points;
- "refuse": not taken after the deadline (plus grace days); the organiser may reopen.

`late_decision` applies it to a report date; the days are calendar days.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from contests.fields import Name, NameEn, Slug
from scoring.errors import Problem

PeriodKind = Literal["month", "quarter", "stage"]
LateAction = Literal["accept", "flag", "deduct", "refuse"]
KIND_LABELS = {"month": "月度", "quarter": "季度", "stage": "阶段"}
MAX_PERIODS = 120
Points = Annotated[float, msgspec.Meta(ge=0, le=1_000)]


class Period(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Slug
    name: Name
    name_en: NameEn = ""
    kind: PeriodKind = "month"
    start: dt.date
    end: dt.date
    report_deadline: dt.date


class LatePolicy(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    action: LateAction = "flag"
    grace_days: Annotated[int, msgspec.Meta(ge=0, le=366)] = 0
    per_day: Points = 0.0
    cap: Points | None = None


class LateDecision(msgspec.Struct, frozen=True):
    """days_late: calendar days after the deadline (0 = on time); accepted: the report is
    taken; deduction: points off the period total; note: the policy in words."""

    days_late: int
    accepted: bool
    late: bool
    deduction: float
    note: str


def late_decision(policy: LatePolicy, period: Period, reported_on: dt.date) -> LateDecision:
    days = max((reported_on - period.report_deadline).days, 0)
    if days == 0:
        return LateDecision(0, True, False, 0.0, "按时报送 / on time")
    counted = max(days - policy.grace_days, 0)
    where = f"截止 {period.report_deadline.isoformat()}，迟报{days}天"
    if policy.action == "refuse" and counted > 0:
        return LateDecision(days, False, True, 0.0, f"{where}：逾期不予受理 / refused after the deadline")
    if policy.action == "deduct":
        raw = counted * policy.per_day
        deduction = raw if policy.cap is None else min(raw, policy.cap)
        return LateDecision(days, True, True, deduction, f"{where}：每天扣{policy.per_day:g}分，扣{deduction:g}分")
    return LateDecision(
        days, True, policy.action != "accept", 0.0, f"{where}：{'照常受理' if policy.action == 'accept' else '受理并标记迟报'}"
    )


def period_problems(periods: list[Period], late: LatePolicy) -> list[Problem]:
    problems: list[Problem] = []
    if not periods:
        problems.append(Problem("periods", "a labour competition needs at least one period"))
    seen: dict[str, int] = {}
    for i, p in enumerate(periods):
        where = f"periods[{i}]"
        if p.id in seen:
            problems.append(Problem(f"{where}.id", f"period id {p.id!r} is already used at periods[{seen[p.id]}]"))
        seen.setdefault(p.id, i)
        if p.end < p.start:
            problems.append(Problem(f"{where}.end", f"ends {p.end.isoformat()}, before it starts {p.start.isoformat()}"))
        if p.report_deadline < p.end:
            problems.append(
                Problem(f"{where}.report_deadline", f"{p.report_deadline.isoformat()} is before the period ends {p.end.isoformat()}")
            )
        if p.kind == "month" and (p.start.year, p.start.month) != (p.end.year, p.end.month):
            problems.append(Problem(f"{where}.end", "a month period starts and ends in the same calendar month"))
        if i and p.start <= periods[i - 1].end:
            problems.append(
                Problem(
                    f"{where}.start",
                    f"starts {p.start.isoformat()}, not after periods[{i - 1}] ends {periods[i - 1].end.isoformat()}: periods are in order and do not overlap",
                )
            )
    problems += _late_problems(late)
    return problems


def _late_problems(late: LatePolicy) -> list[Problem]:
    if late.action != "deduct" and (late.per_day or late.cap is not None):
        return [Problem("late", f"per_day and cap are only read when action is 'deduct', action is {late.action!r}")]
    if late.action == "deduct" and late.per_day <= 0:
        return [Problem("late.per_day", "action 'deduct' needs the points per day above 0")]
    return []


__all__ = ["KIND_LABELS", "LateDecision", "LatePolicy", "Period", "PeriodKind", "late_decision", "period_problems"]
