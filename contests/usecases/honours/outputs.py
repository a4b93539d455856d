"""The round's outputs: the export tables (CSV/XLSX, Chinese headers) and the public copies
of the 公示 and the final list (`contests.honours.public`: only what a 公示 shows)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests.honours import Round
from contests.honours.export import Table, allocation_table, final_table, notice_table, organisation_table
from contests.honours.public import PublicFinal, PublicNotice, public_final, public_notice
from contests.usecases.core.errors import NotFound
from contests.usecases.honours import notice, organisation, rounds, store


def _units(r: Round) -> dict[str, str]:
    return {u.code: u.name for u in r.units}


async def allocation_export(session: AsyncSession, round_id: int) -> Table:
    _, r = await store.current(session, round_id)
    view = await rounds.get_allocations(session, round_id)
    return allocation_table(r.name, view.titles, {t.id: t.name for t in r.titles})


async def notice_export(session: AsyncSession, round_id: int) -> Table:
    _, r = await store.current(session, round_id)
    view = await notice.get_notice(session, round_id)
    return notice_table(r.name, view.notice, _units(r))


async def final_export(session: AsyncSession, round_id: int) -> Table:
    _, r = await store.current(session, round_id)
    view = await notice.get_final(session, round_id)
    return final_table(r.name, view.final, _units(r))


async def organisation_export(session: AsyncSession, round_id: int, title_id: str) -> Table:
    _, r = await store.current(session, round_id)
    view = await organisation.get_award(session, round_id, title_id)
    return organisation_table(r.name, view.name, view.lines, _units(r))


async def public_notice_copy(session: AsyncSession, round_id: int) -> PublicNotice:
    """The posted list as the public sees it (its last version once the list is final, marked
    so); 404 before anything is posted."""
    row, r = await store.current(session, round_id)
    if row.stage == "nominating":
        raise NotFound.at("round_id", f"round {round_id} has no list on public notice")
    view = await notice.get_notice(session, round_id)
    return public_notice(r.name, view.notice, _units(r), ended=row.stage == "final")


async def public_final_copy(session: AsyncSession, round_id: int) -> PublicFinal:
    _, r = await store.current(session, round_id)
    view = await notice.get_final(session, round_id)
    return public_final(r.name, view.final, _units(r))


__all__ = ["allocation_export", "final_export", "notice_export", "organisation_export", "public_final_copy", "public_notice_copy"]
