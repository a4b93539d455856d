"""Results imported from elsewhere (成绩导入) and the publish preview (发布预览), for the organiser.

- `POST …/modules/{module}/results/import`: a module's results from another system (the
  theory exam's XLSX) or a judge's paper sheet, by employee number (工号) or blind code (检录号),
  stored as one panel seat's marks with the tablet batch's rules, all rows or none
  (`contests.usecases.judging.results_import`).
- `GET …/publish/preview`: what publishing now would store and change against the last
  published snapshot, and why it would be refused (`publish_preview`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import MultipartBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, STAFF, allow
from api.routes.judging import IdempotencyKey
from api.routes.params import ContestId, EventId, ModuleId
from api.routes.people import IMPORT_MAX_BODY
from contests.fields import CODE_PATTERN
from contests.usecases.judging import publish_preview as preview_uc
from contests.usecases.judging import results_import as uc
from contests.usecases.judging.publish_preview import PublishPreview
from contests.usecases.judging.results_import import ResultsImportReport

Seat = Annotated[
    str | None,
    QueryParameter(
        min_length=1, max_length=64, pattern=CODE_PATTERN,
        description="The panel judge whose marks these are (a paper sheet's judge); may be left out when the panel has one seat",
    ),
]  # fmt: skip


@dataclass
class ResultsUpload:
    """multipart/form-data with one part `file`: a .csv (UTF-8) or .xlsx sheet."""

    file: UploadFile


class ResultsImportController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}"
    tags = ["results import"]

    @post(
        "/modules/{module_id:str}/results/import",
        guards=[allow(*STAFF)],
        responses=problems.WRITE,
        request_max_body_size=IMPORT_MAX_BODY,
    )
    async def import_results(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        data: MultipartBody[ResultsUpload],
        session: NamedDependency[AsyncSession],
        request: Request,
        judge: Seat = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ResultsImportReport:
        """Import a module's results (e.g. the theory exam's XLSX) as marks of one panel seat:
        the `judge` named, or the panel's only seat. One row per competitor, by 工号
        (employee_no) or 检录号 (blind_code); one column per aspect (its id or name; 成绩 /
        score for a one-aspect module); 更正原因 (reason) for corrections. Checked like a
        tablet's batch (range, panel, conflicts, lock), all rows or none: a refusal (409)
        names each bad row and column as `line N.<header>`; 413 past a size limit. Send an
        `Idempotency-Key`: a resend gets the first answer. Roles: organiser, chief judge."""
        content = await data.file.read()
        filename = data.file.filename or ""
        return await uc.import_results(
            session, request.user, contest_id, event_id, module_id, content, filename, judge=judge, idempotency_key=idempotency_key
        )

    @get("/publish/preview", guards=[allow(ORGANISER)], responses=problems.READ)
    async def publish_preview(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> PublishPreview:
        """What `POST …/publish` would store now: the next snapshot's number and standings, the
        changes against the last published snapshot (new rows, changed module scores, totals,
        ranks, awards), and why it would be refused (blind, unlocked, marks owed, nothing
        changed). Writes nothing. Roles: organiser."""
        return await preview_uc.preview_publication(session, request.user, contest_id, event_id)
