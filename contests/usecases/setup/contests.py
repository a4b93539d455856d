"""Contests and their versioned definitions.

A definition is stored whole, as JSON, one immutable row per version; the contest row
points at the current one. A new version may change anything except the contest's id
(slug), with two guards against rewriting history:
- a module that already has marks keeps its scheme, weight, scale and aggregation (the
  marks were given against them; RULES.md: the scheme is fixed before marking);
- events and modules still used by competitors, panels or marks cannot disappear.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.definition import Contest, encode_contest, validate_contest
from contests.store.models import CompetitorRow, ContestRow, ContestVersionRow, PanelMemberRow
from contests.usecases.core import lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.setup.views import ContestSummary, ContestView
from scoring.errors import Problem
from scoring.module import Module

# what a mark's meaning depends on; names, pass marks and event rules may still change
_MARKED_FIELDS = ("scheme", "weight", "scale_to", "aggregation")


async def create_contest(session: AsyncSession, actor: Actor, definition: Contest) -> ContestView:
    """Store a new contest as version 1. DefinitionError (400) if invalid; Conflict (409)
    if a contest with the same id (slug) exists."""
    validate_contest(definition)
    taken = f"a contest with id {definition.id!r} already exists"
    async with transaction(session, conflict=taken, path="id"):
        if await session.scalar(select(ContestRow.id).where(ContestRow.slug == definition.id)) is not None:
            raise Conflict.at("id", taken)
        contest = ContestRow(slug=definition.id, name=definition.name, current_version=1)
        session.add(contest)
        await session.flush()  # assigns contest.id
        version = _version_row(contest, 1, definition, actor)
        session.add(version)
        audit.record(session, actor.username, "contest.create", "contest", definition.id, contest_id=contest.id, after=_summary(contest))
    return _view(contest, version, definition)


async def get_contest(session: AsyncSession, contest_id: int, version: int | None = None) -> ContestView:
    """The current definition, or the given version; NotFound (404) for either missing."""
    contest = await lookup.contest_row(session, contest_id)
    row = await lookup.version_row(session, contest, version)
    return _view(contest, row, lookup.definition(row))


async def list_contests(session: AsyncSession) -> list[ContestSummary]:
    rows = (await session.scalars(select(ContestRow).order_by(ContestRow.id))).all()
    return [_summary(r) for r in rows]


async def new_version(session: AsyncSession, actor: Actor, contest_id: int, definition: Contest) -> ContestView:
    """Store `definition` as the contest's next version. DefinitionError (400) if invalid;
    Conflict (409) if it changes the id, a marked module's scheme / weight / scale /
    aggregation, or drops an event or module still in use."""
    contest = await lookup.contest_row(session, contest_id)
    validate_contest(definition)
    if definition.id != contest.slug:
        raise Conflict.at("id", f"a contest keeps its id: this is {contest.slug!r}, the new version says {definition.id!r}")
    clash = f"contest {contest.slug!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        old = lookup.definition(await lookup.version_row(session, contest))
        problems = await _history_problems(session, contest.id, old, definition)
        if problems:
            raise Conflict(problems)
        before = _summary(contest)
        contest.current_version += 1
        contest.name = definition.name
        version = _version_row(contest, contest.current_version, definition, actor)
        session.add(version)
        audit.record(
            session, actor.username, "contest.new_version", "contest", contest.slug,
            contest_id=contest.id, before=before, after=_summary(contest),
        )  # fmt: skip
    return _view(contest, version, definition)


# ---------------------------------------------------------------- guards


async def _history_problems(session: AsyncSession, contest_id: int, old: Contest, new: Contest) -> list[Problem]:
    marked = await lookup.marked_modules(session, contest_id)
    problems = _marked_module_problems(old, new, marked)
    problems += _dropped_event_problems(new, await _events_in_use(session, contest_id))
    problems += _dropped_module_problems(new, await _modules_in_use(session, contest_id) | marked)
    return list(dict.fromkeys(problems))


def _marked_module_problems(old: Contest, new: Contest, marked: set[tuple[str, str]]) -> list[Problem]:
    problems = []
    for ei, event in enumerate(new.events):
        old_event = old.event(event.id)
        for mi, module in enumerate(event.modules):
            if (event.id, module.id) not in marked or old_event is None:
                continue
            before = old_event.module(module.id)
            changed = [f for f in _MARKED_FIELDS if before is not None and _differs(before, module, f)]
            if changed:
                problems.append(
                    Problem(
                        f"events[{ei}].modules[{mi}]",
                        f"module {module.id!r} of event {event.id!r} already has marks: its {', '.join(changed)} can no longer change",
                    )
                )
    return problems


def _differs(old: Module, new: Module, field: str) -> bool:
    # compare as builtins: 70 and 70.0 are the same weight
    return msgspec.to_builtins(getattr(old, field)) != msgspec.to_builtins(getattr(new, field))


def _dropped_event_problems(new: Contest, in_use: dict[str, str]) -> list[Problem]:
    return [
        Problem("events", f"event {event_id!r} cannot be removed: it has {why}")
        for event_id, why in sorted(in_use.items())
        if new.event(event_id) is None
    ]


def _dropped_module_problems(new: Contest, in_use: set[tuple[str, str]]) -> list[Problem]:
    problems = []
    for event_id, module_id in sorted(in_use):
        event = new.event(event_id)
        if event is None:
            problems.append(Problem("events", f"event {event_id!r} cannot be removed: module {module_id!r} has a panel or marks"))
        elif event.module(module_id) is None:
            at = next(i for i, e in enumerate(new.events) if e.id == event_id)
            problems.append(Problem(f"events[{at}].modules", f"module {module_id!r} cannot be removed: it has a panel or marks"))
    return problems


async def _events_in_use(session: AsyncSession, contest_id: int) -> dict[str, str]:
    query = select(CompetitorRow.event_id, func.count()).where(CompetitorRow.contest_id == contest_id).group_by(CompetitorRow.event_id)
    return {event_id: f"{n} competitor(s) registered" for event_id, n in (await session.execute(query)).all()}


async def _modules_in_use(session: AsyncSession, contest_id: int) -> set[tuple[str, str]]:
    query = select(PanelMemberRow.event_id, PanelMemberRow.module_id).where(PanelMemberRow.contest_id == contest_id).distinct()
    return {(e, m) for e, m in (await session.execute(query)).all()}


# ---------------------------------------------------------------- rows and views


def _version_row(contest: ContestRow, version: int, definition: Contest, actor: Actor) -> ContestVersionRow:
    return ContestVersionRow(
        contest_id=contest.id,
        version=version,
        definition=encode_contest(definition, "json").decode("utf-8"),
        created_by=actor.username,
    )


def _view(contest: ContestRow, version: ContestVersionRow, definition: Contest) -> ContestView:
    return ContestView(id=contest.id, slug=contest.slug, version=version.version, definition=definition, created_at=version.created_at)


def _summary(contest: ContestRow) -> ContestSummary:
    return ContestSummary(id=contest.id, slug=contest.slug, name=contest.name, version=contest.current_version)


__all__ = ["create_contest", "get_contest", "list_contests", "new_version"]
