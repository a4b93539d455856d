"""Labour competitions (劳动竞赛, issue 12 item 3): the versioned definition, unit reporters,
plans, the panel's marks, period reports and their verification, standings from verified
reports, and the whole-period import.

Roles: the organiser (组委会 / 工会) runs a competition and verifies; a unit reporter (填报员)
is an employee login the organiser tied to one unit: it reads the definition, enters and
reads its own unit's reports only (another unit's are 404), and reads the standings; a
viewer reads the definition and the standings. Other roles have no part in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import MultipartBody, PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, VIEWER, allow
from api.routes.params import Version
from api.routes.people import IMPORT_MAX_BODY
from contests.fields import CODE_PATTERN, INT32_MAX, SLUG_PATTERN
from contests.labour.definition import LabourCompetition
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import inspections, period_import, plans, reporters, reports, standings, verification
from contests.usecases.labour.views import (
    AnnualStandingsView,
    CompetitionView,
    ImportReport,
    InspectionRequest,
    PeriodStandingsView,
    PlanRequest,
    PlanView,
    Reason,
    ReportDraft,
    ReporterAssignment,
    ReportView,
    State,
)

CompetitionId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Labour competition id (from POST /labour)")]
ReportId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Report id")]
PeriodId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="Period id, e.g. 2026-01")]
PeriodFilter = Annotated[str | None, QueryParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="Only this period")]
StateFilter = Annotated[State | None, QueryParameter(name="state", description="Only reports in this state")]
ParticipantQuery = Annotated[str, QueryParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Participant code")]
PeriodQuery = Annotated[str, QueryParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="Period id")]
SheetQuery = Annotated[Literal["reports", "plans"], QueryParameter(description="What the sheet holds: reports (actuals) or plans")]

RUNS = {"guards": [allow(ORGANISER)], "responses": problems.WRITE}
REPORTS = (ORGANISER, EMPLOYEE)
READERS = (ORGANISER, EMPLOYEE, VIEWER)


class ReturnBody(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    reason: Reason


@dataclass
class PeriodUpload:
    """multipart/form-data with one part `file`: a .csv (UTF-8) or .xlsx sheet."""

    file: UploadFile


class LabourController(Controller):
    path = "/labour"
    tags = ["labour competitions"]

    @post("/", **RUNS)
    async def create(
        self, data: RequestBody[LabourCompetition], session: NamedDependency[AsyncSession], request: Request
    ) -> CompetitionView:
        """Define a labour competition (participants, periods with report deadlines, the late
        policy, indicators, vetoes, awards, titles). 409 naming every problem's path and rule. Roles: organiser."""
        return await competition_uc.create_competition(session, request.user, data)

    @get("/{competition_id:int}", guards=[allow(*READERS)], responses=problems.READ)
    async def get_competition(
        self, competition_id: CompetitionId, session: NamedDependency[AsyncSession], version: Version = None
    ) -> CompetitionView:
        """A competition's definition, the latest version unless `version` is given. Roles: organiser, employee, viewer."""
        return await competition_uc.get_competition(session, competition_id, version)

    @post("/{competition_id:int}/versions", **RUNS)
    async def new_version(
        self, competition_id: CompetitionId, data: RequestBody[LabourCompetition], session: NamedDependency[AsyncSession], request: Request
    ) -> CompetitionView:
        """Store the next version; 409 if it drops a participant, period or indicator that stored
        plans, reports or marks use. Every version is kept. Roles: organiser."""
        return await competition_uc.new_version(session, request.user, competition_id, data)

    @post("/{competition_id:int}/reporters", **RUNS)
    async def assign_reporter(
        self, competition_id: CompetitionId, data: RequestBody[ReporterAssignment], session: NamedDependency[AsyncSession], request: Request
    ) -> ReporterAssignment:
        """Tie an employee login to one unit: it reports for that unit's participants only. Roles: organiser."""
        return await reporters.assign_reporter(session, request.user, competition_id, data)

    @post("/{competition_id:int}/plans", **RUNS)
    async def set_plan(
        self, competition_id: CompetitionId, data: RequestBody[PlanRequest], session: NamedDependency[AsyncSession], request: Request
    ) -> PlanView:
        """Set a participant's plan for a period (a new version); once a report of that period
        exists a change needs `reason` (409 without). Roles: organiser."""
        return await plans.set_plan(session, request.user, competition_id, data)

    @get("/{competition_id:int}/plans", guards=[allow(ORGANISER)], responses=problems.READ)
    async def plan_history(
        self, competition_id: CompetitionId, participant: ParticipantQuery, period: PeriodQuery, session: NamedDependency[AsyncSession]
    ) -> list[PlanView]:
        """Every version of a participant's plan for a period, oldest first. Roles: organiser."""
        return await plans.plan_history(session, competition_id, participant, period)

    @post("/{competition_id:int}/marks", **RUNS)
    async def record_marks(
        self, competition_id: CompetitionId, data: RequestBody[InspectionRequest], session: NamedDependency[AsyncSession], request: Request
    ) -> int:
        """The inspection panel's marks of a judged indicator (one per inspector); a change
        needs `reason`. Returns the version written. Roles: organiser."""
        return await inspections.record_marks(session, request.user, competition_id, data)

    @post("/{competition_id:int}/reports", guards=[allow(*REPORTS)], responses=problems.WRITE)
    async def submit(
        self, competition_id: CompetitionId, data: RequestBody[ReportDraft], session: NamedDependency[AsyncSession], request: Request
    ) -> ReportView:
        """Submit a participant's period report, or resubmit it (a new version) while it is
        submitted or after it was returned. Late reports follow the declared policy (409 when
        refused). A reporter reports for their own unit only. Roles: organiser, employee (unit reporter)."""
        return await reports.submit_report(session, request.user, competition_id, data)

    @get("/{competition_id:int}/reports", guards=[allow(*REPORTS)], responses=problems.READ)
    async def list_reports(
        self,
        competition_id: CompetitionId,
        session: NamedDependency[AsyncSession],
        request: Request,
        period: PeriodFilter = None,
        in_state: StateFilter = None,
    ) -> list[ReportView]:
        """The verification queue (organiser; `state=submitted`) or a reporter's own unit's
        reports. Roles: organiser, employee (unit reporter)."""
        return await reports.list_reports(session, request.user, competition_id, period=period, state=in_state)

    @get("/{competition_id:int}/reports/{report_id:int}", guards=[allow(*REPORTS)], responses=problems.READ)
    async def get_report(
        self, competition_id: CompetitionId, report_id: ReportId, session: NamedDependency[AsyncSession], request: Request
    ) -> ReportView:
        """A report with every version and state change. Roles: organiser, employee (own unit)."""
        return await reports.get_report(session, request.user, competition_id, report_id)

    @post("/{competition_id:int}/reports/{report_id:int}/verify", status_code=200, **RUNS)
    async def verify(
        self, competition_id: CompetitionId, report_id: ReportId, session: NamedDependency[AsyncSession], request: Request
    ) -> ReportView:
        """Verify a submitted report: its figures count in the standings. 409 if it is not
        submitted or someone decided it at the same time. Roles: organiser."""
        return await verification.verify_report(session, request.user, competition_id, report_id)

    @post("/{competition_id:int}/reports/{report_id:int}/return", status_code=200, **RUNS)
    async def return_report(
        self,
        competition_id: CompetitionId,
        report_id: ReportId,
        data: RequestBody[ReturnBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> ReportView:
        """Return a report to its reporter with the reason. Roles: organiser."""
        return await verification.return_report(session, request.user, competition_id, report_id, data.reason)

    @get("/{competition_id:int}/periods/{period:str}/standings", guards=[allow(*READERS)], responses=problems.READ)
    async def period_standings(
        self, competition_id: CompetitionId, period: PeriodId, session: NamedDependency[AsyncSession]
    ) -> PeriodStandingsView:
        """A period's standings from verified reports, vetoes with their reasons, awards. Roles: organiser, employee, viewer."""
        return await standings.period_standings(session, competition_id, period)

    @get("/{competition_id:int}/standings", guards=[allow(*READERS)], responses=problems.READ)
    async def annual_standings(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> AnnualStandingsView:
        """The annual standings: totals, red flags, annual vetoes with their period, awards. Roles: organiser, employee, viewer."""
        return await standings.annual_standings(session, competition_id)

    @post("/{competition_id:int}/periods/{period:str}/import", request_max_body_size=IMPORT_MAX_BODY, **RUNS)
    async def import_period(
        self,
        competition_id: CompetitionId,
        period: PeriodId,
        sheet: SheetQuery,
        data: MultipartBody[PeriodUpload],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> ImportReport:
        """A whole period for all participants from XLSX/CSV with Chinese headers (班组编号,
        the indicators' and vetoes' names; 备注 / 调整原因): reports or plans. All rows or none:
        409 names each bad row as `line N.<header>`; 413 past a size limit. Roles: organiser."""
        content = await data.file.read()
        return await period_import.import_period(session, request.user, competition_id, period, sheet, content, data.file.filename or "")


__all__ = ["LabourController"]
