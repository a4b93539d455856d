"""Five-smalls campaigns (评选活动): definitions (versioned), units with headcounts,
reviewers, the audit log and the statistics.

Roles: the organiser (组委会 / 工会) runs campaigns; employees, reviewers and finance read the
campaign list and definitions (the rubric, grades and rewards are public to them); finance
also reads units and statistics; employees read units (to name theirs). The contest roles
(chief judge, judge, viewer) have no part in campaigns.

Submissions, panels and transitions: api/routes/campaigns_submissions.py; the reviewer's
side: campaigns_reviews.py; award lists and the public pages: campaigns_awards.py.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, FINANCE, ORGANISER, REVIEWER, allow
from api.routes.params import Code, Limit, Offset
from contests.campaigns.statistics import Statistics
from contests.fields import INT32_MAX
from contests.people import Unit
from contests.usecases.campaigns import campaign as uc
from contests.usecases.campaigns.views import (
    CampaignAuditEntry,
    CampaignBody,
    CampaignReviewer,
    CampaignSummary,
    CampaignView,
    campaign_from_body,
)

CampaignId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Campaign id (from POST /campaigns)")]
SubmissionId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Submission id")]
CampaignVersion = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A definition version; the latest if left out")]

READERS = (ORGANISER, EMPLOYEE, REVIEWER, FINANCE)  # every campaign role
RUNS = (ORGANISER,)
MONEY = (ORGANISER, FINANCE)
_RUN = {"guards": [allow(*RUNS)], "responses": problems.WRITE}


class CampaignController(Controller):
    path = "/campaigns"
    tags = ["campaigns"]

    @post("/", **_RUN)
    async def create_campaign(
        self, data: RequestBody[CampaignBody], session: NamedDependency[AsyncSession], request: Request
    ) -> CampaignView:
        """Define a campaign: categories, the rubric (a scoring module; 5+ reviewers need a
        trimmed mean), grade rules (score thresholds and/or benefit bands), the reward table,
        an optional budget pool and its rule, eligibility rules. 409 naming every rule
        broken. Roles: organiser."""
        return await uc.create_campaign(session, request.user, campaign_from_body(data))

    @get("/", guards=[allow(*READERS)], responses=problems.READ)
    async def list_campaigns(self, session: NamedDependency[AsyncSession]) -> list[CampaignSummary]:
        """Every campaign with its latest version. Roles: organiser, employee, reviewer, finance."""
        return await uc.list_campaigns(session)

    @get("/{campaign_id:int}", guards=[allow(*READERS)], responses=problems.READ)
    async def get_campaign(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], version: CampaignVersion = None
    ) -> CampaignView:
        """A campaign's definition, the latest version unless `version` is given. Roles:
        organiser, employee, reviewer, finance."""
        return await uc.get_campaign(session, campaign_id, version)

    @post("/{campaign_id:int}/versions", **_RUN)
    async def new_version(
        self, campaign_id: CampaignId, data: RequestBody[CampaignBody], session: NamedDependency[AsyncSession], request: Request
    ) -> CampaignView:
        """Store a new version of the definition. 409 once the award list is published, for
        a category or period in use, or (once reviewers are assigned) a changed rubric,
        rounding, panel size or blind review. Roles: organiser."""
        return await uc.new_campaign_version(session, request.user, campaign_id, campaign_from_body(data))

    # ------------------------------------------------------------ units

    @get("/{campaign_id:int}/units", guards=[allow(ORGANISER, EMPLOYEE, FINANCE)], responses=problems.READ)
    async def list_units(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> list[Unit]:
        """Units (单位) of the campaign with their headcounts. Roles: organiser, employee, finance."""
        return await uc.list_units(session, campaign_id)

    @post("/{campaign_id:int}/units", **_RUN)
    async def add_unit(
        self, campaign_id: CampaignId, data: RequestBody[Unit], session: NamedDependency[AsyncSession], request: Request
    ) -> Unit:
        """Register a unit with its headcount (the participation rate's denominator). Roles: organiser."""
        return await uc.add_unit(session, request.user, campaign_id, data)

    @put("/{campaign_id:int}/units/{code:str}", **_RUN)
    async def update_unit(
        self, campaign_id: CampaignId, code: Code, data: RequestBody[Unit], session: NamedDependency[AsyncSession], request: Request
    ) -> Unit:
        """Change a unit's name or headcount (its code stays). Roles: organiser."""
        return await uc.update_unit(session, request.user, campaign_id, code, data)

    # ------------------------------------------------------------ reviewers

    @get("/{campaign_id:int}/reviewers", guards=[allow(*RUNS)], responses=problems.READ)
    async def list_reviewers(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> list[CampaignReviewer]:
        """Expert reviewers (评审专家) of the campaign. Roles: organiser."""
        return await uc.list_reviewers(session, campaign_id)

    @post("/{campaign_id:int}/reviewers", **_RUN)
    async def add_reviewer(
        self, campaign_id: CampaignId, data: RequestBody[CampaignReviewer], session: NamedDependency[AsyncSession], request: Request
    ) -> CampaignReviewer:
        """Register a reviewer: unit and employee number decide conflicts of interest;
        `username` links the reviewer login they score with. Roles: organiser."""
        return await uc.add_reviewer(session, request.user, campaign_id, data)

    # ------------------------------------------------------------ audit and statistics

    @get("/{campaign_id:int}/audit", guards=[allow(*RUNS)], responses=problems.READ)
    async def campaign_audit(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], limit: Limit = 100, offset: Offset = 0
    ) -> list[CampaignAuditEntry]:
        """Audit events of the campaign (every definition, unit, reviewer, submission,
        transition, panel, score and publication), newest first. Roles: organiser."""
        return await uc.campaign_audit(session, campaign_id, limit=limit, offset=offset)

    @get("/{campaign_id:int}/statistics", guards=[allow(*MONEY)], responses=problems.READ)
    async def campaign_statistics(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession]) -> Statistics:
        """Figures per campaign, period, unit and category and in total: submitted, accepted,
        rejected, adopted, implemented, verified, awarded, withdrawn; verified benefit (yuan),
        rewards paid (fen); proposers, headcount, participation rate and proposals per head.
        Counts are milestones reached. Roles: organiser, finance."""
        return await uc.campaign_statistics(session, campaign_id)
