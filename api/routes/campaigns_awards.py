"""Award lists of a campaign (获奖名单): the preview, publication, and the public files.

Before publication the organiser and finance see a live preview computed from the stored
state. Publishing (organiser, once) awards every listed submission and freezes the list.
The public reads serve the published list only (404 before): an HTML page in Chinese
(`lang=en`: English), JSON, CSV (UTF-8 with BOM) and XLSX. They never carry employee
numbers; the amounts, the verified benefits and the not-awarded list with its reasons only
as the campaign's `public_notice` declares (by default none of them).
The organiser's and finance's workbook keeps everything, and the pay sheet (JSON, CSV,
XLSX: 工号, share and amount in fen per proposer) is what the pay office pays from; both
are organiser/finance only. The public page and JSON print the 公示 period and its contact
line when the campaign's `public_notice` declares one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import FINANCE, ORGANISER, allow
from api.routes.campaigns import CampaignId
from contests.campaigns.export import to_csv, to_html, to_xlsx
from contests.campaigns.pay_sheet import pay_csv, pay_xlsx
from contests.campaigns.public_list import PublicAwardList, public_award_list
from contests.usecases.campaigns import awards as uc
from contests.usecases.campaigns.views import AwardListView, PaySheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
HTML = "text/html; charset=utf-8"
Lang = Annotated[Literal["zh", "en"], QueryParameter(description="zh: Chinese (default), en: English")]

_PUBLIC = {"security": [{}], "exclude_from_auth": True, "responses": problems.responses(400, 404)}
_PREVIEW = problems.responses(400, 401, 403, 404, 409)  # the live preview refuses while a "refuse" budget is exceeded
_PAY = problems.responses(400, 401, 403, 404, 409)  # 409 before publication: nothing is paid from a preview


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


class AwardController(Controller):
    path = "/campaigns/{campaign_id:int}"
    tags = ["awards"]

    @get("/awards", guards=[allow(ORGANISER, FINANCE)], responses=_PREVIEW)
    async def award_list(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> AwardListView:
        """The award list: grades, rewards after the budget rule, each proposer's part in fen,
        and who was not awarded and why. The published list once published, a live preview
        before (409 while a "refuse" budget is exceeded). Roles: organiser, finance."""
        return await uc.award_list(session, campaign_id)

    @get("/awards.xlsx", guards=[allow(ORGANISER, FINANCE)], responses=_PREVIEW, media_type=XLSX)
    async def award_workbook(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The award list as the workbook finance pays from (one row per proposer's part,
        employee numbers included): published, or the preview before. Roles: organiser, finance."""
        view = await uc.award_list(session, campaign_id)
        suffix = "" if view.published else "-preview"
        return Response(
            to_xlsx(view.award_list, lang), media_type=XLSX, headers=_attachment(f"{view.award_list.campaign}-awards{suffix}.xlsx")
        )

    @get("/awards/pay.json", guards=[allow(ORGANISER, FINANCE)], responses=_PAY)
    async def pay_json(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> PaySheet:
        """The pay office's sheet of the published list: one line per proposer's part with
        工号, share and amount in fen and yuan, summing exactly. 409 before publication.
        Roles: organiser, finance."""
        return await uc.pay_sheet(session, campaign_id)

    @get("/awards/pay.csv", guards=[allow(ORGANISER, FINANCE)], responses=_PAY, media_type=CSV)
    async def pay_csv(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The pay sheet as CSV (UTF-8 with BOM, Chinese headers unless `lang=en`, a total
        row). 409 before publication. Roles: organiser, finance."""
        award_list = (await uc.pay_list(session, campaign_id)).award_list
        return Response(pay_csv(award_list, lang), media_type=CSV, headers=_attachment(f"{award_list.campaign}-pay.csv"))

    @get("/awards/pay.xlsx", guards=[allow(ORGANISER, FINANCE)], responses=_PAY, media_type=XLSX)
    async def pay_xlsx(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The pay sheet as XLSX (奖金发放表, with a signature column and a total row). 409
        before publication. Roles: organiser, finance."""
        award_list = (await uc.pay_list(session, campaign_id)).award_list
        return Response(pay_xlsx(award_list, lang), media_type=XLSX, headers=_attachment(f"{award_list.campaign}-pay.xlsx"))

    @post("/awards/publish", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def publish(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request) -> AwardListView:
        """Publish the award list: every listed submission is awarded (grade and reward, split
        among its proposers in fen), and the list is frozen with the definition version. Once
        per campaign: afterwards no new submissions or definition versions. 409 if already
        published or a "refuse" budget is exceeded. Roles: organiser."""
        return await uc.publish_awards(session, request.user, campaign_id)


class PublicAwardController(Controller):
    path = "/public/campaigns/{campaign_id:int}"
    tags = ["public"]

    @get("/awards", media_type=MediaType.HTML, **_PUBLIC)
    async def award_page(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[str]:
        """The published award list as a web page (获奖名单), Chinese unless `lang=en`;
        printable, readable on a phone. 404 before publication. Anonymous."""
        award_list, notice = await uc.published_notice(session, campaign_id)
        return Response(to_html(award_list, lang, notice=notice), media_type=HTML)

    @get("/awards.json", **_PUBLIC)
    async def award_json(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> PublicAwardList:
        """The published award list: employee numbers blank; amounts, verified benefits and the
        not-awarded list only if the campaign's `public_notice` shows them (left out otherwise).
        404 before publication. Anonymous."""
        return public_award_list(*await uc.published_notice(session, campaign_id, public=False))

    @get("/awards.csv", media_type=CSV, **_PUBLIC)
    async def award_csv(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The published award list as CSV (UTF-8 with BOM; one row per proposer's part;
        Chinese headers unless `lang=en`). 404 before publication. Anonymous."""
        award_list, notice = await uc.published_notice(session, campaign_id)
        body = to_csv(award_list, lang, notice=notice)
        return Response(body, media_type=CSV, headers=_attachment(f"{award_list.campaign}-awards.csv"))

    @get("/awards.xlsx", media_type=XLSX, **_PUBLIC)
    async def award_xlsx(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The published award list as XLSX (awards sheet and summary by grade). 404 before
        publication. Anonymous."""
        award_list, notice = await uc.published_notice(session, campaign_id)
        body = to_xlsx(award_list, lang, notice=notice)
        return Response(body, media_type=XLSX, headers=_attachment(f"{award_list.campaign}-awards.xlsx"))
