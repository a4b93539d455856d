"""A competitor's explanation (成绩说明) over HTTP: raw marks → dropped marks → band used →
deductions and caps → vetoes → weights → rounding → rank → tie-break.

- `/contests/{id}/events/{event}/explanations/{blind_code}`: from the current marks, for the
  organiser and the chief judge (an appeal is decided reading it). Blind code only, no name
  or unit, until the event is unblinded.
- `/public/contests/{id}/events/{event}/explanations/{blind_code}`: after publication, the
  published row and its breakdown, for anyone (the public results page links each row to
  it). No employee number and no judge-by-judge marks. 404 while nothing is published.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import STAFF, allow
from api.routes.params import ContestId, EventId
from contests.fields import INT32_MAX
from contests.judging.field import BLIND_CODE_MAX, BLIND_CODE_PATTERN
from contests.usecases.judging import explanation as explanation_uc
from contests.usecases.judging.explanation import ExplanationView, PublicExplanation

BlindCodePath = Annotated[
    str, PathParameter(min_length=1, max_length=BLIND_CODE_MAX, pattern=BLIND_CODE_PATTERN, description="The competitor's blind code")
]
Number = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A snapshot number; the latest if left out")]


class ExplanationController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}/explanations"
    tags = ["results"]

    @get("/{blind_code:str}", guards=[allow(*STAFF)], responses=problems.responses(400, 401, 403, 404, 409))
    async def explain_competitor(
        self,
        contest_id: ContestId,
        event_id: EventId,
        blind_code: BlindCodePath,
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> ExplanationView:
        """One competitor's explanation from the current marks (`scoring.explain`): each
        judge's marks (columns in `judges`), which the trim dropped, the band used, every
        deduction against its cap, vetoes, weights, rounding, rank and tie-break. Its
        `total_units` is the provisional standings' own. Names only once unblinded. 409 while
        the event cannot be scored. Roles: organiser, chief judge."""
        return await explanation_uc.explain_competitor(session, request.user, contest_id, event_id, blind_code)


class PublicExplanationController(Controller):
    path = "/public/contests/{contest_id:int}/events/{event_id:str}/explanations"
    tags = ["public"]

    @get("/{blind_code:str}", responses=problems.responses(400, 404), security=[{}], exclude_from_auth=True)
    async def public_explanation(
        self,
        contest_id: ContestId,
        event_id: EventId,
        blind_code: BlindCodePath,
        session: NamedDependency[AsyncSession],
        number: Number = None,
    ) -> PublicExplanation:
        """A published row and its score breakdown (the latest snapshot unless `number`), as the
        public results page shows it. 404 while nothing is published. Anonymous: no employee
        number and no judge-by-judge marks."""
        return await explanation_uc.public_explanation(session, contest_id, event_id, blind_code, number)
