"""Evidence files (佐证材料) of period reports: upload, list, read and replace, on the shared
attachment store (`contests.attachments`: content-addressed, type sniffed from the bytes,
size-limited by the competition's declared `attachments` rules).

Who may read a report's files is who may read the report (`reports.visible_report`): the
organiser, and the reporter of the report's unit; another unit's reporter gets 404 whether
or not the report exists, so ids reveal nothing. Who may upload: the unit's reporter while
the report is not verified (the evidence goes with the figures), the organiser in any state
(a scanned form, an inspection record).

An upload is checked against the rules before anything is stored; the blob is put under its
content key, and only then the version row and its audit entry are committed together.
Replacing file n appends version k+1; every version stays readable.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.attachments import AttachmentRules, BlobStore, Received, content_key
from contests.attachments.intake import accept
from contests.store.labour import LabourReportFileRow, LabourReportRow
from contests.usecases.core import file_versions as versions
from contests.usecases.core.access import ORGANISER
from contests.usecases.core.errors import Conflict
from contests.usecases.core.file_versions import AttachmentView, Readable
from contests.usecases.core.lookup import _valid_id
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.reports import visible_report


async def upload_rules(
    session: AsyncSession, actor: Actor, competition_id: int, report_id: int, number: int | None = None
) -> AttachmentRules:
    """The rules an upload must meet, after checking the actor may add (or replace file
    `number`) now. Ends the read transaction: the body may take minutes to arrive."""
    _, c = await store.current(session, competition_id)
    await _writable(session, actor, competition_id, c.attachments, report_id, number)
    await session.rollback()  # nothing written; give the connection back while the file streams in
    return c.attachments


async def _writable(
    session: AsyncSession, actor: Actor, competition_id: int, rules: AttachmentRules, report_id: int, number: int | None
) -> tuple[LabourReportRow, int]:
    report = await visible_report(session, actor, competition_id, report_id)
    if actor.role != ORGANISER and report.state == "verified":
        raise Conflict.at("", f"report {report.id} is verified: its evidence no longer changes (the organiser returns it first)")

    def full(count: int) -> str:
        return f"report {report.id} has {count} files, the competition's limit: replace one instead"

    owner = LabourReportFileRow.report_id
    return report, await versions.upload_number(session, owner, report.id, number, rules.max_files, what=f"report {report.id}", full=full)


async def add_file(
    session: AsyncSession, actor: Actor, competition_id: int, report_id: int, received: Received, filename: str, blobs: BlobStore,
    number: int | None = None,
) -> AttachmentView:  # fmt: skip
    """Store a received upload as a new file (`number` None) or a new version of file `number`.
    Refused (AttachmentRefused 413/415, 400 for the name) before anything is stored."""
    competition, c = await store.current(session, competition_id)
    report, number = await _writable(session, actor, competition.id, c.attachments, report_id, number)
    accepted = await asyncio.to_thread(accept, received, filename, c.attachments, blobs)
    clash = f"file {number} of report {report.id} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="number"):
        new = await versions.add_version(session, LabourReportFileRow.report_id, report.id, number, received, accepted, actor.username)
        await session.flush()
        after = versions.upload_record(number, new.version, received, accepted)
        key = f"{competition.slug}/{report.period}/{report.participant}/files/{number}"
        action = "labour.evidence.add" if new.version == 1 else "labour.evidence.replace"
        audit.record(session, actor.username, action, "labour_report_file", key, after=after)
    return versions.file_view(new, current=True)


async def list_files(session: AsyncSession, actor: Actor, competition_id: int, report_id: int) -> list[AttachmentView]:
    """Every version of every file of the report, by number then version."""
    row = await store.competition_row(session, competition_id)
    report = await visible_report(session, actor, row.id, report_id)
    return versions.file_views(await versions.stored_versions(session, LabourReportFileRow.report_id, report.id))


async def read_file(
    session: AsyncSession, actor: Actor, competition_id: int, report_id: int, number: int, version: int | None = None
) -> Readable:
    row = await store.competition_row(session, competition_id)
    report = await visible_report(session, actor, row.id, report_id)
    rows = await versions.stored_versions(session, LabourReportFileRow.report_id, report.id, number) if _valid_id(number) else []
    chosen = versions.chosen_version(rows, number, version, f"no file {number} on this report")
    return Readable(versions.file_view(chosen, current=chosen is rows[-1]), content_key(chosen.sha256))


__all__ = ["add_file", "list_files", "read_file", "upload_rules"]
