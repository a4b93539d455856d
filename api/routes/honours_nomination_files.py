"""Attachments (附件) of honours nominations, on the shared attachment store: a scanned
certificate, the 申报表, a photo.

- `POST /honours/{id}/nominations/{code}/files`: upload a file (multipart/form-data, part
  `file`); `PUT …/files/{number}` replaces it with a new version (the old stays readable);
- `GET …/files`: every version of every file; `GET …/files/{number}` the bytes of the current
  version (or `?version=k`).

The round declares the size limit, the allowed types and the files per nomination
(`attachments` in its definition; defaults: 20 MiB, PDF, PNG, JPEG, XLSX, DOCX, text, 20
files); the type is read from the file's bytes. Refusals: 413 past the size limit, 415 for a
type not allowed (or not multipart), 400 for a bad file name, 409 once the committee's vote
on the title has opened (`vote_opened`) or the nomination was withdrawn, nothing stored.
Who may read and write: contests.usecases.honours.nomination_access.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import PathParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, REVIEWER, allow
from api.file_download import download
from api.file_upload import upload
from api.routes.campaigns_attachments import _UPLOAD, FileVersion, _Download, _Upload, blob_store
from api.routes.honours import Code, RoundId
from contests.fields import INT32_MAX
from contests.usecases.campaigns.attachments import AttachmentView
from contests.usecases.honours import attachments as uc

FileNumber = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="The file's number within the nomination (from the upload)")]
_WRITE = {**_UPLOAD, "guards": [allow(ORGANISER, EMPLOYEE)]}
_READ = {"guards": [allow(ORGANISER, EMPLOYEE, REVIEWER)], "responses": problems.READ}


class HonoursNominationFileController(Controller):
    path = "/honours/{round_id:int}/nominations/{code:str}/files"
    tags = ["honours"]

    @post("/", operation_class=_Upload, **_WRITE)
    async def upload(self, round_id: RoundId, code: Code, session: NamedDependency[AsyncSession], request: Request) -> AttachmentView:
        """Attach a file to a nomination (multipart/form-data, one part named `file`), stored by its
        SHA-256 with the type read from its bytes; 413 past the round's size limit, 415 for a type
        not allowed, 409 once the vote on the title opened. Roles: organiser, employee (the nominator of the nomination's unit)."""
        return await _store(request, session, round_id, code, None)

    @put("/{number:int}", operation_class=_Upload, **_WRITE)
    async def replace(
        self, round_id: RoundId, code: Code, number: FileNumber, session: NamedDependency[AsyncSession], request: Request
    ) -> AttachmentView:
        """Replace file `number` with a new version; earlier versions stay readable. Same rules and roles as the upload."""
        return await _store(request, session, round_id, code, number)

    @get("/", **_READ)
    async def list_files(
        self, round_id: RoundId, code: Code, session: NamedDependency[AsyncSession], request: Request
    ) -> list[AttachmentView]:
        """Every version of every file of the nomination. Roles: organiser, employee (the nomination's unit), reviewer (committee member)."""
        return await uc.list_files(session, request.user, round_id, code)

    @get("/{number:int}", operation_class=_Download, **_READ)
    async def download(
        self,
        round_id: RoundId,
        code: Code,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
        version: FileVersion = None,
    ) -> Response:
        """A file's bytes (the current version, or `version`). Roles: organiser, employee (the nomination's unit), reviewer (committee member)."""
        readable = await uc.read_file(session, request.user, round_id, code, number, version)
        return download(request, readable, blob_store(request.app.state))


async def _store(request: Request, session: AsyncSession, round_id: int, code: str, number: int | None) -> AttachmentView:
    rules = await uc.upload_rules(session, request.user, round_id, code, number)
    add = partial(uc.add_file, session, request.user, round_id, code, blobs=blob_store(request.app.state), number=number)
    return await upload(request, rules, add)


__all__ = ["HonoursNominationFileController"]
