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

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.attachments import AttachmentRefused, AttachmentRules, BlobStore, Received, clean_filename, content_key, sniff
from contests.attachments.rules import FILE_TYPES
from contests.store.labour import LabourReportFileRow, LabourReportRow
from contests.usecases.campaigns.attachments import AttachmentView, Readable
from contests.usecases.core.access import ORGANISER
from contests.usecases.core.errors import Conflict, NotFound
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
    numbers = set((await session.scalars(select(LabourReportFileRow.number).where(LabourReportFileRow.report_id == report.id))).all())
    if number is not None:
        if number not in numbers:
            raise NotFound.at("number", f"report {report.id} has no file {number}")
        return report, number
    if len(numbers) >= rules.max_files:
        raise Conflict.at("file", f"report {report.id} has {len(numbers)} files, the competition's limit: replace one instead")
    return report, max(numbers, default=0) + 1


async def add_file(
    session: AsyncSession, actor: Actor, competition_id: int, report_id: int, received: Received, filename: str, blobs: BlobStore,
    number: int | None = None,
) -> AttachmentView:  # fmt: skip
    """Store a received upload as a new file (`number` None) or a new version of file `number`.
    Refused (AttachmentRefused 413/415, 400 for the name) before anything is stored."""
    competition, c = await store.current(session, competition_id)
    report, number = await _writable(session, actor, competition.id, c.attachments, report_id, number)
    name, bad_name = clean_filename(filename)
    if bad_name is not None:
        raise AttachmentRefused([bad_name], status=400)
    kind = await asyncio.to_thread(sniff, received.path)
    c.attachments.check(received.size, kind)
    await asyncio.to_thread(blobs.put, content_key(received.sha256), received.path)
    clash = f"file {number} of report {report.id} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash, path="number"):
        last = await session.scalar(
            select(func.max(LabourReportFileRow.version)).where(
                LabourReportFileRow.report_id == report.id, LabourReportFileRow.number == number
            )
        )
        new = LabourReportFileRow(
            report_id=report.id, number=number, version=(last or 0) + 1, sha256=received.sha256, size_bytes=received.size, kind=kind,
            filename=name, uploaded_by=actor.username,
        )  # fmt: skip
        session.add(new)
        await session.flush()
        after = {
            "number": number,
            "version": new.version,
            "sha256": received.sha256,
            "size_bytes": received.size,
            "kind": kind,
            "filename": name,
        }
        key = f"{competition.slug}/{report.period}/{report.participant}/files/{number}"
        audit.record(
            session,
            actor.username,
            "labour.evidence.add" if new.version == 1 else "labour.evidence.replace",
            "labour_report_file",
            key,
            after=after,
        )
    return _view(new, current=True)


async def list_files(session: AsyncSession, actor: Actor, competition_id: int, report_id: int) -> list[AttachmentView]:
    """Every version of every file of the report, by number then version."""
    row = await store.competition_row(session, competition_id)
    report = await visible_report(session, actor, row.id, report_id)
    rows = await _rows(session, report.id)
    latest = {r.number: r.version for r in rows}
    return [_view(r, current=latest[r.number] == r.version) for r in rows]


async def read_file(
    session: AsyncSession, actor: Actor, competition_id: int, report_id: int, number: int, version: int | None = None
) -> Readable:
    row = await store.competition_row(session, competition_id)
    report = await visible_report(session, actor, row.id, report_id)
    rows = await _rows(session, report.id, number) if _valid_id(number) else []
    if not rows:
        raise NotFound.at("number", f"no file {number} on this report")
    chosen = rows[-1] if version is None else next((r for r in rows if r.version == version), None)
    if chosen is None:
        raise NotFound.at("version", f"file {number} has no version {version} (it has 1 to {rows[-1].version})")
    return Readable(_view(chosen, current=chosen is rows[-1]), content_key(chosen.sha256))


async def _rows(session: AsyncSession, report_id: int, number: int | None = None) -> list[LabourReportFileRow]:
    query = select(LabourReportFileRow).where(LabourReportFileRow.report_id == report_id)
    if number is not None:
        query = query.where(LabourReportFileRow.number == number)
    return list((await session.scalars(query.order_by(LabourReportFileRow.number, LabourReportFileRow.version))).all())


def _view(row: LabourReportFileRow, *, current: bool) -> AttachmentView:
    return AttachmentView(
        number=row.number, version=row.version, current=current, filename=row.filename, size_bytes=row.size_bytes, sha256=row.sha256,
        kind=row.kind, content_type=FILE_TYPES[row.kind][0], uploaded_by=row.uploaded_by, created_at=row.created_at,
    )  # fmt: skip


__all__ = ["add_file", "list_files", "read_file", "upload_rules"]
