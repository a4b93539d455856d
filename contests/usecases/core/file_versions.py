"""Versioned files (附件, 佐证材料, 推荐附件) in the use-cases: the number an upload writes
(a replacement or the next, within the declared `max_files`), its next version row, what
its audit entry records, the view of a version and the version a reader asked for. One
piece for the three owners of files (a five-smalls submission, a labour report, an honours
nomination), whose rows share `contests.store.models.FileVersionColumns`; each owner's
use-case keeps who may read and write, its messages and its audit action names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from contests.attachments import Received
from contests.attachments.intake import Accepted
from contests.attachments.rules import FILE_TYPES
from contests.usecases.core.errors import Conflict, NotFound


class AttachmentView(msgspec.Struct, kw_only=True, frozen=True):
    """One version of an attachment. `filename` and `uploaded_by` are left out (None and a
    generic name) for a reviewer in blind review; `current` marks the latest version."""

    number: int
    version: int
    current: bool
    filename: str
    size_bytes: int
    sha256: str
    kind: str  # the type read from the bytes: pdf, png, jpeg, xlsx, docx, text
    content_type: str
    uploaded_by: str | None
    created_at: dt.datetime


class Readable(msgspec.Struct, frozen=True):
    """A file version the reader may download, and where its bytes are."""

    view: AttachmentView
    key: str


class FileVersionRow(Protocol):
    number: int
    version: int
    sha256: str
    size_bytes: int
    kind: str
    filename: str
    uploaded_by: str
    created_at: dt.datetime


Row = TypeVar("Row", bound=FileVersionRow)


def file_view(row: FileVersionRow, *, current: bool, blind: bool = False) -> AttachmentView:
    """The view of a stored version; in blind review named "附件<n>.<ext>" with no uploader."""
    media_type, extension = FILE_TYPES[row.kind]
    return AttachmentView(
        number=row.number, version=row.version, current=current,
        filename=f"附件{row.number}{extension}" if blind else row.filename,
        size_bytes=row.size_bytes, sha256=row.sha256, kind=row.kind, content_type=media_type,
        uploaded_by=None if blind else row.uploaded_by, created_at=row.created_at,
    )  # fmt: skip


def file_views(rows: Sequence[FileVersionRow], *, blind: bool = False) -> list[AttachmentView]:
    """Every version of every file (`rows` by number then version), the latest marked current."""
    latest = {r.number: r.version for r in rows}
    return [file_view(r, current=latest[r.number] == r.version, blind=blind) for r in rows]


def chosen_version(rows: Sequence[Row], number: int, version: int | None, missing: str) -> Row:
    """The asked version among the versions of file `number` (the latest if `version` is None);
    NotFound naming `number` (with `missing`) or `version`."""
    if not rows:
        raise NotFound.at("number", missing)
    chosen = rows[-1] if version is None else next((r for r in rows if r.version == version), None)
    if chosen is None:
        raise NotFound.at("version", f"file {number} has no version {version} (it has 1 to {rows[-1].version})")
    return chosen


async def file_numbers(session: AsyncSession, owner: InstrumentedAttribute[int], owner_id: int) -> set[int]:
    """The numbers of the files of one owner; `owner` is the file table's key to it (e.g.
    `LabourReportFileRow.report_id`)."""
    table = owner.class_
    return set((await session.scalars(select(table.number).where(owner == owner_id).distinct())).all())


async def upload_number(
    session: AsyncSession, owner: InstrumentedAttribute[int], owner_id: int, number: int | None, max_files: int, *, what: str,
    full: Callable[[int], str],
) -> int:  # fmt: skip
    """The file number an upload writes: `number` if the owner (`what`, for the message) has
    it (a replacement), else the next; Conflict with `full(count)` at `max_files` files."""
    numbers = await file_numbers(session, owner, owner_id)
    if number is not None:
        if number not in numbers:
            raise NotFound.at("number", f"{what} has no file {number}")
        return number
    if len(numbers) >= max_files:
        raise Conflict.at("file", full(len(numbers)))
    return max(numbers, default=0) + 1


async def next_version(session: AsyncSession, owner: InstrumentedAttribute[int], owner_id: int, number: int) -> int:
    """The version an upload to file `number` of the owner writes (1 for a new file)."""
    table = owner.class_
    return (await session.scalar(select(func.max(table.version)).where(owner == owner_id, table.number == number)) or 0) + 1


async def stored_versions(session: AsyncSession, owner: InstrumentedAttribute[int], owner_id: int, number: int | None = None) -> list[Any]:
    """The rows of every version of the owner's files (or of file `number`), by number then version."""
    table = owner.class_
    query = select(table).where(owner == owner_id)
    if number is not None:
        query = query.where(table.number == number)
    return list((await session.scalars(query.order_by(table.number, table.version))).all())


async def add_version(
    session: AsyncSession, owner: InstrumentedAttribute[int], owner_id: int, number: int, received: Received, accepted: Accepted,
    username: str,
) -> Any:  # fmt: skip
    """Add the row of the next version of file `number` of the owner (not yet flushed): its
    digest and size as received, its name and type as accepted, who uploaded it."""
    version = await next_version(session, owner, owner_id, number)
    row = owner.class_(
        **{owner.key: owner_id}, number=number, version=version, sha256=received.sha256, size_bytes=received.size,
        kind=accepted.kind, filename=accepted.filename, uploaded_by=username,
    )  # fmt: skip
    session.add(row)
    return row


def upload_record(number: int, version: int, received: Received, accepted: Accepted) -> dict[str, Any]:
    """What an upload's audit entry keeps as `after`."""
    return {
        "number": number, "version": version, "sha256": received.sha256, "size_bytes": received.size, "kind": accepted.kind,
        "filename": accepted.filename,
    }  # fmt: skip


__all__ = [
    "AttachmentView",
    "Readable",
    "add_version",
    "chosen_version",
    "file_numbers",
    "file_view",
    "file_views",
    "next_version",
    "stored_versions",
    "upload_number",
    "upload_record",
]
