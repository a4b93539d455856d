"""The organiser's board (管理看板): quota use per title and unit, nominations by state, and
the eligibility problems of every recorded candidate for every nominated title."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.honours import ineligible
from contests.honours.workflow import ACTIVE_STATES
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.honours import store
from contests.usecases.honours.views import BoardLine, BoardView, EligibilityLine
from contests.usecases.labour.accidents import standing_for


async def board(session: AsyncSession, actor: Actor, round_id: int) -> BoardView:
    require_role(actor, (ORGANISER,), "read the board")
    row, r = await store.current(session, round_id)
    heads = await store.nomination_rows(session, row.id)
    used = Counter((n.title, n.unit) for n in heads if n.state in ACTIVE_STATES)
    lines = [
        BoardLine(title=a.title, unit=line.unit, places=line.places, used=used[(a.title, line.unit)])
        for a in (await store.allocations(session, row)).values()
        for line in a.lines
    ]
    return BoardView(round=row.slug, stage=row.stage, quota_use=lines, states=dict(Counter(n.state for n in heads)))


async def eligibility(session: AsyncSession, actor: Actor, round_id: int, title_id: str) -> list[EligibilityLine]:
    """Every recorded candidate of the title's kind with the rules that refuse them (empty: eligible)."""
    require_role(actor, (ORGANISER,), "read eligibility")
    row, r = await store.current(session, round_id)
    title = store.title_of(r, title_id)
    candidates = [c for c in (await store.candidates(session, row.id)).values() if c.kind == title.kind]
    history, accidents = await store.history(session)
    recorded = await standing_for(session, units={c.unit for c in candidates}, codes={c.code for c in candidates})
    found = ineligible(r, title, candidates, history=history, accidents=accidents, recorded=recorded)
    return [EligibilityLine(code=c.code, name=c.name, unit=c.unit, reasons=found[c.code]) for c in sorted(candidates, key=lambda c: c.code)]


__all__ = ["board", "eligibility"]
