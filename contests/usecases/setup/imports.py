"""Bulk import of units, teams or competitors from an organiser's CSV / XLSX sheet.

All-or-nothing: `contests.importing` parses the whole file against the stored units,
teams and events and the keys already taken, and reports every bad line in one
ImportRejected (400); only a file without a single problem is written, in one transaction
with one audit event listing what it created.
"""

from __future__ import annotations

from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.errors import ImportRejected
from contests.importing import parse_competitors, parse_teams, parse_units
from contests.store.models import CompetitorRow, TeamRow, UnitRow
from contests.usecases.core import lookup
from contests.usecases.core.transaction import transaction
from contests.usecases.setup import records
from contests.usecases.setup.views import ImportReport

Kind = Literal["units", "teams", "competitors"]
KINDS: tuple[str, ...] = get_args(Kind)


async def import_registrations(
    session: AsyncSession, actor: Actor, contest_id: int, kind: Kind, data: bytes, filename: str
) -> ImportReport:
    """Import every row of the sheet or none. `filename` (or just "csv" / "xlsx") gives the
    file type. ImportRejected (400) names each bad line, including keys already stored."""
    contest, definition = await lookup.current_contest(session, contest_id)
    if kind not in KINDS:
        raise ImportRejected.at("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    clash = "records were added meanwhile that clash with this file: nothing was imported, try again"
    async with transaction(session, conflict=clash):
        units = {r.code: r for r in await session.scalars(select(UnitRow).where(UnitRow.contest_id == contest.id))}
        if kind == "units":
            parsed = parse_units(data, filename, taken=units.keys())
            session.add_all(UnitRow(contest_id=contest.id, code=u.code, name=u.name, headcount=u.headcount) for u in parsed)
        else:
            teams = {r.code: r for r in await session.scalars(select(TeamRow).where(TeamRow.contest_id == contest.id))}
            unit_list = [records.unit(r) for r in units.values()]
            if kind == "teams":
                parsed = parse_teams(data, filename, units=unit_list, taken=teams.keys())
                session.add_all(TeamRow(contest_id=contest.id, code=t.code, name=t.name, unit=units[t.unit]) for t in parsed)
            else:
                taken = set(await session.scalars(select(CompetitorRow.employee_no).where(CompetitorRow.contest_id == contest.id)))
                team_list = [records.team(r) for r in teams.values()]
                parsed = parse_competitors(data, filename, units=unit_list, teams=team_list, events=definition.events, taken=taken)
                session.add_all(
                    CompetitorRow(
                        contest_id=contest.id,
                        employee_no=c.employee_no,
                        name=c.name,
                        unit=units[c.unit],
                        team=teams[c.team] if c.team is not None else None,
                        event_id=c.event,
                    )
                    for c in parsed
                )
        audit.record(
            session, actor.username, f"{kind[:-1]}.import", kind[:-1], filename or kind,
            contest_id=contest.id, after={"filename": filename, "created": len(parsed), "records": parsed},
        )  # fmt: skip
    return ImportReport(created=len(parsed), kind=kind)


__all__ = ["KINDS", "Kind", "import_registrations"]
