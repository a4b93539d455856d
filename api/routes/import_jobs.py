"""Import jobs (导入任务): a large CSV / XLSX import that answers at once and runs after the answer.

- `POST /contests/{id}/import-jobs?kind=competitors` (units, teams, competitors; organiser) and
  `POST …/events/{event}/modules/{module}/results/import-jobs` (the theory exam's marks;
  organiser, chief judge) take the same file as the synchronous import and answer 202 with
  the job and its `Location`.
- `GET /contests/{id}/import-jobs/{job_id}`: state (queued → running → done | refused |
  failed), phase, rows read and written, and at the end the synchronous import's answer:
  `report` when done, `errors` naming row and field (`line 7.工号`) when refused, `status`
  the status it would have had.

The choice: the synchronous import routes stay as they are (a small file answers its report in
the same request, as before); a client with a large file, or one that wants progress, sends it
here. Both run the same use-case, all rows or none, so the report and refusals are the same.
The file is read off the event loop (a worker process) and written in chunks, and the progress
lives in the job row (`contests.usecases.core.import_jobs`), so any app worker answers the GET.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import MultipartBody, PathParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import SETUP, STAFF, allow
from api.routes.params import ContestId, EventId, ModuleId
from api.routes.people import IMPORT_MAX_BODY, ImportKind, ImportUpload
from api.routes.results_import import ResultsUpload, Seat
from contests.usecases.core import import_jobs as jobs
from contests.usecases.core.import_jobs import ImportJobView
from contests.usecases.judging.results_import import import_results
from contests.usecases.setup.imports import import_registrations

JobId = Annotated[str, PathParameter(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$", description="The import job's id")]


class ImportJobController(Controller):
    path = "/contests/{contest_id:int}"
    tags = ["import jobs"]

    @post("/import-jobs", guards=[allow(*SETUP)], responses=problems.WRITE, request_max_body_size=IMPORT_MAX_BODY, status_code=202)
    async def start_registrations_job(
        self,
        contest_id: ContestId,
        data: MultipartBody[ImportUpload],
        session: NamedDependency[AsyncSession],
        request: Request,
        kind: ImportKind = "competitors",
    ) -> Response[ImportJobView]:
        """Start importing a CSV (UTF-8) or XLSX sheet of units, teams or competitors as a job
        (202, `Location` is the job): the same rules and limits as `…/competitors/import`, all
        rows or none; follow it with `GET …/import-jobs/{job_id}`. Roles: organiser."""
        content, filename = await data.file.read(), data.file.filename or ""
        job = await jobs.start(session, request.user, contest_id, kind)
        work = partial(_registrations, actor=request.user, contest_id=contest_id, kind=kind, data=content, filename=filename)
        jobs.launch(request.app.state.session_factory, job.id, work)
        return _accepted(job)

    @post(
        "/events/{event_id:str}/modules/{module_id:str}/results/import-jobs",
        guards=[allow(*STAFF)], responses=problems.WRITE, request_max_body_size=IMPORT_MAX_BODY, status_code=202,
    )  # fmt: skip
    async def start_results_job(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        data: MultipartBody[ResultsUpload],
        session: NamedDependency[AsyncSession],
        request: Request,
        judge: Seat = None,
    ) -> Response[ImportJobView]:
        """Start importing a module's results (the theory exam's marks) as a job (202,
        `Location` is the job): the same rules as `…/results/import`, all rows or none.
        Roles: organiser, chief judge."""
        content, filename = await data.file.read(), data.file.filename or ""
        job = await jobs.start(session, request.user, contest_id, "theory_marks")
        work = partial(
            _results, actor=request.user, contest_id=contest_id, event_id=event_id, module_id=module_id, judge=judge, data=content,
            filename=filename,
        )  # fmt: skip
        jobs.launch(request.app.state.session_factory, job.id, work)
        return _accepted(job)

    @get("/import-jobs/{job_id:str}", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_import_job(self, contest_id: ContestId, job_id: JobId, session: NamedDependency[AsyncSession]) -> ImportJobView:
        """An import job: state, phase, rows read and written; at the end `status`, and the
        `report` (done) or the `errors` naming row and field (refused). Roles: organiser, chief judge."""
        return await jobs.job_view(session, contest_id, job_id)


def _accepted(job: ImportJobView) -> Response[ImportJobView]:
    return Response(job, status_code=202, headers={"Location": f"/contests/{job.contest_id}/import-jobs/{job.id}"})


async def _registrations(session: AsyncSession, progress: jobs.Progress, finish: jobs.Finish, **kwargs) -> None:
    await import_registrations(session, **kwargs, progress=progress, finish=finish)


async def _results(session: AsyncSession, progress: jobs.Progress, finish: jobs.Finish, **kwargs) -> None:
    await import_results(session, **kwargs, progress=progress, finish=finish)
