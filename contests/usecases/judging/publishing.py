"""Publishing (成绩发布): immutable, numbered standings snapshots of an event.

`publish_standings` (organiser) scores the event from the current marks and stores the
result as the next snapshot: the Standings JSON tagged with the definition version, each
competitor's breakdown (so the public page explains exactly what was published), and the
list of changes against the previous snapshot (`contests.results.diff_standings`), e.g.
after an upheld appeal. A snapshot row is never updated; republishing makes the next
number. Publishing needs the event unblinded (published results carry names) and every
module locked (final marks); publishing again with nothing changed is refused.

Published snapshots are public: `get_published`, `list_published`,
`get_published_breakdowns` and `latest_published` take no actor; the anonymous JSON serves
`public_copy` of a snapshot (no employee numbers). Provisional standings never are.

Races: publishing moves the state guard of every module of the event on (compare-and-set)
and snapshot numbers are unique per event; a racing publication reads again and finds
nothing changed, and a racing unlock makes the publication read the unlocked module.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.results.breakdown import Breakdown, event_breakdowns
from contests.results.diff import Change, diff_standings
from contests.results.exports import from_json, to_json
from contests.store.models import SnapshotRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.retrying import retrying
from contests.usecases.judging.event_scoring import score_event_now, standings_of
from contests.usecases.judging.loading import load_event_day
from contests.usecases.judging.state import compare_and_set, state_versions
from contests.usecases.judging.views import EventResults, PublishedResults, PublishedStandings, SnapshotSummary
from scoring.errors import Problem


async def publish_standings(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> PublishedStandings:
    """Publish the event's next snapshot (organiser). NotFound (404) for an unknown event;
    Conflict (409) while the event is blind, a module is unlocked, marks are owed, or
    nothing changed since the last snapshot."""
    access.require_role(actor, (access.ORGANISER,), "publish results")
    _, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)  # 404 before any attempt

    async def attempt() -> PublishedStandings:
        contest, definition = await lookup.current_contest(session, contest_id)  # each attempt loads its rows: see core.retrying
        event = lookup.event_of(definition, event_id)
        seen = await state_versions(session, contest.id, event_id, [m.id for m in event.modules])
        day = await load_event_day(session, contest.id, event_id, loaded=(contest, definition))
        if day.unblinded is None:
            raise Conflict.at("event_id", f"event {event_id!r} is still blind: the chief judge unblinds it before results are published")
        unlocked = day.open_modules
        if unlocked:
            raise Conflict([Problem(f"modules.{m}", f"module {event_id}/{m} is unlocked: publish final marks only") for m in unlocked])
        run = await score_event_now(session, contest, definition, event_id)
        previous = await _latest(session, contest.id, event_id)
        number = previous.number + 1 if previous else 1
        standings = await standings_of(session, run, snapshot=number)
        changes = diff_standings(from_json(previous.standings), standings) if previous else []
        if previous is not None and not changes and previous.definition_version == run.version:
            raise Conflict.at("event_id", f"nothing changed since snapshot {previous.number}: it stays the published one")
        breakdowns = event_breakdowns(run.scorer, run.result, run.marks, run.field.codes)
        await compare_and_set(session, contest.id, event_id, seen)
        row = SnapshotRow(
            contest_id=contest.id,
            event_id=event_id,
            number=number,
            definition_version=run.version,
            standings=to_json(standings).decode("utf-8"),
            breakdowns=msgspec.json.encode(breakdowns).decode("utf-8"),
            changes=msgspec.json.encode(changes).decode("utf-8"),
            created_by=actor.username,
        )
        session.add(row)
        await session.flush()
        audit.record(
            session, actor.username, "standings.publish", "standings", f"{event_id}/{number}", contest_id=contest.id,
            after={"number": number, "definition_version": run.version, "changes": len(changes)},
        )  # fmt: skip
        return _view(row, standings, changes)

    return await retrying(session, attempt, conflict="another snapshot was published at the same time: reload")


async def get_published(session: AsyncSession, contest_id: int, event_id: str, number: int | None = None) -> PublishedStandings:
    """A published snapshot (default: the latest). Public. NotFound (404) if none."""
    row = await _snapshot(session, contest_id, event_id, number)
    return _view(row, from_json(row.standings), msgspec.json.decode(row.changes, type=list[Change]))


def public_copy(published: PublishedStandings) -> PublishedStandings:
    """The snapshot as the anonymous 公示 shows it: names and units, never employee numbers
    (issue 10 item 3). The organiser's publish answer keeps them."""
    rows = tuple(msgspec.structs.replace(r, employee_no=None) for r in published.standings.rows)
    return msgspec.structs.replace(published, standings=msgspec.structs.replace(published.standings, rows=rows))


async def get_published_breakdowns(
    session: AsyncSession, contest_id: int, event_id: str, number: int | None = None
) -> dict[str, Breakdown]:
    """blind code → breakdown of a published snapshot (default: the latest). Public."""
    row = await _snapshot(session, contest_id, event_id, number)
    return msgspec.json.decode(row.breakdowns, type=dict[str, Breakdown])


async def list_published(session: AsyncSession, contest_id: int, event_id: str | None = None) -> list[SnapshotSummary]:
    """Every published snapshot of the contest (or one event), by event then number. Public."""
    contest, definition = await lookup.current_contest(session, contest_id)
    query = select(SnapshotRow).where(SnapshotRow.contest_id == contest.id)
    if event_id is not None:
        lookup.event_of(definition, event_id)
        query = query.where(SnapshotRow.event_id == event_id)
    rows = await session.scalars(query.order_by(SnapshotRow.event_id, SnapshotRow.number))
    return [
        SnapshotSummary(
            event_id=r.event_id, number=r.number, definition_version=r.definition_version, created_by=r.created_by,
            created_at=r.created_at, changes=len(msgspec.json.decode(r.changes)),
        )
        for r in rows
    ]  # fmt: skip


async def latest_published(session: AsyncSession, contest_id: int) -> PublishedResults:
    """The latest published snapshot of every event that has one, with its breakdowns, in
    definition order (the public page and workbook). Public. NotFound when the contest has
    published nothing."""
    contest, definition = await lookup.current_contest(session, contest_id)
    newest = (
        select(SnapshotRow.event_id, func.max(SnapshotRow.number).label("number"))
        .where(SnapshotRow.contest_id == contest.id)
        .group_by(SnapshotRow.event_id)
        .subquery()
    )
    query = select(SnapshotRow).join(newest, (SnapshotRow.event_id == newest.c.event_id) & (SnapshotRow.number == newest.c.number))
    rows = {r.event_id: r for r in await session.scalars(query.where(SnapshotRow.contest_id == contest.id))}
    if not rows:
        raise NotFound.at("contest_id", f"contest {contest_id} has no published results yet")
    events = [
        EventResults(
            published=_view(r, from_json(r.standings), msgspec.json.decode(r.changes, type=list[Change])),
            breakdowns=msgspec.json.decode(r.breakdowns, type=dict[str, Breakdown]),
        )
        for e in definition.events
        if (r := rows.get(e.id)) is not None
    ]
    return PublishedResults(name=definition.name, name_en=definition.name_en, events=events)


async def _latest(session: AsyncSession, contest_id: int, event_id: str) -> SnapshotRow | None:
    query = select(SnapshotRow).where(SnapshotRow.contest_id == contest_id, SnapshotRow.event_id == event_id)
    return await session.scalar(query.order_by(SnapshotRow.number.desc()).limit(1))


async def _snapshot(session: AsyncSession, contest_id: int, event_id: str, number: int | None) -> SnapshotRow:
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    if number is None:
        row = await _latest(session, contest.id, event_id)
    elif isinstance(number, int) and 1 <= number <= 2**31 - 1:
        query = select(SnapshotRow).where(
            SnapshotRow.contest_id == contest.id, SnapshotRow.event_id == event_id, SnapshotRow.number == number
        )
        row = await session.scalar(query)
    else:
        row = None
    if row is None:
        what = "no results published yet" if number is None else f"no published snapshot {number!r}"
        raise NotFound.at("number", f"event {event_id!r}: {what}")
    return row


def _view(row: SnapshotRow, standings, changes: list[Change]) -> PublishedStandings:
    return PublishedStandings(
        contest_id=row.contest_id,
        event_id=row.event_id,
        number=row.number,
        definition_version=row.definition_version,
        created_by=row.created_by,
        created_at=row.created_at,
        standings=standings,
        changes=list(changes),
    )


__all__ = ["get_published", "get_published_breakdowns", "latest_published", "list_published", "public_copy", "publish_standings"]
