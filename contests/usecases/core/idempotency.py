"""Idempotency keys: a request retried with the same `Idempotency-Key` has no second effect
and gets the first answer back.

Bad venue Wi-Fi loses answers, not only requests: a tablet that saw no answer sends the
same batch again with the same key. The first successful answer is stored with the key,
in the same transaction as the change it answers (both commit or neither does), together
with the SHA-256 of the canonical request. A retry finds the key and returns the stored
answer; the same key with another request is refused (Conflict), because answering it
with the first answer would silently drop the new marks.

Keys belong to one account (unique per actor and key); refusals are not stored, so a
request refused for a fixable reason (a locked module) may be retried with its key. Two
copies racing each other both miss the key; the loser's insert collides with the winner's
rows, its transaction is retried (see `retrying`) and then finds the stored answer.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Any, TypeVar

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.store.models import IdempotencyKeyRow
from contests.usecases.core.decimals import plain
from contests.usecases.core.errors import Conflict
from scoring.errors import RuleError

HEADER = "Idempotency-Key"
MAX_KEY = 200
KEY_PATTERN = re.compile(rf"[\x21-\x7e]{{1,{MAX_KEY}}}")  # visible ASCII, as HTTP header values are

T = TypeVar("T")


class BadKey(RuleError):
    """An Idempotency-Key that is empty, too long or not visible ASCII."""


def checked_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or KEY_PATTERN.fullmatch(key) is None:
        raise BadKey.at(HEADER, f"must be 1 to {MAX_KEY} visible ASCII characters (a UUID is a good key)")
    return key


def digest(operation: str, contest_id: int, body: msgspec.Struct) -> str:
    """SHA-256 of the request in canonical form: decimals compare by value, so "2", 2 and
    2.0 are the same request."""
    canonical = {"operation": operation, "contest_id": contest_id, "body": _canonical(msgspec.to_builtins(body, builtin_types=(Decimal,)))}
    return hashlib.sha256(msgspec.json.encode(canonical)).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(plain(value)) if value.is_finite() else str(value)
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


async def replay(session: AsyncSession, actor: Actor, key: str, request_hash: str, answer_type: type[T]) -> T | None:
    """The stored answer to this key, or None if the key is new; Conflict if the key was
    used for a different request."""
    row = await session.scalar(select(IdempotencyKeyRow).where(IdempotencyKeyRow.actor == actor.username, IdempotencyKeyRow.key == key))
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise Conflict.at(
            HEADER,
            f"key {key!r} was already used at {row.created_at:%Y-%m-%d %H:%M:%S} UTC for a different request: send new marks with a new key",
        )
    return msgspec.json.decode(row.response, type=answer_type)


def remember(session: AsyncSession, actor: Actor, key: str, operation: str, contest_id: int, request_hash: str, answer: Any) -> None:
    """Store the answer with its key; the caller's transaction commits both with the change."""
    session.add(
        IdempotencyKeyRow(
            actor=actor.username,
            key=key,
            operation=operation,
            contest_id=contest_id,
            request_hash=request_hash,
            response=msgspec.json.encode(answer).decode("utf-8"),
        )
    )


__all__ = ["BadKey", "HEADER", "KEY_PATTERN", "MAX_KEY", "checked_key", "digest", "remember", "replay"]
