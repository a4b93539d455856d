"""Evidence files (佐证材料) of labour period reports, on the shared attachment store.

- `POST /labour/{id}/reports/{report_id}/evidence`: upload a file (multipart/form-data, part
  `file`); `PUT …/evidence/{number}` replaces it with a new version (the old stays readable);
- `GET …/evidence`: every version of every file; `GET …/evidence/{number}` the bytes of the
  current version (or `?version=k`).

The competition declares the size limit, the allowed types and the files per report
(`attachments` in its definition; defaults: 20 MiB, PDF, PNG, JPEG, XLSX, DOCX, text, 20
files); the type is read from the file's bytes. Refusals: 413 past the size limit, 415 for a
type not allowed (or not multipart), 400 for a bad file name, nothing stored.
Who may read and write: contests.usecases.labour.evidence (the organiser; the reporter of
the report's unit, who uploads until the report is verified).
"""

from __future__ import annotations

from functools import partial

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, allow
from api.file_download import download
from api.file_upload import upload
from api.routes.campaigns_attachments import _UPLOAD, FileNumber, FileVersion, _Download, _Upload, blob_store
from api.routes.labour import CompetitionId, ReportId
from contests.usecases.campaigns.attachments import AttachmentView
from contests.usecases.labour import evidence as uc

_WRITE = {**_UPLOAD, "guards": [allow(ORGANISER, EMPLOYEE)]}
_READ = {"guards": [allow(ORGANISER, EMPLOYEE)], "responses": problems.READ}


class LabourEvidenceController(Controller):
    path = "/labour/{competition_id:int}/reports/{report_id:int}/evidence"
    tags = ["labour competitions"]

    @post("/", operation_class=_Upload, **_WRITE)
    async def upload(
        self, competition_id: CompetitionId, report_id: ReportId, session: NamedDependency[AsyncSession], request: Request
    ) -> AttachmentView:
        """Attach an evidence file to a report (multipart/form-data, one part named `file`), stored
        by its SHA-256 with the type read from its bytes; 413 past the competition's size limit, 415
        for a type not allowed. Roles: organiser, employee (the reporter of the report's unit, until it is verified)."""
        return await _store(request, session, competition_id, report_id, None)

    @put("/{number:int}", operation_class=_Upload, **_WRITE)
    async def replace(
        self,
        competition_id: CompetitionId,
        report_id: ReportId,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> AttachmentView:
        """Replace evidence file `number` with a new version; earlier versions stay readable. Same rules and roles as the upload."""
        return await _store(request, session, competition_id, report_id, number)

    @get("/", **_READ)
    async def list_evidence(
        self, competition_id: CompetitionId, report_id: ReportId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[AttachmentView]:
        """Every version of every evidence file of the report. Roles: organiser, employee (the report's unit)."""
        return await uc.list_files(session, request.user, competition_id, report_id)

    @get("/{number:int}", operation_class=_Download, **_READ)
    async def download(
        self,
        competition_id: CompetitionId,
        report_id: ReportId,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
        version: FileVersion = None,
    ) -> Response:
        """An evidence file's bytes (the current version, or `version`). Roles: organiser, employee (the report's unit)."""
        readable = await uc.read_file(session, request.user, competition_id, report_id, number, version)
        return download(request, readable, blob_store(request.app.state))


async def _store(request: Request, session: AsyncSession, competition_id: int, report_id: int, number: int | None) -> AttachmentView:
    rules = await uc.upload_rules(session, request.user, competition_id, report_id, number)
    add = partial(uc.add_file, session, request.user, competition_id, report_id, blobs=blob_store(request.app.state), number=number)
    return await upload(request, rules, add)


__all__ = ["LabourEvidenceController"]
