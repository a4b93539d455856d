"""Labour competition exports (成绩导出) and statistics (统计), issue 12 items 4 and 5.

- `GET /labour/{id}/periods/{period}/standings.json|.csv|.xlsx`: a period's standings with
  each indicator's points, the late deduction, the vetoes and their reasons, the red flag
  and the awards;
- `GET /labour/{id}/standings.json|.csv|.xlsx`: the year's standings with each period's
  total, red flags, annual vetoes with their period, awards and titles (the XLSX has a
  second sheet, 称号评定, with every candidate and the reasons a title was not granted);
- `GET /labour/{id}/statistics` (JSON), `/statistics.csv?table=…`, `/statistics.xlsx`: the
  union's annual report: participation, indicators met, vetoes by kind, awards per unit.

CSV is UTF-8 with a byte-order mark and Chinese headers; XLSX has one sheet per table,
printable on A4. Every cell is spreadsheet-safe (`contests.safe_cells`). Everything is
computed from verified reports, as the standings are.
Roles: standings exports as the standings (organiser, employee, viewer); statistics for the
organiser and viewers.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, VIEWER, allow
from api.file_download import content_disposition
from api.routes.labour import READERS, CompetitionId, PeriodId
from contests.labour.exports import AnnualExport, PeriodExport, annual_tables, period_table
from contests.labour.sheets import to_csv, to_xlsx
from contests.labour.statistics import LabourStatistics
from contests.usecases.labour import exports, statistics, store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
STATS_TABLES = {"participation": 0, "indicators": 1, "vetoes": 2, "units": 3}
StatsTable = Annotated[
    Literal["participation", "indicators", "vetoes", "units"],
    QueryParameter(description="Which table: participation, indicators (met), vetoes (by kind) or units (awards per unit)"),
]
_READ = {"guards": [allow(*READERS)], "responses": problems.READ}
_STATS = {"guards": [allow(ORGANISER, VIEWER)], "responses": problems.READ}


def _file(body: bytes, media_type: str, name: str) -> Response[bytes]:
    return Response(body, media_type=media_type, headers={"Content-Disposition": content_disposition(name)})


async def _places(session: AsyncSession, competition_id: int) -> int:
    _, c = await store.current(session, competition_id)
    return c.rules.rounding.places


class LabourExportController(Controller):
    path = "/labour/{competition_id:int}"
    tags = ["labour competitions"]

    @get("/periods/{period:str}/standings.json", **_READ)
    async def period_json(self, competition_id: CompetitionId, period: PeriodId, session: NamedDependency[AsyncSession]) -> PeriodExport:
        """A period's standings for export: each indicator's points (null: not reported), the late
        deduction, total, place, vetoes with their reasons, the red flag and awards. Roles: organiser, employee, viewer."""
        return await exports.period_export(session, competition_id, period)

    @get("/periods/{period:str}/standings.csv", media_type=CSV, **_READ)
    async def period_csv(self, competition_id: CompetitionId, period: PeriodId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The period's standings as CSV (UTF-8 with BOM, Chinese headers). Roles: organiser, employee, viewer."""
        export = await exports.period_export(session, competition_id, period)
        body = to_csv(period_table(export), await _places(session, competition_id))
        return _file(body, CSV, f"{export.competition}-{period}-standings.csv")

    @get("/periods/{period:str}/standings.xlsx", media_type=XLSX, **_READ)
    async def period_xlsx(self, competition_id: CompetitionId, period: PeriodId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The period's standings as an A4-printable workbook. Roles: organiser, employee, viewer."""
        export = await exports.period_export(session, competition_id, period)
        body = to_xlsx([period_table(export)], await _places(session, competition_id))
        return _file(body, XLSX, f"{export.competition}-{period}-standings.xlsx")

    @get("/standings.json", **_READ)
    async def annual_json(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> AnnualExport:
        """The year's standings for export: each period's total, the year's total and place, red flags,
        annual vetoes with their period, awards, titles and every title candidate with the reasons. Roles: organiser, employee, viewer."""
        return await exports.annual_export(session, competition_id)

    @get("/standings.csv", media_type=CSV, **_READ)
    async def annual_csv(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The year's standings as CSV (UTF-8 with BOM, Chinese headers). Roles: organiser, employee, viewer."""
        export = await exports.annual_export(session, competition_id)
        body = to_csv(annual_tables(export)[0], await _places(session, competition_id))
        return _file(body, CSV, f"{export.competition}-standings.csv")

    @get("/standings.xlsx", media_type=XLSX, **_READ)
    async def annual_xlsx(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The year's standings and the title decisions (称号评定) as a workbook. Roles: organiser, employee, viewer."""
        export = await exports.annual_export(session, competition_id)
        body = to_xlsx(annual_tables(export), await _places(session, competition_id))
        return _file(body, XLSX, f"{export.competition}-standings.xlsx")

    @get("/statistics", **_STATS)
    async def statistics_json(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> LabourStatistics:
        """Statistics for the union's annual report, from verified reports: participation (participants,
        employees), indicators met, vetoes by kind, awards per unit. Roles: organiser, viewer."""
        return await statistics.competition_statistics(session, competition_id)

    @get("/statistics.csv", media_type=CSV, **_STATS)
    async def statistics_csv(
        self, competition_id: CompetitionId, session: NamedDependency[AsyncSession], table: StatsTable = "units"
    ) -> Response[bytes]:
        """One table of the statistics as CSV (UTF-8 with BOM, Chinese headers). Roles: organiser, viewer."""
        tables, places = await statistics.statistics_sheets(session, competition_id)
        return _file(to_csv(tables[STATS_TABLES[table]], places), CSV, f"labour-{competition_id}-statistics-{table}.csv")

    @get("/statistics.xlsx", media_type=XLSX, **_STATS)
    async def statistics_xlsx(self, competition_id: CompetitionId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The statistics as a workbook, one sheet per table. Roles: organiser, viewer."""
        tables, places = await statistics.statistics_sheets(session, competition_id)
        return _file(to_xlsx(tables, places), XLSX, f"labour-{competition_id}-statistics.xlsx")


__all__ = ["LabourExportController"]
