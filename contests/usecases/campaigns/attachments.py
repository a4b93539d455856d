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

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.attachments import AttachmentRules, BlobStore, Received, content_key
from contests.attachments.intake import accept
from contests.campaigns.definition import Campaign
from contests.store.models import CampaignReviewerRow, CampaignRow, ReviewAssignmentRow, SubmissionFileRow, SubmissionRow
from contests.usecases.campaigns import store
from contests.usecases.core import file_versions as versions
from contests.usecases.core.access import Forbidden, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.file_versions import AttachmentView, Readable
from contests.usecases.core.lookup import _valid_id
from contests.usecases.core.transaction import transaction

WRITERS = (store.EMPLOYEE, store.ORGANISER, store.FINANCE)


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

    def full(count: int) -> str:
        return f"submission {row.id} has {count} files, the campaign's limit: replace one instead"

    owner = SubmissionFileRow.submission_id
    limit = definition.attachments.max_files
    return row, await versions.upload_number(session, owner, row.id, number, limit, what=f"submission {row.id}", full=full)


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
    accepted = await asyncio.to_thread(accept, received, filename, definition.attachments, blobs)
    clash = f"file {number} of submission {row.id} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="number"):
        new = await versions.add_version(session, SubmissionFileRow.submission_id, row.id, number, received, accepted, actor.username)
        await session.flush()
        after = versions.upload_record(number, new.version, received, accepted)
        action = "attachment.add" if new.version == 1 else "attachment.replace"
        audit.record(session, actor.username, action, "campaign_file", f"{campaign.slug}/{row.id}/files/{number}", after=after)
    return versions.file_view(new, current=True)


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


async def _views(session: AsyncSession, submission_id: int, *, blind: bool) -> list[AttachmentView]:
    return versions.file_views(await versions.stored_versions(session, SubmissionFileRow.submission_id, submission_id), blind=blind)


async def _readable(session: AsyncSession, submission_id: int, number: int, version: int | None, *, blind: bool) -> Readable:
    rows = await versions.stored_versions(session, SubmissionFileRow.submission_id, submission_id, number) if _valid_id(number) else []
    chosen = versions.chosen_version(rows, number, version, f"no file {number} on this submission")
    return Readable(versions.file_view(chosen, current=chosen is rows[-1], blind=blind), content_key(chosen.sha256))


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
