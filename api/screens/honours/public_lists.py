"""The public 公示 and final list as the anonymous pages show them (an allow-list).

The 公示 shows, per posted nominee, what a 公示 legitimately shows: title, unit, name (or the
collective's name) and a summary of the 事迹 (its first `SUMMARY_CHARS` characters); with the
period, the contact line and how to object. The final list shows title, unit and name, and
the titles revoked since with their date. Never public: codes, vote counts, objections and
their grounds, decisions, nominators or any fact eligibility was judged on. The rows are
copied field by field from the public copies of `contests.honours.public` (plus the summary),
so a field added to a use-case's view does not reach the public page by accident.
"""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.honours.public import PublicEntry, PublicRevocation
from contests.usecases.honours import notice as notice_uc
from contests.usecases.honours import outputs, store

SUMMARY_CHARS = 120


class NoticeLine(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    unit: str
    name: str
    summary: str  # the 事迹, shortened


class NoticePage(msgspec.Struct, frozen=True, kw_only=True):
    round_id: int
    round: str
    start: dt.date
    end: dt.date
    contact: str
    ended: bool  # the list is final: the 公示 as it last stood
    lines: list[NoticeLine]

    def by_title(self) -> list[tuple[str, list[NoticeLine]]]:
        return _by_title(self.lines)


class FinalPage(msgspec.Struct, frozen=True, kw_only=True):
    round_id: int
    round: str
    year: int
    version: int
    made: dt.date
    entries: list[PublicEntry]
    revocations: list[PublicRevocation]

    def by_title(self) -> list[tuple[str, list[PublicEntry]]]:
        return _by_title(self.entries)


def _by_title(rows: list) -> list[tuple[str, list]]:
    """Rows grouped by title in the list's own order (the round's title order)."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.title, []).append(row)
    return list(groups.items())


def summary(record: str) -> str:
    text = " ".join(record.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "…"


async def notice_page(session: AsyncSession, round_id: int) -> NoticePage:
    """404 before anything is posted (as the public JSON)."""
    copy = await outputs.public_notice_copy(session, round_id)
    posted = (await notice_uc.get_notice(session, round_id)).notice.entries  # the same entries, in the same order
    row, _ = await store.current(session, round_id)
    heads = [n for n in await store.nomination_rows(session, row.id) if n.code in {e.nomination for e in posted}]
    versions = await store.current_versions(session, heads)
    records = {n.code: versions[n.id].record for n in heads}
    lines = [
        NoticeLine(title=p.title, unit=p.unit, name=p.name, summary=summary(records.get(e.nomination, "")))
        for p, e in zip(copy.entries, posted, strict=True)
    ]
    return NoticePage(
        round_id=round_id, round=copy.round, start=copy.start, end=copy.end, contact=copy.contact, ended=copy.ended, lines=lines
    )


async def final_page(session: AsyncSession, round_id: int) -> FinalPage:
    """404 before the list is final."""
    copy = await outputs.public_final_copy(session, round_id)
    entries = [PublicEntry(title=e.title, unit=e.unit, name=e.name) for e in copy.entries]
    revoked = [PublicRevocation(title=r.title, unit=r.unit, name=r.name, on=r.on) for r in copy.revocations]
    return FinalPage(
        round_id=round_id, round=copy.round, year=copy.year, version=copy.version, made=copy.made, entries=entries, revocations=revoked
    )


__all__ = ["SUMMARY_CHARS", "FinalPage", "NoticeLine", "NoticePage", "final_page", "notice_page", "summary"]
