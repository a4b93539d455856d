"""Submissions of a campaign: drafts, the workflow, review panels and scores.

- employees (registered in the campaign's employee register) write drafts, edit them,
  submit or withdraw them once every co-proposer has confirmed their share, and read their
  own and those they are named on;
- the organiser reads all, accepts or rejects (with a reason), starts the review, assigns
  panels, adopts or declines, runs trials, implements and archives;
- finance reads all and verifies the benefit (效益核实: amount and who confirmed it).

The one transitions endpoint runs the declared workflow table: 409 names the current state
and the allowed actions, 403 a role that may not take the action.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, FINANCE, ORGANISER, allow
from api.routes.campaigns import CampaignId, SubmissionId
from contests.campaigns.workflow import State
from contests.usecases.campaigns import reviews as review_uc
from contests.usecases.campaigns import submissions as uc
from contests.usecases.campaigns.views import PanelBody, PanelView, SubmissionDraft, SubmissionScores, SubmissionView, TransitionRequest

StateFilter = Annotated[State | None, QueryParameter(name="state", description="Only submissions in this state")]

_READERS = (ORGANISER, EMPLOYEE, FINANCE)


class SubmissionController(Controller):
    path = "/campaigns/{campaign_id:int}/submissions"
    tags = ["submissions"]

    @post("/", guards=[allow(EMPLOYEE)], responses=problems.WRITE)
    async def create_draft(
        self, campaign_id: CampaignId, data: RequestBody[SubmissionDraft], session: NamedDependency[AsyncSession], request: Request
    ) -> SubmissionView:
        """Write a draft (草稿), owned by the employee's login: category, title, problem,
        solution, unit, proposers with shares summing to exactly 100% (10000 basis points),
        claimed annual benefit in yuan, attachment metadata, eligibility declarations. 409
        if it does not fit the campaign. Roles: employee."""
        return await uc.create_draft(session, request.user, campaign_id, data)

    @get("/", guards=[allow(*_READERS)], responses=problems.READ)
    async def list_submissions(
        self, campaign_id: CampaignId, session: NamedDependency[AsyncSession], request: Request, in_state: StateFilter = None
    ) -> list[SubmissionView]:
        """Submissions, oldest first: all of them for the organiser and finance, an
        employee's own and those naming them as a co-proposer for an employee. Roles:
        organiser, employee, finance."""
        return await uc.list_submissions(session, request.user, campaign_id, in_state)

    @get("/{submission_id:int}", guards=[allow(*_READERS)], responses=problems.READ)
    async def get_submission(
        self, campaign_id: CampaignId, submission_id: SubmissionId, session: NamedDependency[AsyncSession], request: Request
    ) -> SubmissionView:
        """One submission with its history and the actions the reader may take now (404 for
        an employee reading another's). Roles: organiser, employee, finance."""
        return await uc.get_submission(session, request.user, campaign_id, submission_id)

    @put("/{submission_id:int}", guards=[allow(EMPLOYEE)], responses=problems.WRITE)
    async def update_draft(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        data: RequestBody[SubmissionDraft],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> SubmissionView:
        """Replace one's own draft; 409 once submitted. Roles: employee."""
        return await uc.update_draft(session, request.user, campaign_id, submission_id, data)

    @post("/{submission_id:int}/transitions", status_code=200, guards=[allow(*_READERS)], responses=problems.WRITE)
    async def transition(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        data: RequestBody[TransitionRequest],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> SubmissionView:
        """Take a workflow action: submit / withdraw (the proposer, i.e. the owner), accept,
        reject (reason), start_review, adopt, decline (reason), start_trial, implement,
        abandon (reason), archive (organiser), verify (finance: verified_benefit_yuan and
        verified_by). 409 naming the current state and the allowed actions; 403 for a role
        that may not take the action. Awards come from publishing the award list. Roles:
        organiser, employee, finance (each for their actions)."""
        return await uc.transition_submission(session, request.user, campaign_id, submission_id, data)

    @put("/{submission_id:int}/panel", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def set_panel(
        self,
        campaign_id: CampaignId,
        submission_id: SubmissionId,
        data: RequestBody[PanelBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> PanelView:
        """Assign the review panel (exactly the campaign's panel size, in slot order), while
        accepted or under review and before any score. 409 for a reviewer of one of the
        submission's units or one of its proposers. Roles: organiser."""
        return await review_uc.set_panel(session, request.user, campaign_id, submission_id, data.reviewers)

    @get("/{submission_id:int}/scores", guards=[allow(ORGANISER)], responses=problems.READ)
    async def scores(
        self, campaign_id: CampaignId, submission_id: SubmissionId, session: NamedDependency[AsyncSession]
    ) -> SubmissionScores:
        """The panel's latest marks and, once all have scored, the engine's rubric score
        (the campaign's aggregation and rounding). Roles: organiser."""
        return await review_uc.submission_scores(session, campaign_id, submission_id)
