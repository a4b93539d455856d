"""Honours lists on paper: the public copies of the 公示 and of the final list
(`contests.usecases.honours.outputs`: titles, names and units only) with what the printed
list needs beside them: the list's version and when that version was written. Readers are
those of the lists (the API guards them).

A list that does not exist yet is a 409 naming the round's stage, not a 404: the round is
there, it has not reached the step. The 公示 prints only while it runs; once the list is
final, the final list is the one to post.
"""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.honours.public import PublicEntry, PublicRevocation
from contests.paper.heading import Notice
from contests.store.honours import HonoursFinalRow, HonoursNoticeRow, HonoursRoundRow
from contests.usecases.core.errors import Conflict
from contests.usecases.honours import outputs, store


class HonoursList(msgspec.Struct, frozen=True, kw_only=True):
    round: str  # the round's name
    version: int
    made_at: dt.datetime  # when this version was written
    entries: list[PublicEntry]
    revocations: list[PublicRevocation] = []
    notice: Notice | None = None  # the 公示 period and contact (the 公示 only)


async def notice_list(session: AsyncSession, round_id: int) -> HonoursList:
    """The current 公示 (404 for an unknown round; 409 before it is posted or once final)."""
    row, _ = await store.current(session, round_id)
    _stage(row, "on_notice", "the 公示 prints only while it runs (on_notice)")
    copy = await outputs.public_notice_copy(session, round_id)
    made_at = await _made_at(session, HonoursNoticeRow, row.id, row.notice_version)
    notice = Notice(start=copy.start, end=copy.end, contact=copy.contact)
    return HonoursList(round=copy.round, version=row.notice_version, made_at=made_at, entries=copy.entries, notice=notice)


async def final_list(session: AsyncSession, round_id: int) -> HonoursList:
    """The current final list, revocations included (404 for an unknown round; 409 before it is final)."""
    row, _ = await store.current(session, round_id)
    _stage(row, "final", "the final list prints once the round is final")
    copy = await outputs.public_final_copy(session, round_id)
    made_at = await _made_at(session, HonoursFinalRow, row.id, copy.version)
    return HonoursList(round=copy.round, version=copy.version, made_at=made_at, entries=copy.entries, revocations=copy.revocations)


def _stage(row: HonoursRoundRow, wanted: str, why: str) -> None:
    if row.stage != wanted:
        raise Conflict.at("round_id", f"round {row.slug!r} is {row.stage!r}: {why}")


async def _made_at(
    session: AsyncSession, table: type[HonoursNoticeRow] | type[HonoursFinalRow], round_id: int, version: int
) -> dt.datetime:
    return await session.scalar(select(table.created_at).where(table.round_id == round_id, table.version == version))


__all__ = ["HonoursList", "final_list", "notice_list"]
