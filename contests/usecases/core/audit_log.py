"""Reading the audit log, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.audit import from_json
from contests.errors import RegistrationError
from contests.fields import INT32_MAX
from contests.store.models import AuditEventRow
from contests.usecases.core import lookup

MAX_LIMIT = 1000


class AuditEntry(msgspec.Struct, kw_only=True, frozen=True):
    """One audit event as the API returns it."""

    id: int
    at: dt.datetime
    actor: str
    action: str  # e.g. "competitor.add", "draw.run"
    entity: str
    entity_key: str
    contest_id: int | None
    before: Any
    after: Any
    reason: str | None


async def list_audit(session: AsyncSession, contest_id: int | None, *, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """Audit events of one contest (NotFound if it does not exist), or of everything when
    `contest_id` is None (user accounts included). limit 1–1000, offset 0–2**31-1."""
    if not 1 <= limit <= MAX_LIMIT:
        raise RegistrationError.at("limit", f"must be 1 to {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= INT32_MAX:
        raise RegistrationError.at("offset", f"must be 0 to {INT32_MAX}, got {offset}")
    query = select(AuditEventRow)
    if contest_id is not None:
        contest = await lookup.contest_row(session, contest_id)
        query = query.where(AuditEventRow.contest_id == contest.id)
    rows = await session.scalars(query.order_by(AuditEventRow.id.desc()).limit(limit).offset(offset))
    return [_entry(r) for r in rows]


def _entry(row: AuditEventRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_key=row.entity_key,
        contest_id=row.contest_id,
        before=from_json(row.before),
        after=from_json(row.after),
        reason=row.reason,
    )


__all__ = ["list_audit"]
