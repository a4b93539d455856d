"""Attachments (附件) of submissions: upload, list, read and replace.

Who may read a submission's files is who may read the submission (store.visible_submission:
the organiser and finance all, an employee their own and those naming them as a
co-proposer) plus the reviewers on its panel, who
reach them by blind code. Another employee is refused with 403 whether or not the
submission exists, so ids reveal nothing. In blind review a reviewer sees no original file
name (it often carries a name) and no uploader: "附件2.pdf", nothing else.

Who may upload: the owner while the submission is a draft (the evidence goes with the
proposal), finance and the organiser in any state (the proof of benefit, a scanned form),
until the campaign's award list is published.

An upload is checked against the campaign's declared AttachmentRules (size, type sniffed
from the bytes, files per submission) before anything is stored; then the blob is put in
the store under its content key, and only then the version row and its audit event are
committed together. A blob whose commit failed has no row and so is never readable.
Replacing file n appends version k+1; every version stays readable.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.attachments import AttachmentRefused, AttachmentRules, BlobStore, Received, clean_filename, content_key, sniff
from contests.attachments.rules import FILE_TYPES
from contests.campaigns.definition import Campaign
from contests.store.models import CampaignReviewerRow, CampaignRow, ReviewAssignmentRow, SubmissionFileRow, SubmissionRow
from contests.usecases.campaigns import store
from contests.usecases.core.access import Forbidden, require_role
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.lookup import _valid_id
from contests.usecases.core.transaction import transaction

WRITERS = (store.EMPLOYEE, store.ORGANISER, store.FINANCE)


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


# ---------------------------------------------------------------- who may read and write


async def _for_reader(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int) -> SubmissionRow:
    """The submission's row for a reader of its files by id (not reviewers: they use codes).
    An employee reads the files of the submissions they wrote or are named on as a co-proposer."""
    if actor.role == store.EMPLOYEE:
        row = await session.get(SubmissionRow, submission_id) if _valid_id(submission_id) else None
        if row is None or row.campaign_id != campaign_id or not await store.may_read(session, actor, row):
            raise Forbidden.at("submission_id", "an employee may read the files of the submissions they wrote or are named on only")
        return row
    return await store.visible_submission(session, actor, campaign_id, submission_id)


async def _for_reviewer(session: AsyncSession, actor: Actor, campaign_id: int, code: str) -> SubmissionRow:
    require_role(actor, (store.REVIEWER,), "read a submission's files by its code")
    query = (
        select(SubmissionRow)
        .join(ReviewAssignmentRow, ReviewAssignmentRow.submission_id == SubmissionRow.id)
        .join(CampaignReviewerRow, CampaignReviewerRow.id == ReviewAssignmentRow.reviewer_id)
        .where(SubmissionRow.campaign_id == campaign_id, SubmissionRow.blind_code == code, CampaignReviewerRow.username == actor.username)
    )
    row = await session.scalar(query)
    if row is None:
        raise Forbidden.at("code", "a reviewer may read the files of the submissions assigned to them only")
    return row


async def upload_rules(
    session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, number: int | None = None
) -> AttachmentRules:
    """The rules an upload must meet, after checking the actor may add (or replace file
    `number`) now. Ends the read transaction: the body may take minutes to arrive."""
    campaign, definition = await store.current(session, campaign_id)
    await _writable(session, actor, campaign, definition, submission_id, number)
    rules = definition.attachments
    await session.rollback()  # nothing written; give the connection back while the file streams in
    return rules


async def _writable(
    session: AsyncSession, actor: Actor, campaign: CampaignRow, definition: Campaign, submission_id: int, number: int | None
) -> tuple[SubmissionRow, int]:
    """The submission and the file number the upload gets; Forbidden, NotFound or Conflict."""
    require_role(actor, WRITERS, "attach files")
    row = await _for_reader(session, actor, campaign.id, submission_id)
    if actor.role == store.EMPLOYEE and row.owner != actor.username:
        raise Forbidden.at("submission_id", "only the employee who wrote the submission attaches its files; a co-proposer reads them")
    if actor.role == store.EMPLOYEE and row.state != "draft":
        raise Conflict.at("", f"files are attached while the submission is a draft; submission {row.id} is {row.state!r}")
    if await store.is_published(session, campaign.id):
        raise Conflict.at("", f"the award list of campaign {campaign.slug!r} is published: its files no longer change")
    numbers = await _numbers(session, row.id)
    if number is not None:
        if number not in numbers:
            raise NotFound.at("number", f"submission {row.id} has no file {number}")
        return row, number
    limit = definition.attachments.max_files
    if len(numbers) >= limit:
        raise Conflict.at("file", f"submission {row.id} has {len(numbers)} files, the campaign's limit: replace one instead")
    return row, max(numbers, default=0) + 1


async def _numbers(session: AsyncSession, submission_id: int) -> set[int]:
    query = select(SubmissionFileRow.number).where(SubmissionFileRow.submission_id == submission_id).distinct()
    return set((await session.scalars(query)).all())


# ---------------------------------------------------------------- writing


async def add_file(
    session: AsyncSession,
    actor: Actor,
    campaign_id: int,
    submission_id: int,
    received: Received,
    filename: str,
    blobs: BlobStore,
    number: int | None = None,
) -> AttachmentView:
    """Store a received upload as a new file (`number` None) or a new version of file
    `number`. Refused (AttachmentRefused 413/415, 400 for the name) before anything is stored."""
    campaign, definition = await store.current(session, campaign_id)
    row, number = await _writable(session, actor, campaign, definition, submission_id, number)
    name, bad_name = clean_filename(filename)
    if bad_name is not None:
        raise AttachmentRefused([bad_name], status=400)
    kind = await asyncio.to_thread(sniff, received.path)
    definition.attachments.check(received.size, kind)
    await asyncio.to_thread(blobs.put, content_key(received.sha256), received.path)
    clash = f"file {number} of submission {row.id} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="number"):
        version = await _next_version(session, row.id, number)
        new = SubmissionFileRow(
            submission_id=row.id, number=number, version=version, sha256=received.sha256, size_bytes=received.size, kind=kind,
            filename=name, uploaded_by=actor.username,
        )  # fmt: skip
        session.add(new)
        await session.flush()
        after = {
            "number": number,
            "version": version,
            "sha256": received.sha256,
            "size_bytes": received.size,
            "kind": kind,
            "filename": name,
        }
        action = "attachment.add" if version == 1 else "attachment.replace"
        audit.record(session, actor.username, action, "campaign_file", f"{campaign.slug}/{row.id}/files/{number}", after=after)
    return _view(new, current=True, blind=False)


async def _next_version(session: AsyncSession, submission_id: int, number: int) -> int:
    query = select(func.max(SubmissionFileRow.version)).where(
        SubmissionFileRow.submission_id == submission_id, SubmissionFileRow.number == number
    )
    return (await session.scalar(query) or 0) + 1


# ---------------------------------------------------------------- reading


async def list_files(session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int) -> list[AttachmentView]:
    """Every version of every file of the submission, by number then version."""
    campaign = await store.campaign_row(session, campaign_id)
    row = await _for_reader(session, actor, campaign.id, submission_id)
    return await _views(session, row.id, blind=False)


async def list_reviewed_files(session: AsyncSession, actor: Actor, campaign_id: int, code: str) -> list[AttachmentView]:
    campaign, definition = await store.current(session, campaign_id)
    row = await _for_reviewer(session, actor, campaign.id, code)
    return await _views(session, row.id, blind=definition.blind_review)


async def read_file(
    session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, number: int, version: int | None = None
) -> Readable:
    campaign = await store.campaign_row(session, campaign_id)
    row = await _for_reader(session, actor, campaign.id, submission_id)
    return await _readable(session, row.id, number, version, blind=False)


async def read_reviewed_file(
    session: AsyncSession, actor: Actor, campaign_id: int, code: str, number: int, version: int | None = None
) -> Readable:
    campaign, definition = await store.current(session, campaign_id)
    row = await _for_reviewer(session, actor, campaign.id, code)
    return await _readable(session, row.id, number, version, blind=definition.blind_review)


async def _rows(session: AsyncSession, submission_id: int, number: int | None = None) -> list[SubmissionFileRow]:
    query = select(SubmissionFileRow).where(SubmissionFileRow.submission_id == submission_id)
    if number is not None:
        query = query.where(SubmissionFileRow.number == number)
    return list((await session.scalars(query.order_by(SubmissionFileRow.number, SubmissionFileRow.version))).all())


async def _views(session: AsyncSession, submission_id: int, *, blind: bool) -> list[AttachmentView]:
    rows = await _rows(session, submission_id)
    latest = {r.number: r.version for r in rows}
    return [_view(r, current=latest[r.number] == r.version, blind=blind) for r in rows]


async def _readable(session: AsyncSession, submission_id: int, number: int, version: int | None, *, blind: bool) -> Readable:
    rows = await _rows(session, submission_id, number) if _valid_id(number) else []
    if not rows:
        raise NotFound.at("number", f"no file {number} on this submission")
    chosen = rows[-1] if version is None else next((r for r in rows if r.version == version), None)
    if chosen is None:
        raise NotFound.at("version", f"file {number} has no version {version} (it has 1 to {rows[-1].version})")
    return Readable(_view(chosen, current=chosen is rows[-1], blind=blind), content_key(chosen.sha256))


def _view(row: SubmissionFileRow, *, current: bool, blind: bool) -> AttachmentView:
    media_type, extension = FILE_TYPES[row.kind]
    return AttachmentView(
        number=row.number, version=row.version, current=current,
        filename=f"附件{row.number}{extension}" if blind else row.filename,
        size_bytes=row.size_bytes, sha256=row.sha256, kind=row.kind, content_type=media_type,
        uploaded_by=None if blind else row.uploaded_by, created_at=row.created_at,
    )  # fmt: skip


__all__ = [
    "AttachmentView",
    "Readable",
    "add_file",
    "list_files",
    "list_reviewed_files",
    "read_file",
    "read_reviewed_file",
    "upload_rules",
]
