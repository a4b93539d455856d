"""Amending a nomination's 事迹 before the vote, and its history.

- `POST /honours/{id}/nominations/{code}/amendments`: the new 事迹 in full with a required note
  (修改说明); a new version, the earlier text kept; 409 `vote_opened` once the committee's
  vote on the title opened, `unchanged` for the same text;
- `GET …/records`: every version of the 事迹, oldest first, with its note, who and when.

Rules: contests.usecases.honours.amendments and nomination_access.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, REVIEWER, allow
from api.bodies import strict_body
from api.routes.honours import Code, RoundId
from contests.usecases.honours import amendments
from contests.usecases.honours.amendments import AmendmentBody, RecordVersionView
from contests.usecases.honours.views import NominationView


class HonoursNominationRecordController(Controller):
    path = "/honours/{round_id:int}/nominations/{code:str}"
    tags = ["honours"]

    @post("/amendments", status_code=201, guards=[allow(ORGANISER, EMPLOYEE)], responses=problems.WRITE)
    async def amend(
        self, round_id: RoundId, code: Code, data: RequestBody[AmendmentBody], session: NamedDependency[AsyncSession], request: Request
    ) -> NominationView:
        """Amend the 事迹 before the vote: the new text in full and a note saying why (both required).
        Written as version n+1 with an audit entry; the earlier text stays in the history. 409
        `vote_opened` once the committee's vote on the title opened, `withdrawn` for a withdrawn
        nomination, `unchanged` for the same text. Roles: organiser, employee (the nominator of the nomination's unit)."""
        return await amendments.amend_record(session, request.user, round_id, code, await strict_body(request, data))

    @get("/records", guards=[allow(ORGANISER, EMPLOYEE, REVIEWER)], responses=problems.READ)
    async def records(
        self, round_id: RoundId, code: Code, session: NamedDependency[AsyncSession], request: Request
    ) -> list[RecordVersionView]:
        """Every version of the 事迹, oldest first, with the note of each amendment. Roles: organiser, employee (the nomination's unit), reviewer (committee member)."""
        return await amendments.record_history(session, request.user, round_id, code)


__all__ = ["HonoursNominationRecordController"]
