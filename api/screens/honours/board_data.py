"""What the organiser's honours board (评比看板) shows, gathered from the honours use-cases
the API's own routes call: per title the quota allocation with its arithmetic, the places
used per unit, the nominations with the eligibility rules that refuse their nominee today,
the committee's latest sitting and its counts; for the round, the 公示 (period, objections,
decisions) and the final list. Nothing here counts, checks or decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.honours import Allocation, Ineligible, Title
from contests.honours.vote import VoteCount
from contests.usecases.core.errors import NotFound
from contests.usecases.honours import board as board_uc
from contests.usecases.honours import nominations as nominations_uc
from contests.usecases.honours import notice as notice_uc
from contests.usecases.honours import rounds, votes
from contests.usecases.honours.views import BoardView, FinalView, NominationView, NoticeView, RoundView, SittingView


@dataclass(frozen=True)
class NomineeLine:
    nomination: NominationView
    unit_name: str
    problems: list[Ineligible]  # the rules that refuse the nominee on today's records (empty: eligible)
    count: VoteCount | None  # the latest tally's count for this nomination


@dataclass(frozen=True)
class TitleBoard:
    title: Title
    allocation: Allocation | None  # None: an organisation award (by formula, not allocated)
    used: dict[str, int]  # unit → nominations counting against its places
    nominees: list[NomineeLine]
    sitting: SittingView | None  # the latest sitting; None before the committee sits

    @property
    def flagged(self) -> int:
        return sum(1 for n in self.nominees if n.problems)

    @property
    def may_open_vote(self) -> bool:
        """A first sitting on nominations, or the run-off a tied tally needs."""
        if self.title.organisation is not None:
            return False
        if self.sitting is None:
            return any(n.nomination.state == "nominated" for n in self.nominees)
        return self.sitting.state == "tallied" and bool(self.sitting.outcome and self.sitting.outcome.tied)


@dataclass(frozen=True)
class RoundBoard:
    round: RoundView
    summary: BoardView
    titles: list[TitleBoard]
    units: dict[str, str]  # code → name
    names: dict[str, str] = field(default_factory=dict)  # nomination code → nominee's name
    notice: NoticeView | None = None
    final: FinalView | None = None


async def round_board(session: AsyncSession, actor: Actor, round_id: int) -> RoundBoard:
    summary = await board_uc.board(session, actor, round_id)  # organiser only, as the API's board
    view = await rounds.get_round(session, round_id)
    r = view.definition
    units = {u.code: u.name for u in r.units}
    allocations = {a.title: a for a in (await rounds.get_allocations(session, round_id)).titles}
    every = await nominations_uc.list_nominations(session, actor, round_id)
    titles = [await _title(session, actor, round_id, t, allocations.get(t.id), summary, every, units) for t in r.titles]
    notice = await notice_uc.get_notice(session, round_id) if summary.stage != "nominating" else None
    final = await notice_uc.get_final(session, round_id) if summary.stage == "final" else None
    names = {n.id: n.name for n in every}
    return RoundBoard(round=view, summary=summary, titles=titles, units=units, names=names, notice=notice, final=final)


async def _title(session, actor, round_id, title: Title, allocation, summary: BoardView, every, units) -> TitleBoard:
    used = {line.unit: line.used for line in summary.quota_use if line.title == title.id}
    mine = [n for n in every if n.title == title.id]
    if title.organisation is not None:
        return TitleBoard(title=title, allocation=None, used=used, nominees=[], sitting=None)
    problems = {line.code: line.reasons for line in await board_uc.eligibility(session, actor, round_id, title.id)}
    sitting = await _sitting(session, actor, round_id, title.id)
    counts = {c.nomination: c for c in sitting.outcome.counts} if sitting and sitting.outcome else {}
    nominees = [NomineeLine(n, units.get(n.unit, n.unit), problems.get(n.nominee, []), counts.get(n.id)) for n in mine]
    return TitleBoard(title=title, allocation=allocation, used=used, nominees=nominees, sitting=sitting)


async def _sitting(session: AsyncSession, actor: Actor, round_id: int, title_id: str) -> SittingView | None:
    try:
        return await votes.get_sitting(session, actor, round_id, title_id)
    except NotFound:
        return None


__all__ = ["NomineeLine", "RoundBoard", "TitleBoard", "round_board"]
