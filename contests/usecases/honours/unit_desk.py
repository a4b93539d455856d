"""A unit nominator's desk (推荐单位): the rounds a login nominates in, and for one round the
unit, per title its places, how many nominations that allows, how many hold a place now and
whether the title is still open for nomination (the committee has not sat on it), and the
people and teams of the unit biwu holds (whom the unit may name).

Read-only; the counts are the ones `check_nomination` refuses against (`over_quota`): active
nominations (not withdrawn) of the unit for the title, against places × `nominations_per_place`.
"""

from __future__ import annotations

from collections import Counter

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.honours import Candidate, Round
from contests.honours.workflow import ACTIVE_STATES
from contests.store.honours import HonoursNominatorRow, HonoursRoundRow, HonoursVoteRow
from contests.usecases.core.errors import NotFound
from contests.usecases.honours import store
from contests.usecases.honours.people import nominator_unit


class NominatorRound(msgspec.Struct, kw_only=True, frozen=True):
    round_id: int
    slug: str
    name: str
    year: int
    stage: str
    unit: str


class TitleQuota(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    name: str
    kind: str
    places: int
    allowed: int  # nominations the unit may hold: places × nominations_per_place
    used: int
    open: bool  # nominations, withdrawals, amendments and uploads are possible (no sitting yet)

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.used)


class Desk(msgspec.Struct, kw_only=True, frozen=True):
    round_id: int
    name: str
    year: int
    stage: str
    unit: str
    unit_name: str
    quotas: list[TitleQuota]
    candidates: list[Candidate]  # the unit's people and teams, by code

    def quota(self, title: str) -> TitleQuota | None:
        return next((q for q in self.quotas if q.title == title), None)


async def my_rounds(session: AsyncSession, actor: Actor) -> list[NominatorRound]:
    """The rounds this login nominates in (newest first), with its unit in each."""
    query = (
        select(HonoursRoundRow, HonoursNominatorRow.unit)
        .join(HonoursNominatorRow, HonoursNominatorRow.round_id == HonoursRoundRow.id)
        .where(HonoursNominatorRow.username == actor.username)
        .order_by(HonoursRoundRow.year.desc(), HonoursRoundRow.id.desc())
    )
    return [
        NominatorRound(round_id=r.id, slug=r.slug, name=r.name, year=r.year, stage=r.stage, unit=unit)
        for r, unit in (await session.execute(query)).all()
    ]


async def desk(session: AsyncSession, actor: Actor, round_id: int, unit: str | None = None) -> Desk:
    """The unit's desk in a round (the nominator's own unit; the organiser names `unit`)."""
    own = await nominator_unit(session, round_id, actor)
    row, r = await store.current(session, round_id)
    code = own or unit
    found = r.unit(code) if code is not None else None
    if found is None:
        raise NotFound.at("unit", f"no unit {code!r} in round {r.id!r}")
    candidates = sorted((c for c in (await store.candidates(session, row.id)).values() if c.unit == found.code), key=lambda c: c.code)
    return Desk(
        round_id=row.id, name=r.name, year=r.year, stage=row.stage, unit=found.code, unit_name=found.name,
        quotas=await _quotas(session, row, r, found.code), candidates=candidates,
    )  # fmt: skip


async def _quotas(session: AsyncSession, row: HonoursRoundRow, r: Round, unit: str) -> list[TitleQuota]:
    used = Counter(n.title for n in await store.nomination_rows(session, row.id) if n.unit == unit and n.state in ACTIVE_STATES)
    sat = set((await session.scalars(select(HonoursVoteRow.title).where(HonoursVoteRow.round_id == row.id))).all())
    allocations = await store.allocations(session, row)
    lines = []
    for t in r.titles:
        if t.organisation is not None or t.id not in allocations:
            continue  # 优秀组织奖 is awarded by its formula, not nominated
        places = allocations[t.id].places().get(unit, 0)
        open_now = row.stage == "nominating" and t.id not in sat
        lines.append(TitleQuota(title=t.id, name=t.name, kind=t.kind, places=places, allowed=places * t.nominations_per_place,
                                used=used[t.id], open=open_now))  # fmt: skip
    return lines


__all__ = ["Desk", "NominatorRound", "TitleQuota", "desk", "my_rounds"]
