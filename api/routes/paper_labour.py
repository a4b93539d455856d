"""Labour-competition standings on paper (劳动竞赛排名公示): a period's or the year's standings
as a PDF to post and sign, drawn by `contests.paper.labour_list` from the same standings the
JSON answers give (verified reports only). Readers are the standings' readers: organiser,
employee, viewer. Rendering runs in a worker thread like every paper route.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, ORGANISER, VIEWER, allow
from api.routes.labour import CompetitionId, PeriodId
from api.routes.paper import PDF, READ, Contact, NoticeEnd, NoticeStart, Organiser, notice_of, pdf, render
from contests.paper.labour_list import annual_table, labour_list_pdf, period_table
from contests.usecases.paper import labour_lists

READERS = (ORGANISER, EMPLOYEE, VIEWER)


class LabourPaperController(Controller):
    path = "/labour/{competition_id:int}/paper"
    tags = ["paper"]

    @get("/periods/{period:str}/standings.pdf", guards=[allow(*READERS)], media_type=PDF, responses=READ)
    async def period_standings_pdf(
        self, competition_id: CompetitionId, period: PeriodId, session: NamedDependency[AsyncSession], organiser: Organiser = "",
        notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
    ) -> Response[bytes]:  # fmt: skip
        """A period's standings to print: rank, participant, unit, score, awards and why a
        participant takes none (veto, not reported, late). Roles: organiser, employee, viewer."""
        notice = notice_of(notice_start, notice_end, contact)
        found = await labour_lists.period_list(session, competition_id, period)
        table = period_table(found.period_rows, found.kind)
        body = await render(labour_list_pdf, found.competition, found.what, table, organiser=organiser, made_at=_now(), notice=notice)
        return pdf(body, f"labour-{competition_id}-{period}.pdf")

    @get("/standings.pdf", guards=[allow(*READERS)], media_type=PDF, responses=READ)
    async def annual_standings_pdf(
        self, competition_id: CompetitionId, session: NamedDependency[AsyncSession], organiser: Organiser = "",
        notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
    ) -> Response[bytes]:  # fmt: skip
        """The annual standings to print: totals, 流动红旗 counts, awards, annual vetoes with their
        period. Roles: organiser, employee, viewer."""
        notice = notice_of(notice_start, notice_end, contact)
        found = await labour_lists.annual_list(session, competition_id)
        table = annual_table(found.annual_rows, found.kind)
        body = await render(labour_list_pdf, found.competition, found.what, table, organiser=organiser, made_at=_now(), notice=notice)
        return pdf(body, f"labour-{competition_id}-annual.pdf")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


__all__ = ["LabourPaperController"]
