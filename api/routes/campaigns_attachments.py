"""Attachments (附件) of submissions: the evidence behind a proposal (drawings, photos, test
reports, finance's proof of benefit), stored for real.

- `POST …/submissions/{id}/attachments`: upload a file (multipart/form-data, part `file`);
  `PUT …/attachments/{number}` replaces it with a new version (the old one stays readable);
- `GET …/attachments`: every version of every file; `GET …/attachments/{number}` the
  bytes of the current version (or `?version=k`), with the bytes' SHA-256 as ETag (304 to
  an `If-None-Match` naming it: api.file_download);
- `GET /campaigns/{id}/reviews/{code}/attachments[/{number}]`: the same for a reviewer on
  the submission's panel, by blind code; in blind review without file names or uploader.

The campaign declares the size limit and the allowed types (`attachments` in its
definition); the type is read from the file's bytes. Refusals: 413 past the size limit,
415 for a type not allowed (or not multipart), 400 for a bad file name, nothing stored.
Rules of who may read and write: contests.usecases.campaigns.attachments.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated

from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, FINANCE, ORGANISER, REVIEWER, allow
from api.file_download import download
from api.file_upload import FIELD, upload
from api.routes.campaigns import CampaignId, SubmissionId
from contests.attachments import BlobStore
from contests.attachments.config import store_from_env
from contests.attachments.rules import FILE_TYPES, MAX_BYTES_CEILING
from contests.fields import CODE_PATTERN
from contests.usecases.campaigns import attachments as uc
from contests.usecases.campaigns.attachments import AttachmentView

INT32_MAX = 2**31 - 1
FileNumber = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="The file's number within the submission (from the upload)")]
FileVersion = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A version of the file; the current one if left out")]
BlindCode = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="The submission's blind code")]

_READERS = (ORGANISER, EMPLOYEE, FINANCE)
_UPLOAD = {
    "guards": [allow(ORGANISER, EMPLOYEE, FINANCE)],
    "responses": problems.WRITE,
    "request_max_body_size": MAX_BYTES_CEILING + 64 * 1024,  # the campaign's own, smaller cap is enforced while streaming
    "status_code": 201,
}


def blob_store(state: State) -> BlobStore:
    """The deployment's attachment store, built once from the environment
    (contests.attachments.config); tests may put their own in `app.state.attachment_store`."""
    if "attachment_store" not in state:
        state.attachment_store = store_from_env(state.database_url)
    return state.attachment_store


# ---------------------------------------------------------------- OpenAPI: bodies read by hand


@dataclass
class _Upload(Operation):
    """The multipart body the handler reads itself (api.file_upload)."""

    def __post_init__(self) -> None:
        file = Schema(
            type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="The file: PDF, PNG, JPEG, XLSX, DOCX or UTF-8 text"
        )
        body = Schema(type=OpenAPIType.OBJECT, required=[FIELD], properties={FIELD: file})
        self.request_body = RequestBody(required=True, content={"multipart/form-data": OpenAPIMediaType(schema=body)})


@dataclass
class _Download(Operation):
    """The bytes, with the content type read from them when they were uploaded."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        media = {media_type.split(";")[0]: OpenAPIMediaType(schema=binary) for media_type, _ in FILE_TYPES.values()}
        if self.responses is not None:
            self.responses["200"] = OpenAPIResponse(description="The file's bytes", content=media)
            self.responses["304"] = OpenAPIResponse(description="Not modified: If-None-Match named this version's ETag (no body)")


# ---------------------------------------------------------------- routes


class AttachmentController(Controller):
    path = "/campaigns/{campaign_id:int}/submissions/{submission_id:int}/attachments"
    tags = ["attachments"]

    @post("/", operation_class=_Upload, **_UPLOAD)
    async def upload(
        self, campaign_id: CampaignId, submission_id: SubmissionId, session: NamedDependency[AsyncSession], request: Request
    ) -> AttachmentView:
        """Attach a file (multipart/form-data, one part named `file`). Stored with its SHA-256,
        size and the type read from its bytes; the campaign's `attachments` rules decide the
        size limit (413) and the allowed types (415: PDF, PNG, JPEG, XLSX, DOCX, UTF-8 text by
        default; never a program). Roles: employee (own draft), organiser, finance (until the
        award list is published)."""
        return await _store(request, session, campaign_id, submission_id, None)

    @put("/{number:int}", operation_class=_Upload, **_UPLOAD)
    async def replace(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> AttachmentView:
        """Replace file `number` with a new version; the earlier versions stay readable.
        Same rules and roles as the upload."""
        return await _store(request, session, campaign_id, submission_id, number)

    @get("/", guards=[allow(*_READERS)], responses=problems.READ)
    async def list_attachments(
        self, campaign_id: CampaignId, submission_id: SubmissionId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[AttachmentView]:
        """Every version of every file, by number then version (`current` marks the latest).
        403 for a submission the reader may not read. Roles: organiser, finance, employee (own)."""
        return await uc.list_files(session, request.user, campaign_id, submission_id)

    @get("/{number:int}", guards=[allow(*_READERS)], responses=problems.READ, operation_class=_Download)
    async def download(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
        version: FileVersion = None,
    ) -> Response:
        """The file's bytes (the current version, or `version`), with its type and original
        name. Roles: organiser, finance, employee (own)."""
        readable = await uc.read_file(session, request.user, campaign_id, submission_id, number, version)
        return download(request, readable, blob_store(request.app.state))


class ReviewAttachmentController(Controller):
    path = "/campaigns/{campaign_id:int}/reviews/{code:str}/attachments"
    tags = ["attachments"]

    @get("/", guards=[allow(REVIEWER)], responses=problems.READ)
    async def list_reviewed(
        self, campaign_id: CampaignId, code: BlindCode, session: NamedDependency[AsyncSession], request: Request
    ) -> list[AttachmentView]:
        """The files of a submission on the reviewer's panel; in blind review named
        "附件<n>.<ext>" with no uploader. Roles: reviewer (assigned)."""
        return await uc.list_reviewed_files(session, request.user, campaign_id, code)

    @get("/{number:int}", guards=[allow(REVIEWER)], responses=problems.READ, operation_class=_Download)
    async def download_reviewed(
        self,
        campaign_id: CampaignId,
        code: BlindCode,
        number: FileNumber,
        session: NamedDependency[AsyncSession],
        request: Request,
        version: FileVersion = None,
    ) -> Response:
        """A file's bytes for a reviewer on the panel (blind: under its generic name).
        Roles: reviewer (assigned)."""
        readable = await uc.read_reviewed_file(session, request.user, campaign_id, code, number, version)
        return download(request, readable, blob_store(request.app.state))


async def _store(request: Request, session: AsyncSession, campaign_id: int, submission_id: int, number: int | None) -> AttachmentView:
    rules = await uc.upload_rules(session, request.user, campaign_id, submission_id, number)
    add = partial(uc.add_file, session, request.user, campaign_id, submission_id, blobs=blob_store(request.app.state), number=number)
    return await upload(request, rules, add)


__all__ = ["AttachmentController", "ReviewAttachmentController"]
