"""A competitor's explanation (成绩说明): from raw marks to rank, for an appeal.

Two readings:
- `explain_competitor` (organiser, chief judge): the current marks, re-evaluated by
  `scoring.explain` for one blind code with every intermediate (each judge's marks and which
  the trim dropped, the band used, deductions against their caps, vetoes, weights, rounding,
  rank and tie-break). Blind until the event is unblinded: the blind code, never a name or a
  unit, and the tie-break draw by blind codes (never registration positions).
- `public_explanation` (anyone, after publication): the published snapshot's row and its
  breakdown, frozen at publication, so it explains exactly what the 公示 shows; no
  employee number and no judge-by-judge marks (those stay with the chief judge and appeals).

Both read the engine's own figures, so the explanation cannot disagree with the total.
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.judging.field import unknown_code
from contests.results.breakdown import Breakdown
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import NotFound
from contests.usecases.judging import publishing
from contests.usecases.judging.event_scoring import EventScoring, score_event_now
from scoring.explain import ModuleLine, explain


class ExplanationView(msgspec.Struct, kw_only=True, frozen=True):
    """`scoring.explain.Explanation` of one blind code, with the panel's judge codes (the
    order of every `marks` list) and, once unblinded, the competitor's name and unit."""

    contest_id: int
    event_id: str
    blind_code: str
    unblinded: bool
    name: str | None  # None while the event is blind
    unit: str | None
    judges: dict[str, list[str]]  # module id → panel judge codes, the columns of `marks`
    modules: list[ModuleLine]
    total_unrounded: float
    total: float
    total_units: int  # the very integer the standings rank on
    rounding: str
    disqualified: bool
    rank: int  # 0: not placed (disqualified)
    decided_by: str
    draw: list[str] | None  # blind codes of the recorded lot draw this competitor was in
    award: str | None
    titles: list[str]
    standardised: float | None
    medal: str | None


class PublicExplanation(msgspec.Struct, kw_only=True, frozen=True):
    """One row of a published snapshot and its breakdown: what the public page shows, as JSON."""

    contest_id: int
    event_id: str
    snapshot: int
    blind_code: str
    name: str | None
    unit: str | None
    team: str | None
    rank: int
    places: int  # decimal places of the totals
    total_units: int
    decided_by: str
    decided_by_en: str
    award: str | None
    award_en: str | None
    titles: list[str]
    titles_en: list[str]
    medal: str | None
    breakdown: Breakdown


async def explain_competitor(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, blind_code: str) -> ExplanationView:
    """The explanation of `blind_code` from the current marks (organiser or chief judge).
    NotFound (404) for an unknown event or blind code; Conflict (409) when the event cannot be
    scored yet (before the draw, without a panel, marks owed under the "error" policy)."""
    access.require_role(actor, access.STAFF, "read a competitor's explanation")
    contest, definition = await lookup.current_contest(session, contest_id)
    run = await score_event_now(session, contest, definition, event_id)
    return explanation_of(run, blind_code)


def explanation_of(run: EventScoring, blind_code: str) -> ExplanationView:
    """The explanation of one blind code of a scored event (names only once unblinded)."""
    position = run.field.by_code.get(blind_code)
    if position is None:
        raise NotFound([unknown_code(blind_code, run.event.id, "blind_code")])
    found = explain(run.scorer, run.result, run.marks, position)
    drawn = run.field.assignments[position]
    codes = run.field.codes
    return ExplanationView(
        contest_id=run.contest.id,
        event_id=run.event.id,
        blind_code=blind_code,
        unblinded=run.revealed,
        name=drawn.competitor.name if run.revealed else None,
        unit=drawn.unit_name if run.revealed else None,
        judges={m: [j.code for j in cells.judges] for m, cells in run.cells.items()},
        modules=found.modules,
        total_unrounded=found.total_unrounded,
        total=found.total,
        total_units=found.total_units,
        rounding=found.rounding,
        disqualified=found.disqualified,
        rank=found.rank,
        decided_by=found.decided_by,
        draw=[codes[i] for i in found.draw] if found.draw is not None else None,
        award=found.award,
        titles=found.titles,
        standardised=found.standardised,
        medal=found.medal,
    )


async def public_explanation(
    session: AsyncSession, contest_id: int, event_id: str, blind_code: str, number: int | None = None
) -> PublicExplanation:
    """A published row and its breakdown (default: the latest snapshot). Public. NotFound
    (404) while nothing is published, and for a blind code the snapshot does not hold."""
    published = await publishing.get_published(session, contest_id, event_id, number)
    breakdowns = await publishing.get_published_breakdowns(session, contest_id, event_id, published.number)
    standings = published.standings
    row = next((r for r in standings.rows if r.blind_code == blind_code), None)
    if row is None or blind_code not in breakdowns:
        raise NotFound.at("blind_code", f"snapshot {published.number} of event {event_id!r} has no row for this blind code")
    return PublicExplanation(
        contest_id=published.contest_id,
        event_id=event_id,
        snapshot=published.number,
        blind_code=blind_code,
        name=row.name,
        unit=row.unit,
        team=row.team,
        rank=row.rank,
        places=standings.places,
        total_units=row.total_units,
        decided_by=row.decided_by,
        decided_by_en=row.decided_by_en,
        award=row.award,
        award_en=row.award_en,
        titles=list(row.titles),
        titles_en=list(row.titles_en),
        medal=row.medal,
        breakdown=breakdowns[blind_code],
    )


__all__ = ["ExplanationView", "PublicExplanation", "explain_competitor", "explanation_of", "public_explanation"]
