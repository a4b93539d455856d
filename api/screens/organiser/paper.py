"""Printing a contest from the console (打印): the page `…/contests/{id}/paper` and the documents
it links, each the same use-case and drawing as the API's paper route:

- the published results and the team results (成绩公示, 团体成绩公示), with the organiser's name
  and the 公示 period typed once on the page;
- the prize pay sheet (奖金发放表) as PDF and XLSX, when the definition declares prizes;
- every certificate of the contest in one PDF (a POST: issuing writes, once; a reprint keeps
  the serial numbers).

The API's routes take a bearer token, which a page's link cannot send, so these routes read
the session cookie (organiser only, as there) and render in a worker thread. A refusal (not
yet published, no prize declared, no team ranking) is the console's error page saying why.
(Marking sheets are the chief judge's and the judges' to print: the chief console links them.)
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.paper import PDF, XLSX, Contact, NoticeEnd, NoticeStart, Organiser, certificate_texts, notice_of, pdf, render, xlsx
from api.routes.params import ContestId
from api.screens.organiser.console import CONTEST, contest_page, organiser
from contests.paper.certificate import certificates_pdf
from contests.paper.pay_sheet import pay_sheet_pdf, pay_sheet_xlsx
from contests.paper.results_list import results_pdf
from contests.paper.team_list import team_results_pdf
from contests.usecases.judging import publishing as publishing_uc
from contests.usecases.paper import certificates as certificates_uc
from contests.usecases.paper import contest_prizes as prizes_uc


class CertificatesForm(msgspec.Struct, kw_only=True):
    """The certificates button's form: the organiser's name for the certificates (the CSRF
    field is read by the middleware)."""

    organiser_name: Annotated[str, msgspec.Meta(max_length=100)] = ""


@get(f"{CONTEST}/paper")
async def paper_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    """What the organiser prints, and the title-block fields they type once."""
    actor = await organiser(request, session)
    return await contest_page(request, session, actor, contest_id, "paper")


@get(f"{CONTEST}/paper/results.pdf", media_type=PDF)
async def results_paper(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, organiser_name: Organiser = "",
    notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
) -> Response[bytes]:  # fmt: skip
    """The published results to print (成绩公示), every event's latest snapshot."""
    await organiser(request, session)
    notice = notice_of(notice_start, notice_end, contact)
    results = await publishing_uc.latest_published(session, contest_id)
    events = [(e.published.standings, e.published.created_at) for e in results.events]
    return pdf(await render(results_pdf, events, organiser=organiser_name, notice=notice), f"{contest_id}-results.pdf")


@get(f"{CONTEST}/paper/teams.pdf", media_type=PDF)
async def teams_paper(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, organiser_name: Organiser = "",
    notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
) -> Response[bytes]:  # fmt: skip
    """The published team results (团体成绩公示)."""
    await organiser(request, session)
    notice = notice_of(notice_start, notice_end, contact)
    events = await prizes_uc.published_team_results(session, contest_id)
    return pdf(await render(team_results_pdf, events, organiser=organiser_name, notice=notice), f"{contest_id}-teams.pdf")


@get(f"{CONTEST}/paper/pay-sheet.pdf", media_type=PDF)
async def pay_sheet_paper(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, organiser_name: Organiser = ""
) -> Response[bytes]:
    """The prize pay sheet (奖金发放表) of the published results."""
    actor = await organiser(request, session)
    name, lines = await prizes_uc.contest_pay_lines(session, actor, contest_id)
    body = await render(pay_sheet_pdf, name, lines, organiser=organiser_name, made_at=dt.datetime.now(dt.UTC))
    return pdf(body, f"{contest_id}-pay-sheet.pdf")


@get(f"{CONTEST}/paper/pay-sheet.xlsx", media_type=XLSX)
async def pay_sheet_workbook(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, organiser_name: Organiser = ""
) -> Response[bytes]:
    actor = await organiser(request, session)
    name, lines = await prizes_uc.contest_pay_lines(session, actor, contest_id)
    return xlsx(await render(pay_sheet_xlsx, name, lines, organiser=organiser_name), f"{contest_id}-pay-sheet.xlsx")


@post(f"{CONTEST}/paper/certificates.pdf", media_type=PDF, status_code=200)
async def certificates_paper(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: URLEncodedBody[CertificatesForm]
) -> Response[bytes]:
    """Issue (once) and print every certificate of the contest's published events."""
    actor = await organiser(request, session)
    issued = await certificates_uc.issue_all_contest_certificates(session, actor, contest_id)
    body = await render(certificates_pdf, certificate_texts(request, issued, data.organiser_name.strip()))
    return pdf(body, f"{contest_id}-certificates.pdf")


ROUTES = [paper_page, results_paper, teams_paper, pay_sheet_paper, pay_sheet_workbook, certificates_paper]

__all__ = ["ROUTES"]
