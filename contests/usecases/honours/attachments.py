"""Attachments (附件) of nominations: a scanned certificate, the 申报表, a photo of the team at
work, on the shared attachment store (`contests.attachments`: content-addressed, the type
read from the bytes, the size, types and number of files the round declares in its
`attachments` rules; the defaults otherwise).

Who reads and who uploads, until when: `nomination_access`. The organiser and the nominator
of the nomination's unit upload until the committee's vote on the title opens; they and the
round's committee members read. An upload is checked before anything is stored, the blob is
put under its content key, and only then the version row and its audit entry are committed
together. Replacing file n appends version k+1; every version stays readable.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.attachments import AttachmentRules, BlobStore, Received, content_key
from contests.attachments.intake import accept
from contests.store.honours import HonoursNominationRow
from contests.store.honours_files import HonoursNominationFileRow
from contests.usecases.core import file_versions as versions
from contests.usecases.core.file_versions import AttachmentView, Readable
from contests.usecases.core.lookup import _valid_id
from contests.usecases.core.transaction import transaction
from contests.usecases.honours import store
from contests.usecases.honours.nomination_access import changeable_nomination, readable_nomination, serialise_with_the_vote

WHAT = "attachments"


async def upload_rules(session: AsyncSession, actor: Actor, round_id: int, code: str, number: int | None = None) -> AttachmentRules:
    """The rules an upload must meet, after checking the actor may add (or replace file
    `number`) now. Ends the read transaction: the body may take minutes to arrive."""
    _, r = await store.current(session, round_id)
    _, head = await changeable_nomination(session, actor, round_id, code, WHAT)
    await _number(session, head, r.attachments, number)
    await session.rollback()  # nothing written; give the connection back while the file streams in
    return r.attachments


async def add_file(
    session: AsyncSession, actor: Actor, round_id: int, code: str, received: Received, filename: str, blobs: BlobStore,
    number: int | None = None,
) -> AttachmentView:  # fmt: skip
    """Store a received upload as a new file (`number` None) or a new version of file `number`;
    AttachmentRefused (413/415, 400 for the name) before anything is stored."""
    _, r = await store.current(session, round_id)
    _, head = await changeable_nomination(session, actor, round_id, code, WHAT)
    number = await _number(session, head, r.attachments, number)
    accepted = await asyncio.to_thread(accept, received, filename, r.attachments, blobs)
    await session.rollback()  # the checks are read again inside the write transaction below
    clash = f"file {number} of nomination {code!r} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="number"):
        row, head = await changeable_nomination(session, actor, round_id, code, WHAT)
        new = await versions.add_version(
            session, HonoursNominationFileRow.nomination_id, head.id, number, received, accepted, actor.username
        )
        serialise_with_the_vote(row)
        after = versions.upload_record(number, new.version, received, accepted)
        action = "honours.attachment.add" if new.version == 1 else "honours.attachment.replace"
        audit.record(session, actor.username, action, "honours_nomination_file", f"{row.slug}/{code}/files/{number}", after=after)
    return versions.file_view(new, current=True)


async def list_files(session: AsyncSession, actor: Actor, round_id: int, code: str) -> list[AttachmentView]:
    """Every version of every file of the nomination, by number then version."""
    _, head = await readable_nomination(session, actor, round_id, code)
    return versions.file_views(await versions.stored_versions(session, HonoursNominationFileRow.nomination_id, head.id))


async def read_file(session: AsyncSession, actor: Actor, round_id: int, code: str, number: int, version: int | None = None) -> Readable:
    _, head = await readable_nomination(session, actor, round_id, code)
    rows = await versions.stored_versions(session, HonoursNominationFileRow.nomination_id, head.id, number) if _valid_id(number) else []
    chosen = versions.chosen_version(rows, number, version, f"no file {number} on nomination {code!r}")
    return Readable(versions.file_view(chosen, current=chosen is rows[-1]), content_key(chosen.sha256))


async def _number(session: AsyncSession, head: HonoursNominationRow, rules: AttachmentRules, number: int | None) -> int:
    """The file number an upload writes: `number` if it exists (a replacement), else the next."""

    def full(count: int) -> str:
        return f"max_files: nomination {head.code!r} has {count} files, the round's limit: replace one instead"

    owner = HonoursNominationFileRow.nomination_id
    return await versions.upload_number(session, owner, head.id, number, rules.max_files, what=f"nomination {head.code!r}", full=full)


__all__ = ["add_file", "list_files", "read_file", "upload_rules"]
