"""Loading what use-cases check against: the contest and its current definition, people by
code, and whether marks exist. Missing things raise NotFound with the field that named them.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.definition import Contest, Event, decode_contest
from contests.fields import INT32_MAX
from contests.store.models import CompetitorRow, ContestRow, ContestVersionRow, JudgeRow, MarkRow, TeamRow, UnitRow
from contests.usecases.core.errors import NotFound
from scoring.errors import Problem
from scoring.module import Module


def _valid_id(value: object) -> bool:
    # ids beyond int32 cannot exist, and would overflow the driver: answer 404, not 500
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= INT32_MAX


async def row_by_id(session: AsyncSession, model, row_id: int, what: str):
    """The `model` row with primary key `row_id`, or NotFound at `{what}_id`."""
    row = await session.get(model, row_id) if _valid_id(row_id) else None
    if row is None:
        raise NotFound.at(f"{what}_id", f"no {what} with id {row_id!r}")
    return row


async def versioned_row(session: AsyncSession, model, parent, version: int | None, what: str):
    """Version `version` (default: current) of a versioned definition (contest, campaign):
    `model` has `{what}_id` and `version` columns; NotFound at `version` otherwise."""
    wanted = parent.current_version if version is None else version
    row = None
    if _valid_id(wanted):
        query = select(model).where(getattr(model, f"{what}_id") == parent.id, model.version == wanted)
        row = await session.scalar(query)
    if row is None:
        raise NotFound.at("version", f"{what} {parent.slug!r} has no version {wanted!r} (current: {parent.current_version})")
    return row


async def contest_row(session: AsyncSession, contest_id: int) -> ContestRow:
    return await row_by_id(session, ContestRow, contest_id, "contest")


async def version_row(session: AsyncSession, contest: ContestRow, version: int | None = None) -> ContestVersionRow:
    return await versioned_row(session, ContestVersionRow, contest, version, "contest")


def definition(version: ContestVersionRow) -> Contest:
    # stored definitions were validated when written; decoding checks types only
    return decode_contest(version.definition, "json", validate=False)


async def current_contest(session: AsyncSession, contest_id: int) -> tuple[ContestRow, Contest]:
    contest = await contest_row(session, contest_id)
    return contest, definition(await version_row(session, contest))


def event_of(contest: Contest, event_id: str, path: str = "event_id") -> Event:
    event = contest.event(event_id)
    if event is None:
        known = ", ".join(repr(e.id) for e in contest.events)
        raise NotFound.at(path, f"unknown event {event_id!r} (events: {known})")
    return event


def module_of(event: Event, module_id: str, path: str = "module_id") -> Module:
    module = event.module(module_id)
    if module is None:
        known = ", ".join(repr(m.id) for m in event.modules)
        raise NotFound.at(path, f"unknown module {module_id!r} of event {event.id!r} (modules: {known})")
    return module


async def unit_row(session: AsyncSession, contest_id: int, code: str) -> UnitRow | None:
    return await session.scalar(select(UnitRow).where(UnitRow.contest_id == contest_id, UnitRow.code == code))


async def team_row(session: AsyncSession, contest_id: int, code: str) -> TeamRow | None:
    return await session.scalar(select(TeamRow).where(TeamRow.contest_id == contest_id, TeamRow.code == code))


async def competitor_row(session: AsyncSession, contest_id: int, employee_no: str) -> CompetitorRow | None:
    query = select(CompetitorRow).where(CompetitorRow.contest_id == contest_id, CompetitorRow.employee_no == employee_no)
    return await session.scalar(query)


async def judge_row(session: AsyncSession, contest_id: int, code: str) -> JudgeRow | None:
    return await session.scalar(select(JudgeRow).where(JudgeRow.contest_id == contest_id, JudgeRow.code == code))


def missing(what: str, key: str, path: str) -> NotFound:
    return NotFound.at(path, f"no {what} {key!r} in this contest")


async def marks_exist(session: AsyncSession, contest_id: int, **where: object) -> bool:
    """True if any mark matches: filters by MarkRow column (event_id=, module_id=, judge_id= …)."""
    query = select(MarkRow.id).where(MarkRow.contest_id == contest_id)
    for column, value in where.items():
        query = query.where(getattr(MarkRow, column) == value)
    return bool(await session.scalar(select(exists(query))))


async def marked_modules(session: AsyncSession, contest_id: int) -> set[tuple[str, str]]:
    """(event_id, module_id) of every module that has at least one mark."""
    query = select(MarkRow.event_id, MarkRow.module_id).where(MarkRow.contest_id == contest_id).distinct()
    return {(e, m) for e, m in (await session.execute(query)).all()}


def reroot(problems: list[Problem], prefix: str) -> list[Problem]:
    """Problems of a one-record Registration re-rooted at the API body: with prefix
    "competitors[0]", `competitors[0].unit` becomes `unit`."""
    out = []
    for p in problems:
        path = p.path
        if path == prefix:
            path = ""
        elif path.startswith(prefix + "."):
            path = path[len(prefix) + 1 :]
        out.append(Problem(path, p.rule))
    return out


__all__ = [
    "competitor_row",
    "contest_row",
    "current_contest",
    "definition",
    "event_of",
    "judge_row",
    "marked_modules",
    "marks_exist",
    "missing",
    "module_of",
    "reroot",
    "team_row",
    "unit_row",
    "version_row",
]
