"""Paper (纸质文档): the PDFs to print, post and sign, and the public certificate check.

Organisers (finance too for the pay sheets) get the printed results and team results, the
award list, the pay sheets of campaigns and of contests with prize money (PDF and XLSX) and
the certificates; anyone gets the PDFs of lists that are already
public (the same columns as the public page: never an employee number) and the certificate
verification page the QR code opens, at the configured public address (BIWU_PUBLIC_URL) when
the service runs behind a proxy. Rendering is CPU work: it runs in a worker thread, at
most `RENDERERS` at a time, so a big PDF never stalls the event loop or the machine.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import urllib.parse
from collections.abc import Callable
from typing import Annotated, Any

import anyio
import anyio.to_thread
import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import CHIEF, FINANCE, JUDGE, ORGANISER, allow
from api.routes.campaigns import CampaignId
from api.routes.params import ContestId, EventId, ModuleId
from contests.paper.award_list import award_list_pdf
from contests.paper.certificate import CertificateText, certificates_pdf
from contests.paper.heading import BEIJING, Notice
from contests.paper.marking_sheet import marking_sheets_pdf
from contests.paper.pay_sheet import pay_lines, pay_sheet_pdf, pay_sheet_xlsx
from contests.paper.results_list import results_pdf
from contests.paper.team_list import team_results_pdf
from contests.usecases.campaigns import awards as awards_uc
from contests.usecases.judging import publishing as publishing_uc
from contests.usecases.paper import certificates as certificates_uc
from contests.usecases.paper import contest_prizes as prizes_uc
from contests.usecases.paper import marking_sheets as sheets_uc
from contests.usecases.paper.certificates import Certificate, CertificateCheck
from scoring.errors import RuleError

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html; charset=utf-8"
RENDERERS = anyio.CapacityLimiter(2)  # two cores: at most two documents drawn at once
_PUBLIC = {"security": [{}], "exclude_from_auth": True}

Organiser = Annotated[str, QueryParameter(max_length=100, description="主办单位 printed in the title block; blank: a line to fill in")]
NoticeStart = Annotated[dt.date | None, QueryParameter(description="公示 period: first day")]
NoticeEnd = Annotated[dt.date | None, QueryParameter(description="公示 period: last day")]
Contact = Annotated[str, QueryParameter(max_length=100, description="公示 contact (phone or office)")]
Serial = Annotated[
    str, PathParameter(min_length=1, max_length=32, pattern=r"^[A-Z0-9-]+$", description="Certificate number, e.g. ZS2026-7K3M9QXA")
]


class Revocation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Annotated[
        str,
        msgspec.Meta(
            min_length=1, max_length=500, description="Why the certificate is revoked: audited, and shown on the public verification page"
        ),
    ]


async def render(draw: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """Draw a document in a worker thread, bounded by RENDERERS."""
    return await anyio.to_thread.run_sync(lambda: draw(*args, **kwargs), limiter=RENDERERS)


def pdf(body: bytes, name: str) -> Response[bytes]:
    return Response(body, media_type=PDF, headers={"Content-Disposition": f'inline; filename="{name}"'})


def xlsx(body: bytes, name: str) -> Response[bytes]:
    return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def notice_of(start: dt.date | None, end: dt.date | None, contact: str) -> Notice | None:
    """The 公示 period when both days are given (in order); otherwise blanks on paper."""
    if start is None or end is None:
        return None
    if end < start:
        raise RuleError.at("notice_end", "the 公示 period ends before it starts")  # well-formed dates: a 409, not a 400
    return Notice(start=start, end=end, contact=contact or "__________")


PUBLIC_URL_ENV = "BIWU_PUBLIC_URL"


def public_base_url(value: str | None) -> str | None:
    """The configured public address without its trailing slash (None when unset), e.g.
    https://biwu.example.cn or https://example.cn/biwu. ValueError for anything that is not
    an absolute http(s) address with a host and no query or fragment: a QR code to a wrong
    address cannot be taken back once printed."""
    if not value:
        return None
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"{PUBLIC_URL_ENV} must be an absolute http(s) address such as https://biwu.example.cn, got {value!r}")
    return value.strip().rstrip("/")


def check_public_url() -> None:
    """At start-up: refuse to start with a malformed BIWU_PUBLIC_URL."""
    public_base_url(os.environ.get(PUBLIC_URL_ENV))


def verify_url(request: Request, serial: str) -> str:
    """The address a certificate's QR code carries: BIWU_PUBLIC_URL when set (behind a
    proxy the request's own host is the proxy's inside address), else the request's base."""
    base = public_base_url(os.environ.get(PUBLIC_URL_ENV)) or str(request.base_url).rstrip("/")
    return f"{base}/public/certificates/{serial}"


def certificate_texts(request: Request, certificates: list[Certificate], organiser: str) -> list[CertificateText]:
    return [
        CertificateText(
            serial=c.serial, organiser=organiser, contest=c.contest, event=c.event, name=c.name, unit=c.unit, award=c.award,
            issued_on=c.issued_at.astimezone(BEIJING).date(), verify_url=verify_url(request, c.serial),
        )
        for c in certificates
    ]  # fmt: skip


READ = problems.responses(400, 401, 403, 404, 409)


class ContestPaperController(Controller):
    path = "/contests/{contest_id:int}"
    tags = ["paper"]

    @get("/paper/results.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=READ)
    async def results_pdf(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], organiser: Organiser = "",
        notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
    ) -> Response[bytes]:  # fmt: skip
        """The published results to print (成绩公示): every event's latest snapshot on A4 with the
        title block, the 公示 line and the signature lines (裁判长, 监督仲裁, 组委会). Roles: organiser."""
        notice = notice_of(notice_start, notice_end, contact)
        results = await publishing_uc.latest_published(session, contest_id)
        events = [(e.published.standings, e.published.created_at) for e in results.events]
        return pdf(await render(results_pdf, events, organiser=organiser, notice=notice), f"{contest_id}-results.pdf")

    @get("/paper/teams.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=READ)
    async def team_results_pdf(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], organiser: Organiser = "",
        notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
    ) -> Response[bytes]:  # fmt: skip
        """The published team results to print (团体成绩公示): each event that ranks teams, its
        latest snapshot, same layout as the results. 409 when no event ranks teams. Roles: organiser."""
        notice = notice_of(notice_start, notice_end, contact)
        events = await prizes_uc.published_team_results(session, contest_id)
        return pdf(await render(team_results_pdf, events, organiser=organiser, notice=notice), f"{contest_id}-teams.pdf")

    @get("/paper/pay-sheet.pdf", guards=[allow(ORGANISER, FINANCE)], media_type=PDF, responses=READ)
    async def pay_sheet_pdf(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], request: Request, organiser: Organiser = ""
    ) -> Response[bytes]:
        """The prize pay sheet (奖金发放表) of the published results: one line per winner and paid
        award or title at the amounts the definition declares (events[].prizes), in figures and
        capitals, the total, signature and date columns. 409 when no prize is declared. Roles:
        organiser, finance."""
        name, lines = await prizes_uc.contest_pay_lines(session, request.user, contest_id)
        body = await render(pay_sheet_pdf, name, lines, organiser=organiser, made_at=dt.datetime.now(dt.UTC))
        return pdf(body, f"{contest_id}-pay-sheet.pdf")

    @get("/paper/pay-sheet.xlsx", guards=[allow(ORGANISER, FINANCE)], media_type=XLSX, responses=READ)
    async def pay_sheet_xlsx(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], request: Request, organiser: Organiser = ""
    ) -> Response[bytes]:
        """The contest pay sheet as a workbook set up for A4 printing. Roles: organiser, finance."""
        name, lines = await prizes_uc.contest_pay_lines(session, request.user, contest_id)
        return xlsx(await render(pay_sheet_xlsx, name, lines, organiser=organiser), f"{contest_id}-pay-sheet.xlsx")

    @post("/certificates.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=problems.WRITE, status_code=200)
    async def all_certificates(
        self, contest_id: ContestId, session: NamedDependency[AsyncSession], request: Request, organiser: Organiser = ""
    ) -> Response[bytes]:
        """Issue (once) and print the certificates of every event with published results, in
        one PDF for the ceremony. Roles: organiser."""
        issued = await certificates_uc.issue_all_contest_certificates(session, request.user, contest_id)
        return pdf(await render(certificates_pdf, certificate_texts(request, issued, organiser)), f"{contest_id}-certificates.pdf")

    @post("/events/{event_id:str}/certificates.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=problems.WRITE, status_code=200)
    async def certificates(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request, organiser: Organiser = ""
    ) -> Response[bytes]:
        """Issue (once; a reprint keeps the serial numbers) and print the certificates of every
        prize winner of the event's latest published snapshot. Roles: organiser."""
        issued = await certificates_uc.issue_contest_certificates(session, request.user, contest_id, event_id)
        body = await render(certificates_pdf, certificate_texts(request, issued, organiser))
        return pdf(body, f"{contest_id}-{event_id}-certificates.pdf")

    @get("/events/{event_id:str}/modules/{module_id:str}/paper/sheets.pdf", guards=[allow(CHIEF, JUDGE)], media_type=PDF, responses=READ)
    async def marking_sheets(
        self, contest_id: ContestId, event_id: EventId, module_id: ModuleId, session: NamedDependency[AsyncSession], request: Request
    ) -> Response[bytes]:
        """Paper marking sheets (纸质评分表) for when a tablet fails: one per panel judge for the
        chief judge, the judge's own for a judge; blind codes only, the aspects with max marks
        and level descriptors, boxes to write in, the judge's signature line. Roles: chief
        judge, judge (own sheet)."""
        sheets = await sheets_uc.paper_sheets(session, request.user, contest_id, event_id, module_id)
        return pdf(await render(marking_sheets_pdf, sheets), f"{contest_id}-{event_id}-{module_id}-sheets.pdf")


class CampaignPaperController(Controller):
    path = "/campaigns/{campaign_id:int}"
    tags = ["paper"]

    @get("/paper/awards.pdf", guards=[allow(ORGANISER, FINANCE)], media_type=PDF, responses=READ)
    async def award_list_pdf(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], organiser: Organiser = "",
        notice_start: NoticeStart = None, notice_end: NoticeEnd = None, contact: Contact = "",
    ) -> Response[bytes]:  # fmt: skip
        """The published award list to post (获奖名单公示), in the columns the campaign's public
        notice declares. Roles: organiser, finance."""
        period = notice_of(notice_start, notice_end, contact)
        award_list, notice = await awards_uc.published_notice(session, campaign_id)
        row = await awards_uc.award_list(session, campaign_id)
        body = await render(award_list_pdf, award_list, notice, organiser=organiser, published_at=row.published_at, period=period)
        return pdf(body, f"campaign-{campaign_id}-awards.pdf")

    @get("/paper/pay-sheet.pdf", guards=[allow(ORGANISER, FINANCE)], media_type=PDF, responses=READ)
    async def pay_sheet_pdf(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], organiser: Organiser = ""
    ) -> Response[bytes]:
        """The reward pay sheet (奖金发放表) of the published award list: amounts in figures and
        capitals, the total, signature and date columns. Roles: organiser, finance."""
        award_list = await awards_uc.published_award_list(session, campaign_id, public=False)
        made_at = dt.datetime.now(dt.UTC)
        body = await render(pay_sheet_pdf, award_list.name, pay_lines(award_list), organiser=organiser, made_at=made_at)
        return pdf(body, f"campaign-{campaign_id}-pay-sheet.pdf")

    @get("/paper/pay-sheet.xlsx", guards=[allow(ORGANISER, FINANCE)], media_type=XLSX, responses=READ)
    async def pay_sheet_xlsx(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], organiser: Organiser = ""
    ) -> Response[bytes]:
        """The pay sheet as a workbook set up for A4 printing. Roles: organiser, finance."""
        award_list = await awards_uc.published_award_list(session, campaign_id, public=False)
        body = await render(pay_sheet_xlsx, award_list.name, pay_lines(award_list), organiser=organiser)
        return Response(
            body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}-pay-sheet.xlsx"'}
        )

    @post("/certificates.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=problems.WRITE, status_code=200)
    async def certificates(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request, organiser: Organiser = ""
    ) -> Response[bytes]:
        """Issue (once) and print a certificate per awarded submission. Roles: organiser."""
        issued = await certificates_uc.issue_campaign_certificates(session, request.user, campaign_id)
        return pdf(
            await render(certificates_pdf, certificate_texts(request, issued, organiser)), f"campaign-{campaign_id}-certificates.pdf"
        )


class CertificateController(Controller):
    tags = ["paper"]

    @post("/certificates/{serial:str}/revoke", guards=[allow(ORGANISER)], responses=problems.WRITE, status_code=200)
    async def revoke(
        self, serial: Serial, data: RequestBody[Revocation], session: NamedDependency[AsyncSession], request: Request
    ) -> CertificateCheck:
        """Revoke a certificate, with a reason (audited; final): its verification page then
        says so. Roles: organiser."""
        return await certificates_uc.revoke_certificate(session, request.user, serial, data.reason)

    @get("/public/certificates/{serial:str}", media_type=MediaType.HTML, responses=problems.responses(400, 404), **_PUBLIC)
    async def verify(self, serial: Serial, session: NamedDependency[AsyncSession]) -> Response[str]:
        """The certificate verification page (证书核验) the QR code opens: valid, revoked (with
        the reason) or superseded by a later publication. Anonymous."""
        check = await certificates_uc.verify_certificate(session, serial)
        return Response(verification_page(check), media_type=HTML)

    @get("/public/certificates/{serial:str}/check.json", responses=problems.responses(400, 404), **_PUBLIC)
    async def verify_json(self, serial: Serial, session: NamedDependency[AsyncSession]) -> CertificateCheck:
        """The same check as JSON. Anonymous."""
        return await certificates_uc.verify_certificate(session, serial)


class PublicPaperController(Controller):
    tags = ["public"]

    @get("/public/contests/{contest_id:int}/results.pdf", media_type=PDF, responses=problems.responses(400, 404), **_PUBLIC)
    async def results_pdf(self, contest_id: ContestId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The published results as a printable PDF: the public page's columns, never an
        employee number. Anonymous."""
        results = await publishing_uc.latest_published(session, contest_id)
        events = [(publishing_uc.public_copy(e.published).standings, e.published.created_at) for e in results.events]
        return pdf(await render(results_pdf, events, organiser=""), f"{contest_id}-results.pdf")

    @get("/public/campaigns/{campaign_id:int}/awards.pdf", media_type=PDF, responses=problems.responses(400, 404), **_PUBLIC)
    async def award_list_pdf(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The published award list as a printable PDF, in the columns its public notice
        declares. Anonymous."""
        award_list, notice = await awards_uc.published_notice(session, campaign_id)
        return pdf(await render(award_list_pdf, award_list, notice, organiser="", published_at=None), f"campaign-{campaign_id}-awards.pdf")


STATUS_TEXT = {
    "valid": "证书有效：与公示名单一致。",
    "revoked": "证书已撤销。",
    "superseded": "证书与最新公示名单不一致：该奖项已被后续发布更正。",
}


def verification_page(check: CertificateCheck) -> str:
    c, e = check.certificate, html.escape
    rows = [("证书编号", c.serial), ("姓名", c.name), ("单位", c.unit), ("奖项", c.award), ("竞赛", c.contest)]
    rows += [("赛项", c.event)] if c.event else []
    rows += [("发布序号", f"第{c.snapshot}次发布")] if c.snapshot else []
    if check.status == "revoked" and check.revoked_at is not None:
        rows += [
            ("撤销时间", check.revoked_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M（北京时间）")),
            ("撤销原因", check.reason or ""),
        ]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>证书核验 {e(c.serial)}</title></head><body><main><h1>证书核验</h1>"
        f'<p class="status-{check.status}"><strong>{e(STATUS_TEXT[check.status])}</strong></p><table>{table}</table></main></body></html>'
    )
