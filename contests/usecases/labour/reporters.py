"""Unit reporters (填报员): a login tied to one unit of a labour competition sees and edits
the reports of that unit's participants only.

How a login is tied to a unit: the organiser assigns it (`assign_reporter`), one unit per
login and competition, stored in `labour_reporters`. The login has the existing `employee`
role (the role of people who enter their own records, as in five-smalls campaigns): no new
role was needed, and an employee login assigned to no unit of the competition reports for
nobody. Another unit's participant is "not found" to a reporter, so ids reveal nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.labour.definition import LabourCompetition
from contests.store.labour import LabourReporterRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import NotFound
from contests.usecases.core.unit_logins import UNIT_LOGIN_ROLE, require_employee_login, tie_to_unit, unit_of_login
from contests.usecases.labour import store
from contests.usecases.labour.views import ReporterAssignment

REPORTER = UNIT_LOGIN_ROLE  # the login role of a unit reporter


async def assign_reporter(session: AsyncSession, actor: Actor, competition_id: int, assignment: ReporterAssignment) -> ReporterAssignment:
    """Tie an employee login to one unit of the competition; Conflict if it reports for one already."""
    require_role(actor, (ORGANISER,), "assign unit reporters")
    row, c = await store.current(session, competition_id)
    if assignment.unit not in {u.code for u in c.units}:
        raise NotFound.at("unit", f"no unit {assignment.unit!r} in competition {c.id!r}")
    await require_employee_login(session, assignment.username, "unit reporter")
    reporter = LabourReporterRow(competition_id=row.id, username=assignment.username, unit=assignment.unit, created_by=actor.username)
    taken = f"{assignment.username!r} already reports for a unit of competition {c.id!r}"
    entry = ("labour.reporter.assign", "labour_reporter", f"{row.slug}/{assignment.username}")
    await tie_to_unit(session, actor, reporter, taken, entry, assignment)
    return assignment


async def reporter_unit(session: AsyncSession, competition_id: int, actor: Actor) -> str | None:
    """The unit this login reports for; None for the organiser (every unit). Forbidden for
    any other login, and for an employee login assigned to no unit of the competition."""
    query = select(LabourReporterRow.unit).where(
        LabourReporterRow.competition_id == competition_id, LabourReporterRow.username == actor.username
    )
    return await unit_of_login(session, actor, query, "reports", "unit reporter", "competition")


def check_participant(c: LabourCompetition, unit: str | None, participant: str, path: str = "participant") -> str:
    """The participant's unit, if the login may report for it (another unit's: not found)."""
    found = next((p for p in c.participants if p.id == participant), None)
    if found is None or (unit is not None and found.unit != unit):
        raise NotFound.at(path, f"no participant {participant!r} in competition {c.id!r}" + ("" if unit is None else f" for unit {unit!r}"))
    return found.unit


__all__ = ["REPORTER", "assign_reporter", "check_participant", "reporter_unit"]
