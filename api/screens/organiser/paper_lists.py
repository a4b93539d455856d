"""The organiser's print page for lists that are not a contest's (`/organiser/paper`): each
five-smalls campaign's award list (获奖名单公示), pay sheet (奖金发放表, PDF and XLSX) and
certificates, and each labour competition's period and annual standings (排名公示).

The campaign screens (api/screens/campaigns) are another console's; this page links the
documents from the organiser's side. Each route reads the session cookie (organiser only)
and calls the same use-case and drawing as the API's paper route, in a worker thread; a
refusal (an award list not yet published) is the console's error page saying why.
"""

from __future__ import annotations

import datetime as dt

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.campaigns import CampaignId
from api.routes.labour import CompetitionId, PeriodId
from api.routes.paper import PDF, XLSX, Contact, NoticeEnd, NoticeStart, Organiser, certificate_texts, notice_of, pdf, render, xlsx
from api.screens.layout import page
from api.screens.organiser.console import BASE, organiser
from api.screens.organiser.paper import CertificatesForm
from contests.paper.award_list import award_list_pdf
from contests.paper.certificate import certificates_pdf
from contests.paper.labour_list import annual_table, labour_list_pdf, period_table
from contests.paper.pay_sheet import pay_lines, pay_sheet_pdf, pay_sheet_xlsx
from contests.usecases.campaigns import awards as awards_uc
from contests.usecases.campaigns.campaign import list_campaigns
from contests.usecases.paper import certificates as certificates_uc
from contests.usecases.paper import labour_lists

CAMPAIGN = f"{BASE}/campaigns/{{campaign_id:int}}/paper"
LABOUR = f"{BASE}/labour/{{competition_id:int}}/paper"


@get(f"{BASE}/paper")
async def lists_page(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await organiser(request, session)
    campaigns, competitions = await list_campaigns(session), await labour_lists.printable(session)
    return page(request, "organiser/paper_lists", actor=actor, campaigns=campaigns, competitions=competitions)


@get(f"{CAMPAIGN}/awards.pdf", media_type=PDF)
async def award_list_paper(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, organiser_name: Organiser = "",
    notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
) -> Response[bytes]:  # fmt: skip
    await organiser(request, session)
    period = notice_of(notice_start, notice_end, contact)
    award_list, notice = await awards_uc.published_notice(session, campaign_id)
    row = await awards_uc.award_list(session, campaign_id)
    body = await render(award_list_pdf, award_list, notice, organiser=organiser_name, published_at=row.published_at, period=period)
    return pdf(body, f"campaign-{campaign_id}-awards.pdf")


@get(f"{CAMPAIGN}/pay-sheet.pdf", media_type=PDF)
async def campaign_pay_sheet_paper(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, organiser_name: Organiser = ""
) -> Response[bytes]:
    await organiser(request, session)
    award_list = await awards_uc.published_award_list(session, campaign_id, public=False)
    made_at = dt.datetime.now(dt.UTC)
    body = await render(pay_sheet_pdf, award_list.name, pay_lines(award_list), organiser=organiser_name, made_at=made_at)
    return pdf(body, f"campaign-{campaign_id}-pay-sheet.pdf")


@get(f"{CAMPAIGN}/pay-sheet.xlsx", media_type=XLSX)
async def campaign_pay_sheet_workbook(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, organiser_name: Organiser = ""
) -> Response[bytes]:
    await organiser(request, session)
    award_list = await awards_uc.published_award_list(session, campaign_id, public=False)
    body = await render(pay_sheet_xlsx, award_list.name, pay_lines(award_list), organiser=organiser_name)
    return xlsx(body, f"campaign-{campaign_id}-pay-sheet.xlsx")


@post(f"{CAMPAIGN}/certificates.pdf", media_type=PDF, status_code=200)
async def campaign_certificates_paper(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, data: URLEncodedBody[CertificatesForm]
) -> Response[bytes]:
    actor = await organiser(request, session)
    issued = await certificates_uc.issue_campaign_certificates(session, actor, campaign_id)
    body = await render(certificates_pdf, certificate_texts(request, issued, data.organiser_name.strip()))
    return pdf(body, f"campaign-{campaign_id}-certificates.pdf")


@get(f"{LABOUR}/periods/{{period:str}}/standings.pdf", media_type=PDF)
async def labour_period_paper(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodId,
    organiser_name: Organiser = "", notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
) -> Response[bytes]:  # fmt: skip
    await organiser(request, session)
    notice = notice_of(notice_start, notice_end, contact)
    found = await labour_lists.period_list(session, competition_id, period)
    table = period_table(found.period_rows, found.kind)
    body = await render(labour_list_pdf, found.competition, found.what, table, organiser=organiser_name, made_at=_now(), notice=notice)
    return pdf(body, f"labour-{competition_id}-{period}.pdf")


@get(f"{LABOUR}/standings.pdf", media_type=PDF)
async def labour_annual_paper(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, organiser_name: Organiser = "",
    notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
) -> Response[bytes]:  # fmt: skip
    await organiser(request, session)
    notice = notice_of(notice_start, notice_end, contact)
    found = await labour_lists.annual_list(session, competition_id)
    table = annual_table(found.annual_rows, found.kind)
    body = await render(labour_list_pdf, found.competition, found.what, table, organiser=organiser_name, made_at=_now(), notice=notice)
    return pdf(body, f"labour-{competition_id}-annual.pdf")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


ROUTES = [
    lists_page,
    award_list_paper,
    campaign_pay_sheet_paper,
    campaign_pay_sheet_workbook,
    campaign_certificates_paper,
    labour_period_paper,
    labour_annual_paper,
]

__all__ = ["ROUTES"]
