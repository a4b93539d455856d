"""Loading honours rounds, their current definition and allocation snapshot, nominations,
candidates and the shared award history for the honours use-cases; missing records raise
NotFound naming the field. Children are loaded for a whole round in one query each."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.honours import Allocation, AttachmentRef, Candidate, Nomination, Round, Title, decode_round
from contests.store.honours import (
    HonoursAllocationRow,
    HonoursCandidateRow,
    HonoursNominationEventRow,
    HonoursNominationRow,
    HonoursNominationVersionRow,
    HonoursRoundRow,
    HonoursVersionRow,
    SafetyAccidentRow,
    TitleRecordRow,
)
from contests.titles import Accident, TitleAward, TitleHistory
from contests.usecases.core import lookup
from contests.usecases.core.errors import NotFound

T = TypeVar("T")


def encode(value) -> str:
    return msgspec.json.encode(value).decode("utf-8")


def decode(text: str, kind: type[T]) -> T:
    return msgspec.json.decode(text, type=kind)


async def round_row(session: AsyncSession, round_id: int) -> HonoursRoundRow:
    return await lookup.row_by_id(session, HonoursRoundRow, round_id, "round")


async def version_row(session: AsyncSession, row: HonoursRoundRow, version: int | None = None) -> HonoursVersionRow:
    return await lookup.versioned_row(session, HonoursVersionRow, row, version, "round")


def definition(row: HonoursVersionRow) -> Round:
    # stored definitions were validated when written; decoding checks types only
    return decode_round(row.definition, "json", validate=False)


async def current(session: AsyncSession, round_id: int) -> tuple[HonoursRoundRow, Round]:
    row = await round_row(session, round_id)
    return row, definition(await version_row(session, row))


def title_of(r: Round, title_id: str, path: str = "title") -> Title:
    title = r.title(title_id)
    if title is None:
        raise NotFound.at(path, f"no title {title_id!r} in round {r.id!r} (known: {', '.join(t.id for t in r.titles)})")
    return title


async def allocations(session: AsyncSession, row: HonoursRoundRow) -> dict[str, Allocation]:
    """title id → the allocation snapshot of the round's current version."""
    query = select(HonoursAllocationRow).where(HonoursAllocationRow.round_id == row.id, HonoursAllocationRow.version == row.current_version)
    return {a.title: decode(a.allocation, Allocation) for a in (await session.scalars(query)).all()}


async def nomination_rows(session: AsyncSession, round_id: int, title: str | None = None) -> list[HonoursNominationRow]:
    query = select(HonoursNominationRow).where(HonoursNominationRow.round_id == round_id)
    if title is not None:
        query = query.where(HonoursNominationRow.title == title)
    return list((await session.scalars(query.order_by(HonoursNominationRow.id))).all())


async def nomination_row(session: AsyncSession, round_id: int, code: str, path: str = "nomination") -> HonoursNominationRow:
    query = select(HonoursNominationRow).where(HonoursNominationRow.round_id == round_id, HonoursNominationRow.code == code)
    row = await session.scalar(query)
    if row is None:
        raise NotFound.at(path, f"no nomination {code!r} in this round")
    return row


async def current_versions(session: AsyncSession, rows: list[HonoursNominationRow]) -> dict[int, HonoursNominationVersionRow]:
    """nomination row id → its current version row, in one query."""
    if not rows:
        return {}
    wanted = {(r.id, r.current_version) for r in rows}
    query = select(HonoursNominationVersionRow).where(HonoursNominationVersionRow.nomination_id.in_([r.id for r in rows]))
    return {v.nomination_id: v for v in (await session.scalars(query)).all() if (v.nomination_id, v.version) in wanted}


async def events(session: AsyncSession, nomination_id: int) -> list[HonoursNominationEventRow]:
    query = select(HonoursNominationEventRow).where(HonoursNominationEventRow.nomination_id == nomination_id)
    return list((await session.scalars(query.order_by(HonoursNominationEventRow.seq))).all())


async def next_seq(session: AsyncSession, nomination_id: int) -> int:
    query = select(func.max(HonoursNominationEventRow.seq)).where(HonoursNominationEventRow.nomination_id == nomination_id)
    return (await session.scalar(query) or 0) + 1


def domain_nominations(rows: list[HonoursNominationRow], versions: dict[int, HonoursNominationVersionRow]) -> list[Nomination]:
    return [
        Nomination(
            id=r.code,
            title=r.title,
            unit=r.unit,
            nominee=r.nominee,
            record=versions[r.id].record,
            attachments=msgspec.json.decode(versions[r.id].attachments, type=list[AttachmentRef]),
        )
        for r in rows
    ]


async def candidates(session: AsyncSession, round_id: int) -> dict[str, Candidate]:
    """code → the newest version of each candidate's facts."""
    newest = (
        select(HonoursCandidateRow.code, func.max(HonoursCandidateRow.version).label("v"))
        .where(HonoursCandidateRow.round_id == round_id)
        .group_by(HonoursCandidateRow.code)
        .subquery()
    )
    query = select(HonoursCandidateRow).join(
        newest, (HonoursCandidateRow.code == newest.c.code) & (HonoursCandidateRow.version == newest.c.v)
    )
    rows = (await session.scalars(query.where(HonoursCandidateRow.round_id == round_id))).all()
    return {r.code: decode(r.facts, Candidate) for r in rows}


async def history(session: AsyncSession) -> tuple[TitleHistory, list[Accident]]:
    """The shared award history (oldest first) and every recorded safety accident."""
    records = (await session.scalars(select(TitleRecordRow).order_by(TitleRecordRow.id))).all()
    awards = [TitleAward(holder=r.holder, title=r.title, year=r.year, revoked=r.revoked, revoked_reason=r.revoked_reason) for r in records]
    accidents = (await session.scalars(select(SafetyAccidentRow).order_by(SafetyAccidentRow.id))).all()
    return TitleHistory(records=awards), [Accident(holder=a.holder, year=a.year, kind=a.kind) for a in accidents]


__all__ = [
    "allocations",
    "candidates",
    "current",
    "current_versions",
    "decode",
    "definition",
    "domain_nominations",
    "encode",
    "events",
    "history",
    "next_seq",
    "nomination_row",
    "nomination_rows",
    "round_row",
    "title_of",
    "version_row",
]
