"""The audit log: one `AuditEventRow` per state change, written by the use-case that makes
the change, in the same transaction (so a change and its record commit or vanish together).

`before` / `after` hold the changed record as JSON (msgspec: Structs, dicts, Decimals as
strings, datetimes as ISO 8601). Secrets never go in: no password hashes, no draw seeds.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests.store.models import AuditEventRow
from contests.store.types import utcnow

SYSTEM = "system"  # the actor of changes made outside any login (CLI, demo seeding)


def record(
    session: AsyncSession,
    actor: str,
    action: str,
    entity: str,
    key: str,
    *,
    contest_id: int | None = None,
    before: Any = None,
    after: Any = None,
    reason: str | None = None,
) -> AuditEventRow:
    """Add an audit event to the session's transaction; the caller commits."""
    row = AuditEventRow(
        at=utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_key=key[:200],
        contest_id=contest_id,
        before=to_json(before),
        after=to_json(after),
        reason=reason,
    )
    session.add(row)
    return row


def to_json(value: Any) -> str | None:
    return None if value is None else msgspec.json.encode(value).decode("utf-8")


def from_json(text: str | None) -> Any:
    return None if text is None else msgspec.json.decode(text)


__all__ = ["SYSTEM", "from_json", "record", "to_json"]
