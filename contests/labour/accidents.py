"""Safety-accident records (安全事故记录) of a labour competition (安康杯). Pure: no database.

An accident is charged to a unit of the competition, and optionally to one of its teams
(a participant of the competition belonging to that unit) and to a person (an employee
number). It has the day it happened, a severity class, a description and who reported it.

Severity classes are declared here, lightest first (GB 6441-86 by injury: 轻伤 < 重伤 < 死亡),
so "severity ≥ X" in the honours accident bar has one meaning everywhere.

Records are append-only: a correction is version n+1 of the same accident number with the
reason; a record entered in error is withdrawn by a version with `withdrawn=True` and the
reason. The newest version of a number is the one that stands (`standing`).

`accident_problems` checks a report against the competition: the unit is one of its units,
the team one of its participants of that unit, the day not after today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

import msgspec

from contests.fields import VISIBLE_TEXT_PATTERN, Code, Name
from contests.labour.definition import LabourCompetition
from scoring.errors import Problem

SEVERITIES = ("轻伤", "重伤", "死亡")  # lightest first: the order "at least" compares in
Severity = Literal["轻伤", "重伤", "死亡"]
SEVERITY_EN = {"轻伤": "minor injury", "重伤": "serious injury", "死亡": "fatality"}
Description = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, pattern=VISIBLE_TEXT_PATTERN)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=VISIBLE_TEXT_PATTERN)]


class AccidentReport(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """What is recorded about one accident: to whom it is charged, when, how serious, what
    happened and who reported it (报告人, as written on the accident report)."""

    unit: Code
    team: Code | None = None
    person: Code | None = None
    occurred_on: date
    severity: Severity
    description: Description
    reporter: Name


class AccidentRecord(msgspec.Struct, kw_only=True, frozen=True):
    """One stored version of accident `number` of a competition."""

    competition: str  # the competition's slug
    number: int
    version: int
    unit: str
    team: str | None
    person: str | None
    occurred_on: date
    severity: Severity
    description: str
    reporter: str
    withdrawn: bool = False
    reason: str | None = None  # why this version corrects or withdraws the previous one


def severity_rank(severity: str) -> int:
    """0 for the lightest class; a class not declared ranks below every declared one."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def at_least(severity: str, minimum: str) -> bool:
    return severity_rank(severity) >= severity_rank(minimum)


def accident_problems(c: LabourCompetition, report: AccidentReport, today: date) -> list[Problem]:
    """Every way `report` does not fit competition `c` (empty: it can be recorded)."""
    units = {u.code for u in c.units} | {p.unit for p in c.participants}
    problems = []
    if report.unit not in units:
        problems.append(Problem("unit", f"{report.unit!r} is not a unit of competition {c.id!r} (known: {', '.join(sorted(units))})"))
    if report.team is not None:
        team = next((p for p in c.participants if p.id == report.team), None)
        if team is None:
            problems.append(Problem("team", f"{report.team!r} is not a participant of competition {c.id!r}"))
        elif team.unit != report.unit:
            problems.append(Problem("team", f"{report.team!r} belongs to unit {team.unit!r}, not {report.unit!r}"))
    if report.occurred_on > today:
        problems.append(Problem("occurred_on", f"{report.occurred_on.isoformat()} is after today ({today.isoformat()})"))
    return problems


def standing(records: Iterable[AccidentRecord]) -> list[AccidentRecord]:
    """The newest version of each (competition, number) that is not withdrawn, by number."""
    newest: dict[tuple[str, int], AccidentRecord] = {}
    for r in records:
        key = (r.competition, r.number)
        if key not in newest or r.version > newest[key].version:
            newest[key] = r
    return sorted((r for r in newest.values() if not r.withdrawn), key=lambda r: (r.competition, r.number))


__all__ = [
    "SEVERITIES",
    "SEVERITY_EN",
    "AccidentRecord",
    "AccidentReport",
    "Description",
    "Reason",
    "Severity",
    "accident_problems",
    "at_least",
    "severity_rank",
    "standing",
]
