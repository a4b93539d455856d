"""Amending a nomination's 事迹 (修改事迹) before the committee's vote.

An amendment is a new version of the nomination (`honours_nomination_versions`, version n+1)
with the new text and a required note saying why; the earlier versions stay, readable as the
nomination's record history. The attachment references go over unchanged. The new version,
the head row's pointer and the audit entry (before and after text, the note as its reason)
are written in one transaction.

Who and until when: `nomination_access` (the organiser or the unit's nominator, while the
nomination is "nominated" and before the vote on its title opens; `vote_opened` after).
A text equal to the current one is refused (`unchanged`): a version says something new.
"""

from __future__ import annotations

import datetime as dt

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.honours.nomination import Record
from contests.store.honours import HonoursNominationVersionRow
from contests.store.types import utcnow
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import nominations, store
from contests.usecases.honours.nomination_access import changeable_nomination, readable_nomination, serialise_with_the_vote
from contests.usecases.honours.views import NominationView, Reason


class AmendmentBody(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The new 事迹 in full, and why it changed (修改说明, required)."""

    record: Record
    note: Reason


class RecordVersionView(msgspec.Struct, kw_only=True, frozen=True):
    """One version of a nomination's 事迹: version 1 is the nomination itself (no note)."""

    version: int
    current: bool
    record: str
    note: str | None
    created_by: str
    created_at: dt.datetime


async def amend_record(session: AsyncSession, actor: Actor, round_id: int, code: str, body: AmendmentBody) -> NominationView:
    """Write version n+1 of the 事迹 with its note; the earlier text stays."""
    clash = f"nomination {code!r} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="record"):
        row, head = await changeable_nomination(session, actor, round_id, code, "事迹")
        current = (await store.current_versions(session, [head]))[head.id]
        if current.record == body.record:
            raise Conflict.at("record", f"unchanged: the text is the same as version {current.version}; change it or leave it")
        new = HonoursNominationVersionRow(
            nomination_id=head.id, version=current.version + 1, record=body.record, attachments=current.attachments,
            note=body.note, created_by=actor.username,
        )  # fmt: skip
        session.add(new)
        head.current_version, head.updated_at = new.version, utcnow()
        serialise_with_the_vote(row)
        audit.record(
            session, actor.username, "honours.nomination.amend", "honours_nomination", f"{row.slug}/{head.code}",
            before={"version": current.version, "record": current.record}, after={"version": new.version, "record": body.record},
            reason=body.note,
        )  # fmt: skip
    return await nominations.get_nomination(session, actor, round_id, code)


async def record_history(session: AsyncSession, actor: Actor, round_id: int, code: str) -> list[RecordVersionView]:
    """Every version of the 事迹, oldest first, with its note."""
    _, head = await readable_nomination(session, actor, round_id, code)
    query = select(HonoursNominationVersionRow).where(HonoursNominationVersionRow.nomination_id == head.id)
    rows = (await session.scalars(query.order_by(HonoursNominationVersionRow.version))).all()
    return [
        RecordVersionView(
            version=v.version,
            current=v.version == head.current_version,
            record=v.record,
            note=v.note,
            created_by=v.created_by,
            created_at=v.created_at,
        )  # fmt: skip
        for v in rows
    ]


__all__ = ["AmendmentBody", "RecordVersionView", "amend_record", "record_history"]
