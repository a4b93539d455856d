"""What publishing now would change (发布预览), shown to the organiser before they confirm.

The preview computes exactly what `publishing.publish_standings` would store (the event's
standings from the current marks, numbered as the next snapshot) and its change list against
the last published snapshot (`contests.results.diff_standings`: rows that appear or go,
changed module scores, totals, ranks, awards, titles), without writing anything. It also
says why publishing would be refused now (still blind, a module unlocked, marks owed,
nothing changed) and who is left out because they were registered after the draw.

Confirming is a separate request: the organiser's screen sends back the number of the last
snapshot it previewed against (`expected_previous`), and `confirm_publication` refuses if
another snapshot was published in between, so what was confirmed is what was shown.
"""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.after_draw import AfterDraw
from contests.results.diff import Change, diff_standings
from contests.results.exports import from_json
from contests.results.standings import Standings
from contests.store.models import SnapshotRow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.event_scoring import score_event_now, standings_of
from contests.usecases.judging.loading import load_event_day
from contests.usecases.judging.publishing import publish_standings
from contests.usecases.judging.views import PublishedStandings
from contests.usecases.setup.after_draw import event_warning
from contests.usecases.setup.views import View


class Blocker(View, kw_only=True, frozen=True):
    """Why publishing would be refused now: where, and the rule."""

    path: str
    rule: str


class PublishPreview(View, kw_only=True, frozen=True):
    """`previous`: the last published snapshot's number (None: first publication); `number`:
    the one publishing would make. `changes` against `previous` (empty on a first
    publication: every row is new, see `standings`). `standings`: what would be published
    (None while the marks cannot be scored)."""

    event_id: str
    previous: int | None
    number: int
    ready: bool
    blockers: list[Blocker]
    changes: list[Change]
    standings: Standings | None
    after_draw: AfterDraw | msgspec.UnsetType = msgspec.UNSET


async def preview_publication(session: AsyncSession, actor: Actor, contest_id: int, event_id: str) -> PublishPreview:
    """The preview (organiser). NotFound (404) for an unknown event; never writes."""
    access.require_role(actor, (access.ORGANISER,), "preview a publication")
    contest, definition = await lookup.current_contest(session, contest_id)
    lookup.event_of(definition, event_id)
    day = await load_event_day(session, contest.id, event_id, loaded=(contest, definition))
    blockers = []
    if day.unblinded is None:
        blockers.append(Blocker(path="event_id", rule=f"event {event_id!r} is still blind: the chief judge unblinds it first"))
    blockers += [
        Blocker(path=f"modules.{m}", rule=f"module {event_id}/{m} is unlocked: publish final marks only") for m in day.open_modules
    ]
    previous = await _latest(session, contest.id, event_id)
    number = previous.number + 1 if previous else 1
    standings, changes = None, []
    try:
        run = await score_event_now(session, contest, definition, event_id)
    except Conflict as exc:  # marks owed, no draw, no panel: shown, not raised
        blockers += [Blocker(path=p.path, rule=p.rule) for p in exc.problems]
    else:
        standings = await standings_of(session, run, snapshot=number)
        changes = diff_standings(from_json(previous.standings), standings) if previous else []
        if previous is not None and not changes and previous.definition_version == run.version:
            blockers.append(Blocker(path="event_id", rule=f"nothing changed since snapshot {previous.number}: it stays the published one"))
    preview = PublishPreview(
        event_id=event_id, previous=previous.number if previous else None, number=number, ready=not blockers,
        blockers=blockers, changes=changes, standings=standings,
    )  # fmt: skip
    warning = await event_warning(session, contest.id, event_id)
    await session.rollback()  # read only: end the read transaction
    return preview if warning is None else msgspec.structs.replace(preview, after_draw=warning)


async def confirm_publication(
    session: AsyncSession, actor: Actor, contest_id: int, event_id: str, expected_previous: int | None
) -> PublishedStandings:
    """Publish, if the last snapshot is still the one the preview was made against: Conflict
    (409) naming `expected_previous` otherwise (someone published meanwhile: preview again)."""
    access.require_role(actor, (access.ORGANISER,), "publish results")
    contest = await lookup.contest_row(session, contest_id)
    latest = await _latest(session, contest.id, event_id)
    now = latest.number if latest else None
    await session.rollback()
    if now != expected_previous:
        seen = "none" if expected_previous is None else f"snapshot {expected_previous}"
        raise Conflict.at("expected_previous", f"the preview was made against {seen}, but snapshot {now} was published since: look again")
    return await publish_standings(session, actor, contest_id, event_id)


async def _latest(session: AsyncSession, contest_id: int, event_id: str) -> SnapshotRow | None:
    query = select(SnapshotRow).where(SnapshotRow.contest_id == contest_id, SnapshotRow.event_id == event_id)
    return await session.scalar(query.order_by(SnapshotRow.number.desc()).limit(1))


__all__ = ["Blocker", "PublishPreview", "confirm_publication", "preview_publication"]
