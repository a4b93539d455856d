"""Units, teams and competitors of a contest: CRUD, bulk import (CSV / XLSX, Chinese headers)
and the empty competitor sheet to fill in.

Reads are for the organiser and the chief judge (names and units are not for judges: blind
judging); writes are for the organiser. A record's key (code / employee number) is in the
path for update and delete; an update body may carry a new key (a renamed unit code: teams,
competitors and judges follow, as they refer to the record, not to its code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import MultipartBody, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import SETUP, STAFF, allow
from api.routes.judging import IdempotencyKey
from api.routes.pages import TOTAL_COUNT, TOTAL_COUNT_HEADER, PageLimit, PageOffset
from api.routes.params import Code, ContestId, EmployeeNo
from contests.importing import competitors_template_xlsx
from contests.people import Competitor, Team, Unit
from contests.usecases.setup import competitor_pages
from contests.usecases.setup import contests as contest_uc
from contests.usecases.setup import late_registration as late_uc
from contests.usecases.setup import people as uc
from contests.usecases.setup.late_registration import RegisteredCompetitor
from contests.usecases.setup.views import ImportReport

# An import file may be up to contests.spreadsheets.MAX_FILE_BYTES (10 MiB) plus multipart framing;
# its other limits (rows, columns, cells, time) are checked while it is read, off the event loop.
IMPORT_MAX_BODY = 10 * 1024 * 1024 + 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ImportKind = Annotated[
    Literal["units", "teams", "competitors"], QueryParameter(description="What the file lists: units, teams or competitors")
]

_READ = {"guards": [allow(*STAFF)], "responses": problems.READ}
_WRITE = {"guards": [allow(*SETUP)], "responses": problems.WRITE}


class UnitController(Controller):
    path = "/contests/{contest_id:int}/units"
    tags = ["units"]

    @get("/", **_READ)
    async def list_units(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> list[Unit]:
        """Units (单位) of the contest. Roles: organiser, chief judge."""
        return await uc.list_units(session, contest_id)

    @post("/", **_WRITE)
    async def add_unit(
        self, contest_id: ContestId, data: RequestBody[Unit], session: NamedDependency[AsyncSession], request: Request
    ) -> Unit:
        """Register a unit. Roles: organiser."""
        return await uc.add_unit(session, request.user, contest_id, data)

    @get("/{code:str}", **_READ)
    async def get_unit(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession]) -> Unit:
        """One unit. Roles: organiser, chief judge."""
        return await uc.get_unit(session, contest_id, code)

    @put("/{code:str}", **_WRITE)
    async def update_unit(
        self, contest_id: ContestId, code: Code, data: RequestBody[Unit], session: NamedDependency[AsyncSession], request: Request
    ) -> Unit:
        """Replace a unit's record (the body may rename its code). Roles: organiser."""
        return await uc.update_unit(session, request.user, contest_id, code, data)

    @delete("/{code:str}", **_WRITE)
    async def delete_unit(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession], request: Request) -> None:
        """Remove a unit nobody refers to any more (409 otherwise). Roles: organiser."""
        await uc.delete_unit(session, request.user, contest_id, code)


class TeamController(Controller):
    path = "/contests/{contest_id:int}/teams"
    tags = ["teams"]

    @get("/", **_READ)
    async def list_teams(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> list[Team]:
        """Teams (班组 / 代表队) of the contest. Roles: organiser, chief judge."""
        return await uc.list_teams(session, contest_id)

    @post("/", **_WRITE)
    async def add_team(
        self, contest_id: ContestId, data: RequestBody[Team], session: NamedDependency[AsyncSession], request: Request
    ) -> Team:
        """Register a team of a registered unit. Roles: organiser."""
        return await uc.add_team(session, request.user, contest_id, data)

    @get("/{code:str}", **_READ)
    async def get_team(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession]) -> Team:
        """One team. Roles: organiser, chief judge."""
        return await uc.get_team(session, contest_id, code)

    @put("/{code:str}", **_WRITE)
    async def update_team(
        self, contest_id: ContestId, code: Code, data: RequestBody[Team], session: NamedDependency[AsyncSession], request: Request
    ) -> Team:
        """Replace a team's record (the body may rename its code). Roles: organiser."""
        return await uc.update_team(session, request.user, contest_id, code, data)

    @delete("/{code:str}", **_WRITE)
    async def delete_team(self, contest_id: ContestId, code: Code, session: NamedDependency[AsyncSession], request: Request) -> None:
        """Remove a team without members (409 otherwise). Roles: organiser."""
        await uc.delete_team(session, request.user, contest_id, code)


@dataclass
class ImportUpload:
    """multipart/form-data with one part `file`: a .csv (UTF-8) or .xlsx sheet."""

    file: UploadFile


class CompetitorController(Controller):
    path = "/contests/{contest_id:int}/competitors"
    tags = ["competitors"]

    @get("/", **_READ, response_headers=[TOTAL_COUNT_HEADER])
    async def list_competitors(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], offset: PageOffset = 0, limit: PageLimit = None
    ) -> Response[list[Competitor]]:
        """Competitors (选手) of the contest in registration order; `offset` and `limit` page
        them (all of them if left out). Roles: organiser, chief judge."""
        page, total = await competitor_pages.competitor_page(session, contest_id, offset, limit)
        return Response(page, headers={TOTAL_COUNT: str(total)})

    @post("/", **_WRITE)
    async def add_competitor(
        self, contest_id: ContestId, data: RequestBody[Competitor], session: NamedDependency[AsyncSession], request: Request
    ) -> RegisteredCompetitor:
        """Register a competitor; the employee number is unique in the contest. When the
        competitor's event is drawn already the answer carries `after_draw`: they are not in
        the draw, so left out of the sheets and standings until the event is drawn again
        (possible until the first mark). Roles: organiser."""
        return await late_uc.register_competitor(session, request.user, contest_id, data)

    @get("/template.xlsx", guards=[allow(*STAFF)], responses=problems.READ, media_type=XLSX)
    async def competitor_template(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The empty competitor sheet (Chinese headers, 赛项 drop-down). Roles: organiser, chief judge."""
        view = await contest_uc.get_contest(session, contest_id)
        body = competitors_template_xlsx(view.definition.events)
        filename = f"{view.slug}-competitors.xlsx"
        return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @post("/import", **_WRITE, request_max_body_size=IMPORT_MAX_BODY)
    async def import_file(
        self,
        contest_id: ContestId,
        data: MultipartBody[ImportUpload],
        session: NamedDependency[AsyncSession],
        request: Request,
        kind: ImportKind = "competitors",
        idempotency_key: IdempotencyKey = None,
    ) -> ImportReport:
        """Bulk import of a CSV (UTF-8) or XLSX sheet: all rows or none; a refusal (409) lists
        every bad line and why. Headers may be Chinese (工号, 姓名, 单位, 班组/代表队, 赛项).
        At most 100,000 data rows, 256 columns and 2,000,000 cells, read within 120 s (413
        names the limit). Send an `Idempotency-Key`: a file resent after a lost answer gets
        the first answer. Roles: organiser."""
        content = await data.file.read()
        filename = data.file.filename or ""
        return await uc.import_registrations(session, request.user, contest_id, kind, content, filename, idempotency_key=idempotency_key)

    @get("/{employee_no:str}", **_READ)
    async def get_competitor(self, contest_id: ContestId, employee_no: EmployeeNo, session: NamedDependency[AsyncSession]) -> Competitor:
        """One competitor. Roles: organiser, chief judge."""
        return await uc.get_competitor(session, contest_id, employee_no)

    @put("/{employee_no:str}", **_WRITE)
    async def update_competitor(
        self,
        contest_id: ContestId,
        employee_no: EmployeeNo,
        data: RequestBody[Competitor],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> Competitor:
        """Replace a competitor's record. Roles: organiser."""
        return await uc.update_competitor(session, request.user, contest_id, employee_no, data)

    @delete("/{employee_no:str}", **_WRITE)
    async def delete_competitor(
        self, contest_id: ContestId, employee_no: EmployeeNo, session: NamedDependency[AsyncSession], request: Request
    ) -> None:
        """Withdraw a competitor before the draw (409 after). Roles: organiser."""
        await uc.delete_competitor(session, request.user, contest_id, employee_no)
