"""The contest pay sheet (竞赛奖金发放表) and the team results on paper, from published snapshots.

- `contest_pay_lines` (organiser, finance): one line per winner and paid award or title of
  every event's latest published snapshot, at the amounts of the definition version that
  snapshot was scored with (a prize added later counts once the event is published again,
  so the sheet always matches a list that was posted). 409 when none of those versions
  declares a prize; 404 before the first publication.
- `published_team_results` (public data, as the results are): the latest snapshot of every
  event that ranks teams; 409 when no event does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.paper.contest_pay import event_pay_lines
from contests.paper.pay_sheet import PayLine
from contests.results.standings import Standings
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict
from contests.usecases.judging import publishing

PAYERS = (access.ORGANISER, "finance")


async def contest_pay_lines(session: AsyncSession, actor: Actor, contest_id: int) -> tuple[str, list[PayLine]]:
    """(the contest's name, its pay lines in definition then rank order)."""
    access.require_role(actor, PAYERS, "print the pay sheet")
    results = await publishing.latest_published(session, contest_id)
    contest = await lookup.contest_row(session, contest_id)
    lines: list[PayLine] = []
    declared = False
    for e in results.events:
        version = await lookup.version_row(session, contest, e.published.definition_version)
        event = lookup.definition(version).event(e.published.event_id)
        prizes = event.prizes if event is not None else {}
        declared = declared or bool(prizes)
        lines += event_pay_lines(e.published.standings, prizes)
    if not declared:
        raise Conflict.at(
            "prizes",
            "no published event declares prize money: add events[].prizes (yuan per award) in a new version, then publish again",
        )
    return results.name, lines


async def published_team_results(session: AsyncSession, contest_id: int) -> list[tuple[Standings, dt.datetime]]:
    """(standings, published at) of each event whose latest snapshot ranks teams."""
    results = await publishing.latest_published(session, contest_id)
    events = [(e.published.standings, e.published.created_at) for e in results.events if e.published.standings.teams]
    if not events:
        raise Conflict.at("contest_id", f"contest {contest_id}: no published event ranks teams (declare rules.teams and publish)")
    return events


__all__ = ["PAYERS", "contest_pay_lines", "published_team_results"]
