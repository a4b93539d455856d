"""Nominations (推荐): a unit nominates within its quota with the 事迹 and attachment
references; over quota or ineligible is refused naming the rule (`check_nomination`, 409).
Withdrawal is possible before the committee sits on the title.

Race guard: a nomination bumps the round's row version (compare-and-set), so two nominations
of the same unit sent at once cannot both take its last place; the nomination's own head row
and its per-nomination event sequence guard its state changes.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from contests import audit
from contests.accounts import Actor
from contests.honours import AttachmentRef, Nomination, NominationCase, apply_transition, check_nomination
from contests.honours.workflow import ACTIVE_STATES, STATE_LABELS
from contests.store.honours import (
    HonoursNominationEventRow,
    HonoursNominationRow,
    HonoursNominationVersionRow,
    HonoursRoundRow,
    HonoursVoteRow,
)
from contests.store.types import utcnow
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.people import nominator_unit
from contests.usecases.honours.views import NominationDraft, NominationEventView, NominationView
from contests.usecases.labour.accidents import standing_for


async def nominate(session: AsyncSession, actor: Actor, round_id: int, draft: NominationDraft) -> NominationView:
    """Nominate for a unit (the nominator's own; the organiser names it)."""
    own = await nominator_unit(session, round_id, actor)
    row, r = await store.current(session, round_id)
    unit = _unit(own, draft.unit)
    title = store.title_of(r, draft.title)
    clash = f"round {row.slug!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        await _open_for(session, row, title.id)
        existing = await store.nomination_rows(session, row.id)
        code = f"N{len(existing) + 1:03d}"
        nomination = Nomination(
            id=code, title=title.id, unit=unit, nominee=draft.nominee, record=draft.record, attachments=draft.attachments
        )
        active_rows = [n for n in existing if n.title == title.id and n.state in ACTIVE_STATES]
        active = store.domain_nominations(active_rows, await store.current_versions(session, active_rows))
        candidates = await store.candidates(session, row.id)
        history, accidents = await store.history(session)
        allocation = (await store.allocations(session, row))[title.id]
        recorded = await standing_for(session, units={unit}, codes={draft.nominee})  # the labour accident records (安全事故记录)
        check_nomination(
            r, allocation, nomination, active=active, candidates=candidates, history=history, accidents=accidents, recorded=recorded
        )
        flag_modified(row, "stage")  # bumps the round's row version: concurrent nominations serialise here
        head = HonoursNominationRow(
            round_id=row.id, code=code, title=title.id, unit=unit, nominee=draft.nominee, state="nominated", current_version=1
        )
        session.add(head)
        await session.flush()
        version = HonoursNominationVersionRow(
            nomination_id=head.id, version=1, record=draft.record, attachments=store.encode(draft.attachments), created_by=actor.username
        )
        session.add(version)
        audit.record(session, actor.username, "honours.nominate", "honours_nomination", f"{row.slug}/{code}", after=nomination)
    return _view(head, version, candidates, [])


async def withdraw(session: AsyncSession, actor: Actor, round_id: int, code: str, reason: str | None) -> NominationView:
    """Withdraw a nomination before the committee sits on its title (frees the place)."""
    own = await nominator_unit(session, round_id, actor)
    row = await store.round_row(session, round_id)
    clash = f"nomination {code!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        head = await _visible(session, row.id, code, own)
        await _open_for(session, row, head.title)
        await transition(session, actor, row, head, "withdraw", "unit" if own else "organiser", reason)
    return await get_nomination(session, actor, round_id, code)


async def transition(
    session: AsyncSession, actor: Actor, row: HonoursRoundRow, head: HonoursNominationRow, action: str, role: str, reason: str | None
) -> None:
    """Apply one step of the nomination table to `head`: its event and audit, same transaction."""
    case = apply_transition(NominationCase(nomination=_stub(head), state=head.state), action, role, actor=actor.username, reason=reason)
    seq = (
        await session.scalar(select(func.max(HonoursNominationEventRow.seq)).where(HonoursNominationEventRow.nomination_id == head.id))
    ) or 0
    event = case.history[-1]
    session.add(
        HonoursNominationEventRow(
            nomination_id=head.id,
            seq=seq + 1,
            action=action,
            from_state=head.state,
            to_state=case.state,
            actor=actor.username,
            reason=reason,
        )
    )
    head.state, head.updated_at = case.state, utcnow()
    key = f"{row.slug}/{head.code}"
    audit.record(
        session, actor.username, f"honours.nomination.{action}", "honours_nomination", key,
        before={"state": event.from_state}, after={"state": event.to_state}, reason=reason,
    )  # fmt: skip


async def list_nominations(session: AsyncSession, actor: Actor, round_id: int, title: str | None = None) -> list[NominationView]:
    """The round's nominations (a nominator: their own unit's only), in filing order."""
    own = await nominator_unit(session, round_id, actor)
    row = await store.round_row(session, round_id)
    rows = [n for n in await store.nomination_rows(session, row.id, title) if own is None or n.unit == own]
    versions = await store.current_versions(session, rows)
    candidates = await store.candidates(session, row.id)
    return [_view(n, versions[n.id], candidates, []) for n in rows]


async def get_nomination(session: AsyncSession, actor: Actor, round_id: int, code: str) -> NominationView:
    own = await nominator_unit(session, round_id, actor)
    row = await store.round_row(session, round_id)
    head = await _visible(session, row.id, code, own)
    versions = await store.current_versions(session, [head])
    return _view(head, versions[head.id], await store.candidates(session, row.id), await store.events(session, head.id))


async def _visible(session: AsyncSession, round_id: int, code: str, own: str | None) -> HonoursNominationRow:
    head = await store.nomination_row(session, round_id, code)
    if own is not None and head.unit != own:  # another unit's nomination is not found: codes reveal nothing
        raise NotFound.at("nomination", f"no nomination {code!r} in this round")
    return head


async def _open_for(session: AsyncSession, row: HonoursRoundRow, title: str) -> None:
    if row.stage != "nominating":
        raise Conflict.at("", f"round {row.slug!r} is {row.stage!r}: nominations are closed")
    sat = await session.scalar(select(HonoursVoteRow.id).where(HonoursVoteRow.round_id == row.id, HonoursVoteRow.title == title).limit(1))
    if sat is not None:
        raise Conflict.at("title", f"the committee has sat on title {title!r}: its nominations are closed")


def _unit(own: str | None, asked: str | None) -> str:
    if own is None:
        if asked is None:
            raise Conflict.at("unit", "the organiser nominates for a named unit: `unit` is required")
        return asked
    if asked is not None and asked != own:
        raise NotFound.at("unit", f"you nominate for unit {own!r} only")
    return own


def _stub(head: HonoursNominationRow) -> Nomination:
    return Nomination(id=head.code, title=head.title, unit=head.unit, nominee=head.nominee, record="-")


def _view(head: HonoursNominationRow, version: HonoursNominationVersionRow, candidates: dict, events: list) -> NominationView:
    candidate = candidates.get(head.nominee)
    return NominationView(
        id=head.code, title=head.title, unit=head.unit, nominee=head.nominee, name=candidate.name if candidate else head.nominee,
        state=head.state, state_label=STATE_LABELS[head.state][0], version=version.version, record=version.record,
        attachments=store.decode(version.attachments, list[AttachmentRef]), events=[_event(e) for e in events],
    )  # fmt: skip


def _event(e: HonoursNominationEventRow) -> NominationEventView:
    return NominationEventView(
        seq=e.seq, action=e.action, from_state=e.from_state, to_state=e.to_state, actor=e.actor, reason=e.reason, at=e.at.isoformat()
    )


__all__ = ["get_nomination", "list_nominations", "nominate", "transition", "withdraw"]
