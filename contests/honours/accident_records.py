"""The safety-accident bar read from labour competitions' accident records (安全事故记录,
`contests.labour.accidents`): "no accident of severity ≥ X within N months before the
round's reference date". Pure: no database.

Which accidents count for a nominee (`scope`):

- "nominee" (default): those charged to the nominee itself: a person's accidents (the
  record names them), a team's (the record names the team) or, for a collective whose code
  is a unit code, every accident of that unit;
- "unit": also every accident of the nominee's unit (a team or person is barred by an
  accident anywhere in their unit).

Counting months: the window is the N months ending on the reference date, the start
excluded: reference 2026-12-31, 6 months → accidents from 2026-07-01 to 2026-12-31 bar; one
on 2026-06-30 (exactly 6 months before) no longer does, as tenure counts "hired 2021-12-31
has 5 years on 2026-12-31". A month that lacks the day ends on its last day (31 August − 6
months → 28/29 February). Accidents after the reference date do not bar, as awards recorded
for a later year do not (`contests.titles`). Only the standing version of each record counts:
a corrected one by its corrected facts, a withdrawn one not at all.

This rule sits beside the year-based `accident_bar` (`contests.titles.AccidentBar`, the
`safety_accidents` imported with the award history), which keeps working unchanged.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

import msgspec

from contests.labour.accidents import AccidentRecord, Severity, at_least, standing


class RecordedAccidentBar(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """No accident of `min_severity` or worse within `months` months before the reference
    date, from the labour competitions' accident records."""

    months: Annotated[int, msgspec.Meta(ge=1, le=120)]
    min_severity: Severity = "轻伤"
    scope: Literal["nominee", "unit"] = "nominee"


def months_before(on: date, months: int) -> date:
    """`on` moved back `months` calendar months (the day clamped to the month's last)."""
    index = on.year * 12 + on.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def barring_accident(
    rule: RecordedAccidentBar, *, code: str, kind: str, unit: str, on: date, records: Iterable[AccidentRecord]
) -> AccidentRecord | None:
    """The latest accident that bars the nominee under `rule` on reference date `on` (None: clear)."""
    start = months_before(on, rule.months)
    found = None
    for a in standing(records):
        if not (start < a.occurred_on <= on and at_least(a.severity, rule.min_severity)):
            continue
        if _charged(a, code, kind) or (rule.scope == "unit" and a.unit == unit):
            if found is None or a.occurred_on > found.occurred_on:
                found = a
    return found


def bar_reason(rule: RecordedAccidentBar, accident: AccidentRecord, on: date) -> str:
    start = months_before(on, rule.months)
    who = accident.person or accident.team or accident.unit
    return (
        f"{accident.occurred_on.isoformat()}发生{accident.severity}事故（{who}，{accident.competition}第{accident.number}号记录），"
        f"{rule.months}个月内（{start.isoformat()}之后至{on.isoformat()}）有{rule.min_severity}及以上事故不得申报"
    )


def _charged(a: AccidentRecord, code: str, kind: str) -> bool:
    if kind == "individual":
        return a.person == code
    return a.team == code or a.unit == code


__all__ = ["RecordedAccidentBar", "bar_reason", "barring_accident", "months_before"]
