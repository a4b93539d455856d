"""The key that signs login tokens when BIWU_SECRET is not set.

Generated once (48 random bytes, URL-safe) by the first server that needs it and stored in
`signing_keys`, so a restart, or a second worker on the same database, accepts the tokens
already handed out: a restart no longer logs every judge out in the middle of a contest
day. Two servers starting at once both try to insert it; the second one's insert fails on
the primary key and it reads the first one's key. Rotating it (`biwu db rotate-key`) logs
everybody out, on purpose: do it when the database or a backup may have leaked.
The key never enters the audit log; its creation and rotation do.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.store.models import SigningKeyRow
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction

TOKEN_KEY = "jwt"
KEY_BYTES = 48


async def signing_key(session: AsyncSession) -> str:
    """The stored token-signing key, created on first use."""
    stored = await session.scalar(select(SigningKeyRow.secret).where(SigningKeyRow.name == TOKEN_KEY))
    if stored is not None:
        return stored
    try:
        async with transaction(session):
            session.add(SigningKeyRow(name=TOKEN_KEY, secret=secrets.token_urlsafe(KEY_BYTES)))
            audit.record(session, audit.SYSTEM, "signing_key.create", "signing_key", TOKEN_KEY)
    except Conflict as exc:  # another server inserted it first (the primary key is taken)
        if not isinstance(exc.__cause__, IntegrityError):
            raise
    return await session.scalar(select(SigningKeyRow.secret).where(SigningKeyRow.name == TOKEN_KEY))  # type: ignore[return-value]


async def rotate_signing_key(session: AsyncSession) -> None:
    """Replace the stored key: every token signed with the old one stops authenticating."""
    async with transaction(session):
        row = await session.get(SigningKeyRow, TOKEN_KEY)
        if row is None:
            session.add(SigningKeyRow(name=TOKEN_KEY, secret=secrets.token_urlsafe(KEY_BYTES)))
        else:
            row.secret = secrets.token_urlsafe(KEY_BYTES)
        audit.record(session, audit.SYSTEM, "signing_key.rotate", "signing_key", TOKEN_KEY)


__all__ = ["rotate_signing_key", "signing_key"]
