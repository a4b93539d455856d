"""Rows → domain Structs (the shapes the API reads and writes)."""

from __future__ import annotations

from contests.people import Competitor, Judge, Team, Unit
from contests.store.models import CompetitorRow, JudgeRow, TeamRow, UnitRow


def unit(row: UnitRow) -> Unit:
    return Unit(code=row.code, name=row.name, headcount=row.headcount)


def team(row: TeamRow) -> Team:
    return Team(code=row.code, name=row.name, unit=row.unit.code)


def competitor(row: CompetitorRow) -> Competitor:
    return Competitor(
        employee_no=row.employee_no,
        name=row.name,
        unit=row.unit.code,
        team=row.team.code if row.team is not None else None,
        event=row.event_id,
    )


def judge(row: JudgeRow) -> Judge:
    return Judge(code=row.code, name=row.name, unit=row.unit.code, role=row.role)  # type: ignore[arg-type]


__all__ = ["competitor", "judge", "team", "unit"]
