"""The reviewer's side of a campaign (评审): assigned submissions and rubric scores.

A reviewer login linked to a reviewer of the campaign sees only the submissions assigned
to it, blind when the campaign reviews blind (a blind code; no proposer, unit or file
name), and scores them by blind code while they are under review.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import REVIEWER, allow
from api.routes.campaigns import CampaignId
from contests.fields import CODE_PATTERN
from contests.usecases.campaigns import reviews as uc
from contests.usecases.campaigns.views import ReviewTask, ScoreBody, ScoreRecord

SubmissionCode = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="A submission's blind code")]


class ReviewController(Controller):
    path = "/campaigns/{campaign_id:int}/reviews"
    tags = ["reviews"]

    @get("/", guards=[allow(REVIEWER)], responses=problems.READ)
    async def my_reviews(self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request) -> list[ReviewTask]:
        """The submissions assigned to the reviewer, with their own latest marks; blind when
        the campaign says so. 403 for a login that is not a reviewer of this campaign.
        Roles: reviewer."""
        return await uc.my_reviews(session, request.user, campaign_id)

    @post("/{code:str}/scores", guards=[allow(REVIEWER)], responses=problems.WRITE)
    async def submit_score(
        self,
        campaign_id: CampaignId,
        code: SubmissionCode,
        data: RequestBody[ScoreBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> ScoreRecord:
        """Score an assigned submission under review: aspect id → mark, checked by the
        scoring engine against the rubric (409 naming the aspect). A new score is the next
        version; the latest counts. Roles: reviewer."""
        return await uc.submit_score(session, request.user, campaign_id, code, data.marks)
