"""Units, teams and competitors of a contest: add, list, read, update, delete, import.

Each record is checked with the same rules as a whole registration
(`contests.people.registration_problems`), against the stored units and teams and the
current definition; problems are named by the field of the record (`unit`, `team`,
`event`). Keys already used, and records still referenced, are Conflicts (409).
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest
from contests.people import Competitor, Registration, Team, Unit
from contests.store.models import CompetitorRow, DrawAssignmentRow, JudgeRow, TeamRow, UnitRow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.setup import records
from contests.usecases.setup.checks import check, count_referencing, found, in_contest, in_use, typed, unit_of
from contests.usecases.setup.imports import Kind as ImportKind
from contests.usecases.setup.imports import import_registrations

# ---------------------------------------------------------------- units


async def add_unit(session: AsyncSession, actor: Actor, contest_id: int, unit: Unit) -> Unit:
    contest = await lookup.contest_row(session, contest_id)
    typed(unit)
    check(Registration(units=[unit]), "units")
    taken = f"unit code {unit.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        if await lookup.unit_row(session, contest.id, unit.code) is not None:
            raise Conflict.at("code", taken)
        session.add(UnitRow(contest_id=contest.id, code=unit.code, name=unit.name, headcount=unit.headcount))
        audit.record(session, actor.username, "unit.add", "unit", unit.code, contest_id=contest.id, after=unit)
    return unit


async def list_units(session: AsyncSession, contest_id: int) -> list[Unit]:
    contest = await lookup.contest_row(session, contest_id)
    return [records.unit(r) for r in await in_contest(session, UnitRow, contest.id)]


async def get_unit(session: AsyncSession, contest_id: int, code: str) -> Unit:
    contest = await lookup.contest_row(session, contest_id)
    return records.unit(await _unit(session, contest.id, code))


async def update_unit(session: AsyncSession, actor: Actor, contest_id: int, code: str, unit: Unit) -> Unit:
    """Replace unit `code` by `unit`, which may carry a new code (teams, competitors and
    judges follow: they refer to the unit, not to its code)."""
    contest = await lookup.contest_row(session, contest_id)
    typed(unit)
    check(Registration(units=[unit]), "units")
    taken = f"unit code {unit.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        row = await _unit(session, contest.id, code)
        if unit.code != code and await lookup.unit_row(session, contest.id, unit.code) is not None:
            raise Conflict.at("code", taken)
        before = records.unit(row)
        row.code, row.name, row.headcount = unit.code, unit.name, unit.headcount
        audit.record(session, actor.username, "unit.update", "unit", code, contest_id=contest.id, before=before, after=unit)
    return unit


async def delete_unit(session: AsyncSession, actor: Actor, contest_id: int, code: str) -> None:
    """Delete a unit; Conflict (409) while teams, competitors or judges belong to it."""
    contest = await lookup.contest_row(session, contest_id)
    async with transaction(session, conflict=f"unit {code!r} is still in use"):
        row = await _unit(session, contest.id, code)
        counts = {
            "team(s)": await count_referencing(session, TeamRow.unit_id, row.id),
            "competitor(s)": await count_referencing(session, CompetitorRow.unit_id, row.id),
            "judge(s)": await count_referencing(session, JudgeRow.unit_id, row.id),
        }
        if refused := in_use("unit", code, counts):
            raise refused
        before = records.unit(row)
        await session.delete(row)
        audit.record(session, actor.username, "unit.delete", "unit", code, contest_id=contest.id, before=before)


async def _unit(session: AsyncSession, contest_id: int, code: str) -> UnitRow:
    return found(await lookup.unit_row(session, contest_id, code), "unit", code)


# ---------------------------------------------------------------- teams


async def add_team(session: AsyncSession, actor: Actor, contest_id: int, team: Team) -> Team:
    contest = await lookup.contest_row(session, contest_id)
    typed(team)
    taken = f"team code {team.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        unit = await unit_of(session, contest.id, team, "teams")
        if await lookup.team_row(session, contest.id, team.code) is not None:
            raise Conflict.at("code", taken)
        session.add(TeamRow(contest_id=contest.id, code=team.code, name=team.name, unit=unit))
        audit.record(session, actor.username, "team.add", "team", team.code, contest_id=contest.id, after=team)
    return team


async def list_teams(session: AsyncSession, contest_id: int) -> list[Team]:
    contest = await lookup.contest_row(session, contest_id)
    return [records.team(r) for r in await in_contest(session, TeamRow, contest.id)]


async def get_team(session: AsyncSession, contest_id: int, code: str) -> Team:
    contest = await lookup.contest_row(session, contest_id)
    return records.team(await _team(session, contest.id, code))


async def update_team(session: AsyncSession, actor: Actor, contest_id: int, code: str, team: Team) -> Team:
    """Replace team `code` by `team`; Conflict (409) if it moves to another unit while its
    competitors stay in the old one."""
    contest = await lookup.contest_row(session, contest_id)
    typed(team)
    taken = f"team code {team.code!r} is already used in this contest"
    async with transaction(session, conflict=taken, path="code"):
        row = await _team(session, contest.id, code)
        unit = await unit_of(session, contest.id, team, "teams")
        if team.code != code and await lookup.team_row(session, contest.id, team.code) is not None:
            raise Conflict.at("code", taken)
        if unit.id != row.unit_id and (n := await count_referencing(session, CompetitorRow.team_id, row.id)):
            raise Conflict.at("unit", f"team {code!r} has {n} competitor(s) of unit {row.unit.code!r}: move them before moving the team")
        before = records.team(row)
        row.code, row.name, row.unit = team.code, team.name, unit
        audit.record(session, actor.username, "team.update", "team", code, contest_id=contest.id, before=before, after=team)
    return team


async def delete_team(session: AsyncSession, actor: Actor, contest_id: int, code: str) -> None:
    """Delete a team; Conflict (409) while competitors belong to it."""
    contest = await lookup.contest_row(session, contest_id)
    async with transaction(session, conflict=f"team {code!r} is still in use"):
        row = await _team(session, contest.id, code)
        if refused := in_use("team", code, {"competitor(s)": await count_referencing(session, CompetitorRow.team_id, row.id)}):
            raise refused
        before = records.team(row)
        await session.delete(row)
        audit.record(session, actor.username, "team.delete", "team", code, contest_id=contest.id, before=before)


async def _team(session: AsyncSession, contest_id: int, code: str) -> TeamRow:
    return found(await lookup.team_row(session, contest_id, code), "team", code)


# ---------------------------------------------------------------- competitors


async def add_competitor(session: AsyncSession, actor: Actor, contest_id: int, competitor: Competitor) -> Competitor:
    """Register a competitor. RegistrationError (400) naming `unit`, `team` or `event` when
    one does not exist (or the team is of another unit); Conflict (409) for an employee
    number already registered in the contest."""
    contest, definition = await lookup.current_contest(session, contest_id)
    typed(competitor)
    taken = f"employee number {competitor.employee_no!r} is already registered in this contest"
    async with transaction(session, conflict=taken, path="employee_no"):
        unit, team = await _references(session, contest.id, definition, competitor)
        if await lookup.competitor_row(session, contest.id, competitor.employee_no) is not None:
            raise Conflict.at("employee_no", taken)
        session.add(_competitor_row(contest.id, competitor, unit, team))
        audit.record(
            session, actor.username, "competitor.add", "competitor", competitor.employee_no, contest_id=contest.id, after=competitor
        )
    return competitor


async def list_competitors(session: AsyncSession, contest_id: int, event_id: str | None = None) -> list[Competitor]:
    """Competitors in registration order, optionally of one event only."""
    contest = await lookup.contest_row(session, contest_id)
    of_event = [CompetitorRow.event_id == event_id] if event_id is not None else []
    return [records.competitor(r) for r in await in_contest(session, CompetitorRow, contest.id, *of_event)]


async def get_competitor(session: AsyncSession, contest_id: int, employee_no: str) -> Competitor:
    contest = await lookup.contest_row(session, contest_id)
    return records.competitor(await _competitor(session, contest.id, employee_no))


async def update_competitor(session: AsyncSession, actor: Actor, contest_id: int, employee_no: str, competitor: Competitor) -> Competitor:
    """Replace competitor `employee_no`. Once marked, their unit and event are fixed
    (Conflict, 409). Moving to another event takes them out of the old event's draw."""
    contest, definition = await lookup.current_contest(session, contest_id)
    typed(competitor)
    taken = f"employee number {competitor.employee_no!r} is already registered in this contest"
    async with transaction(session, conflict=taken, path="employee_no"):
        row = await _competitor(session, contest.id, employee_no)
        unit, team = await _references(session, contest.id, definition, competitor)
        if competitor.employee_no != employee_no and await lookup.competitor_row(session, contest.id, competitor.employee_no):
            raise Conflict.at("employee_no", taken)
        moved = [f for f, changed in (("unit", unit.id != row.unit_id), ("event", competitor.event != row.event_id)) if changed]
        if moved and await lookup.marks_exist(session, contest.id, competitor_id=row.id):
            raise Conflict.at(moved[0], f"competitor {employee_no!r} already has marks: their {' and '.join(moved)} can no longer change")
        if "event" in moved:
            await session.execute(delete(DrawAssignmentRow).where(DrawAssignmentRow.competitor_id == row.id))
        before = records.competitor(row)
        row.employee_no, row.name, row.unit, row.team, row.event_id = (
            competitor.employee_no, competitor.name, unit, team, competitor.event,
        )  # fmt: skip
        audit.record(
            session, actor.username, "competitor.update", "competitor", employee_no,
            contest_id=contest.id, before=before, after=competitor,
        )  # fmt: skip
    return competitor


async def delete_competitor(session: AsyncSession, actor: Actor, contest_id: int, employee_no: str) -> None:
    """Delete a competitor (and their place in the current draw); Conflict (409) once marked."""
    contest = await lookup.contest_row(session, contest_id)
    async with transaction(session, conflict=f"competitor {employee_no!r} is still in use"):
        row = await _competitor(session, contest.id, employee_no)
        if await lookup.marks_exist(session, contest.id, competitor_id=row.id):
            raise Conflict.at("employee_no", f"competitor {employee_no!r} already has marks and cannot be deleted")
        await session.execute(delete(DrawAssignmentRow).where(DrawAssignmentRow.competitor_id == row.id))
        before = records.competitor(row)
        await session.delete(row)
        audit.record(session, actor.username, "competitor.delete", "competitor", employee_no, contest_id=contest.id, before=before)


async def _competitor(session: AsyncSession, contest_id: int, employee_no: str) -> CompetitorRow:
    return found(await lookup.competitor_row(session, contest_id, employee_no), "competitor", employee_no, "employee_no")


async def _references(
    session: AsyncSession, contest_id: int, definition: Contest, competitor: Competitor
) -> tuple[UnitRow, TeamRow | None]:
    """The competitor's unit and team rows; RegistrationError naming the field otherwise."""
    unit = await lookup.unit_row(session, contest_id, competitor.unit)
    team = await lookup.team_row(session, contest_id, competitor.team) if competitor.team is not None else None
    units = [r for r in (unit, team.unit if team is not None else None) if r is not None]
    reg = Registration(
        units=list({r.code: records.unit(r) for r in units}.values()),
        teams=[records.team(team)] if team is not None else [],
        competitors=[competitor],
    )
    check(reg, "competitors", definition)
    assert unit is not None  # check() refused an unknown unit
    return unit, team


def _competitor_row(contest_id: int, competitor: Competitor, unit: UnitRow, team: TeamRow | None) -> CompetitorRow:
    return CompetitorRow(
        contest_id=contest_id,
        employee_no=competitor.employee_no,
        name=competitor.name,
        unit=unit,
        team=team,
        event_id=competitor.event,
    )


__all__ = [
    "ImportKind",
    "add_competitor",
    "add_team",
    "add_unit",
    "delete_competitor",
    "delete_team",
    "delete_unit",
    "get_competitor",
    "get_team",
    "get_unit",
    "import_registrations",
    "list_competitors",
    "list_teams",
    "list_units",
    "update_competitor",
    "update_team",
    "update_unit",
]
