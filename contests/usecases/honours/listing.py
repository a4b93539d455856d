"""The honours rounds there are (评比活动列表), newest first, for the organiser's board to
open one: the stored head rows only (name, year, stage), no definition is decoded."""

from __future__ import annotations

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.store.honours import HonoursRoundRow


class RoundSummary(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    year: int
    stage: str  # nominating, on_notice, final


async def list_rounds(session: AsyncSession) -> list[RoundSummary]:
    rows = await session.scalars(select(HonoursRoundRow).order_by(HonoursRoundRow.id.desc()))
    return [RoundSummary(id=r.id, slug=r.slug, name=r.name, year=r.year, stage=r.stage) for r in rows]


__all__ = ["RoundSummary", "list_rounds"]
