"""The committee's vote on an honours title (评审委员会表决): sittings, ballots, tally, run-offs.

The organiser opens a sitting with the members present; each present member (a reviewer
login named in the round's committee) casts a ballot, yes / no / abstain per nomination, in
one request, and is recused from their own unit's nominees when the round says so; the
organiser tallies. A tie at the quota boundary needs a run-off: the organiser opens the next
sitting, among the tied only. Counts are kept; who voted how is returned only when the round
declares open voting.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, REVIEWER, allow
from api.bodies import strict_body
from api.routes.honours import RoundId, TitleId
from contests.usecases.honours import votes
from contests.usecases.honours.views import BallotBody, BallotReceipt, SittingBody, SittingView

Stage = Annotated[int | None, QueryParameter(description="0: the vote, 1…: run-offs; the latest if left out (404 for a stage not held)")]
RUNS = {"guards": [allow(ORGANISER)], "responses": problems.WRITE}


class HonoursCommitteeController(Controller):
    path = "/honours/{round_id:int}/titles/{title_id:str}"
    tags = ["honours"]

    @post("/sittings", **RUNS)
    async def open_sitting(
        self, round_id: RoundId, title_id: TitleId, data: RequestBody[SittingBody], session: NamedDependency[AsyncSession], request: Request
    ) -> SittingView:
        """Open the vote on a title (every nomination still "nominated"), or the run-off a tied
        tally needs, with the members present (the others are absent). Roles: organiser."""
        return await votes.open_sitting(session, request.user, round_id, title_id, await strict_body(request, data))

    @get("/sitting", guards=[allow(ORGANISER, REVIEWER)], responses=problems.READ)
    async def sitting(
        self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession], request: Request, stage: Stage = None
    ) -> SittingView:
        """A sitting: present, absent, recusals, who has voted (not how), the counted outcome
        once tallied. Roles: organiser, reviewer (a member of the committee)."""
        return await votes.get_sitting(session, request.user, round_id, title_id, stage)

    @post("/ballots", guards=[allow(REVIEWER)], responses=problems.WRITE)
    async def cast(
        self, round_id: RoundId, title_id: TitleId, data: RequestBody[BallotBody], session: NamedDependency[AsyncSession], request: Request
    ) -> BallotReceipt:
        """A member's ballot: yes, no or abstain on every nomination of the open sitting the
        member is not recused from, once. 409 names each line refused (recused, unknown,
        missing, twice; absent member; already voted). Roles: reviewer (a member of the committee)."""
        return await votes.cast_ballots(session, request.user, round_id, title_id, await strict_body(request, data))

    @post("/tally", status_code=200, **RUNS)
    async def tally(self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession], request: Request) -> SittingView:
        """Count the open sitting by the title's rule and quota (abstentions count as present,
        absences do not); 409 while a present member has not voted. With no tie left, every
        nomination is elected or not elected. Roles: organiser."""
        return await votes.tally(session, request.user, round_id, title_id)


__all__ = ["HonoursCommitteeController"]
