"""An honours round (评比活动) and its versioned definition (TOML or JSON, `contests.honours`).

Creating stores version 1 and the quota allocation (名额分配) of every nominated title with its
arithmetic: the snapshot nominations are checked against. A new version is accepted while no
nomination has been made (the quotas a unit nominated under must not move under it); every
version is kept and audited. An invalid definition is refused with every problem's path and
rule (RoundError → 409); a quota the headcounts cannot share (QuotaError) likewise.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.honours import Round, allocate, decode_round, validate_round
from contests.store.honours import HonoursAllocationRow, HonoursNominationRow, HonoursRoundRow, HonoursVersionRow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.views import AllocationsView, Format, RoundView


async def create_round(session: AsyncSession, actor: Actor, definition: Round) -> RoundView:
    """Store a new round as version 1 with its allocations; Conflict (409) if its id is taken."""
    require_role(actor, (ORGANISER,), "define an honours round")
    validate_round(definition)
    snapshots = _allocations(definition)
    taken = f"an honours round with id {definition.id!r} already exists"
    async with transaction(session, conflict=taken, path="id"):
        if await session.scalar(select(HonoursRoundRow.id).where(HonoursRoundRow.slug == definition.id)) is not None:
            raise Conflict.at("id", taken)
        row = HonoursRoundRow(
            slug=definition.id, name=definition.name, year=definition.year, current_version=1, stage="nominating",
            notice_version=0, final_version=0,
        )  # fmt: skip
        session.add(row)
        await session.flush()
        _add_version(session, row, definition, snapshots, actor)
        audit.record(session, actor.username, "honours.create", "honours_round", row.slug, after=_summary(row))
    return _view(row, 1, definition)


async def import_round(session: AsyncSession, actor: Actor, data: bytes | str, fmt: Format = "toml") -> RoundView:
    """Create from a TOML or JSON file (RoundError names each problem's path and rule)."""
    require_role(actor, (ORGANISER,), "define an honours round")
    return await create_round(session, actor, decode_round(data, fmt))


async def get_round(session: AsyncSession, round_id: int, version: int | None = None) -> RoundView:
    row = await store.round_row(session, round_id)
    v = await store.version_row(session, row, version)
    return _view(row, v.version, store.definition(v))


async def new_version(session: AsyncSession, actor: Actor, round_id: int, definition: Round) -> RoundView:
    """Store `definition` as the next version (see the module docstring)."""
    require_role(actor, (ORGANISER,), "change an honours round")
    row = await store.round_row(session, round_id)
    validate_round(definition)
    if definition.id != row.slug:
        raise Conflict.at("id", f"a round keeps its id: this is {row.slug!r}, the new version says {definition.id!r}")
    snapshots = _allocations(definition)
    clash = f"round {row.slug!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        if await session.scalar(select(HonoursNominationRow.id).where(HonoursNominationRow.round_id == row.id).limit(1)) is not None:
            raise Conflict.at("", f"round {row.slug!r} has nominations: its titles, units and quotas are fixed")
        before = _summary(row)
        row.current_version += 1
        row.name, row.year = definition.name, definition.year
        _add_version(session, row, definition, snapshots, actor)
        audit.record(session, actor.username, "honours.new_version", "honours_round", row.slug, before=before, after=_summary(row))
    return _view(row, row.current_version, definition)


async def get_allocations(session: AsyncSession, round_id: int) -> AllocationsView:
    """The allocation snapshot of the current version, every nominated title, with its arithmetic."""
    row, r = await store.current(session, round_id)
    snapshots = await store.allocations(session, row)
    return AllocationsView(round=row.slug, version=row.current_version, titles=[snapshots[t.id] for t in r.titles if t.id in snapshots])


def _allocations(r: Round) -> list:
    return [allocate(r, t) for t in r.titles if t.organisation is None]


def _add_version(session: AsyncSession, row: HonoursRoundRow, r: Round, snapshots: list, actor: Actor) -> None:
    session.add(HonoursVersionRow(round_id=row.id, version=row.current_version, definition=store.encode(r), created_by=actor.username))
    for a in snapshots:
        session.add(HonoursAllocationRow(round_id=row.id, version=row.current_version, title=a.title, allocation=store.encode(a)))


def _summary(row: HonoursRoundRow) -> dict:
    return {"slug": row.slug, "name": row.name, "year": row.year, "version": row.current_version}


def _view(row: HonoursRoundRow, version: int, r: Round) -> RoundView:
    return RoundView(
        id=row.id, slug=row.slug, name=row.name, year=row.year, version=version, current_version=row.current_version, stage=row.stage,
        definition=r,
    )  # fmt: skip


__all__ = ["create_round", "get_allocations", "get_round", "import_round", "new_version"]
