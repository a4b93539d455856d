"""公示, the final list (表彰名单), revocation, 优秀组织奖 and the outputs of an honours round.

The organiser posts the elected for the declared period, records objections (异议) and
decides them with a reason (an upheld one removes the nominee; the freed place follows the
title's rule), finalises after the period (an immutable snapshot, version 1), and revokes a
title afterwards (version n+1, audited). Outputs: JSON, CSV and XLSX with Chinese headers;
the public 公示 page and the public final list carry names, units and titles only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import EMPLOYEE, ORGANISER, REVIEWER, VIEWER, allow
from api.bodies import strict_body
from api.routes.honours import CSV, XLSX, RoundId, TitleId, attachment
from contests.fields import CODE_PATTERN, INT32_MAX
from contests.honours.export import to_csv, to_xlsx
from contests.honours.public import PublicFinal, PublicNotice, notice_page
from contests.usecases.honours import notice, organisation, outputs
from contests.usecases.honours.views import (
    DecisionBody,
    FinaliseBody,
    FinalView,
    NoticeBody,
    NoticeView,
    ObjectionBody,
    OrganisationBody,
    OrganisationView,
    RevokeBody,
)

ObjectionId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Objection id, e.g. O001")]
ListVersion = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A version of the list; the current if left out")]
Lang = Annotated[Literal["zh", "en"], QueryParameter(description="zh: Chinese (default), en: English")]
RUNS = {"guards": [allow(ORGANISER)], "responses": problems.WRITE}
READ = {"guards": [allow(ORGANISER)], "responses": problems.READ}
READ_409 = problems.responses(400, 401, 403, 404, 409, 503)  # a title that is voted on has no organisation award
READERS = (ORGANISER, EMPLOYEE, REVIEWER, VIEWER)
PUBLIC = {"security": [{}], "exclude_from_auth": True, "responses": problems.responses(400, 404)}
HTML = "text/html; charset=utf-8"


class HonoursListController(Controller):
    path = "/honours/{round_id:int}"
    tags = ["honours"]

    @post("/notice", **RUNS)
    async def publish(
        self, round_id: RoundId, data: RequestBody[NoticeBody], session: NamedDependency[AsyncSession], request: Request
    ) -> NoticeView:
        """Post the elected of every voted title for the period (start, end, contact; at least
        the round's working days). 409 while a vote is unfinished. Roles: organiser."""
        return await notice.publish(session, request.user, round_id, (await strict_body(request, data)).period)

    @get("/notice", **READ)
    async def get_notice(self, round_id: RoundId, session: NamedDependency[AsyncSession], version: ListVersion = None) -> NoticeView:
        """The 公示 with objections and decisions (the current version unless `version`). Roles: organiser."""
        return await notice.get_notice(session, round_id, version)

    @get("/notice.csv", media_type=CSV, **READ)
    async def notice_csv(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The posted list as CSV with Chinese headers. Roles: organiser."""
        return Response(to_csv(await outputs.notice_export(session, round_id)), media_type=CSV, headers=attachment("notice.csv"))

    @get("/notice.xlsx", media_type=XLSX, **READ)
    async def notice_xlsx(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The posted list as XLSX with Chinese headers. Roles: organiser."""
        return Response(to_xlsx(await outputs.notice_export(session, round_id)), media_type=XLSX, headers=attachment("notice.xlsx"))

    @post("/notice/objections", **RUNS)
    async def object(
        self, round_id: RoundId, data: RequestBody[ObjectionBody], session: NamedDependency[AsyncSession], request: Request
    ) -> NoticeView:
        """Record an objection (异议) received within the period against a posted nominee. Roles: organiser."""
        return await notice.record_objection(session, request.user, round_id, await strict_body(request, data))

    @post("/notice/objections/{objection_id:str}/decision", **RUNS)
    async def decide(
        self,
        round_id: RoundId,
        objection_id: ObjectionId,
        data: RequestBody[DecisionBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> NoticeView:
        """Decide an objection once, with a reason. Upheld: the nominee is removed and the freed
        place goes to the next by votes or stays empty, as the title declares. Roles: organiser."""
        return await notice.decide_objection(session, request.user, round_id, objection_id, await strict_body(request, data))

    @post("/final", **RUNS)
    async def finalise(
        self, round_id: RoundId, data: RequestBody[FinaliseBody], session: NamedDependency[AsyncSession], request: Request
    ) -> FinalView:
        """Make the final list (version 1) after the period with every objection decided; the
        titles join the shared award history. Roles: organiser."""
        return await notice.finalise(session, request.user, round_id, (await strict_body(request, data)).on)

    @get("/final", **READ)
    async def get_final(self, round_id: RoundId, session: NamedDependency[AsyncSession], version: ListVersion = None) -> FinalView:
        """The final list (the current version unless `version`), revocations included. Roles: organiser."""
        return await notice.get_final(session, round_id, version)

    @get("/final.csv", media_type=CSV, **READ)
    async def final_csv(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The final list as CSV with Chinese headers, revocations included. Roles: organiser."""
        return Response(to_csv(await outputs.final_export(session, round_id)), media_type=CSV, headers=attachment("final.csv"))

    @get("/final.xlsx", media_type=XLSX, **READ)
    async def final_xlsx(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The final list as XLSX with Chinese headers. Roles: organiser."""
        return Response(to_xlsx(await outputs.final_export(session, round_id)), media_type=XLSX, headers=attachment("final.xlsx"))

    @post("/final/revocations", **RUNS)
    async def revoke(
        self, round_id: RoundId, data: RequestBody[RevokeBody], session: NamedDependency[AsyncSession], request: Request
    ) -> FinalView:
        """Revoke a commended nominee's title with a reason: the final list's next version and a
        revocation in the award history; earlier versions stay. Roles: organiser."""
        return await notice.revoke(session, request.user, round_id, await strict_body(request, data))

    @post("/titles/{title_id:str}/organisation", **RUNS)
    async def organisation(
        self,
        round_id: RoundId,
        title_id: TitleId,
        data: RequestBody[OrganisationBody],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> OrganisationView:
        """优秀组织奖: the title's formula over the units' records, every part shown per unit,
        the quota and threshold applied; stored as the next version. Roles: organiser."""
        return await organisation.compute(session, request.user, round_id, title_id, await strict_body(request, data))

    @get("/titles/{title_id:str}/organisation", guards=[allow(*READERS)], responses=READ_409)
    async def get_organisation(self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession]) -> OrganisationView:
        """The latest computation of an organisation award. Roles: organiser, employee, reviewer, viewer."""
        return await organisation.get_award(session, round_id, title_id)

    @get("/titles/{title_id:str}/organisation.csv", media_type=CSV, guards=[allow(ORGANISER)], responses=READ_409)
    async def organisation_csv(self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The organisation award's computation as CSV with Chinese headers. Roles: organiser."""
        table = await outputs.organisation_export(session, round_id, title_id)
        return Response(to_csv(table), media_type=CSV, headers=attachment("organisation.csv"))

    @get("/titles/{title_id:str}/organisation.xlsx", media_type=XLSX, guards=[allow(ORGANISER)], responses=READ_409)
    async def organisation_xlsx(self, round_id: RoundId, title_id: TitleId, session: NamedDependency[AsyncSession]) -> Response[bytes]:
        """The organisation award's computation as XLSX with Chinese headers. Roles: organiser."""
        table = await outputs.organisation_export(session, round_id, title_id)
        return Response(to_xlsx(table), media_type=XLSX, headers=attachment("organisation.xlsx"))


class PublicHonoursController(Controller):
    path = "/public/honours/{round_id:int}"
    tags = ["public"]

    @get("/notice", media_type=MediaType.HTML, **PUBLIC)
    async def notice_page(self, round_id: RoundId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[str]:
        """The public 公示 page: period, contact, and title, unit and name of each posted
        nominee (no codes, votes or objections). 404 before anything is posted; once final, the 公示 as it last stood, marked ended. Anonymous."""
        return Response(notice_page(await outputs.public_notice_copy(session, round_id), lang), media_type=HTML)

    @get("/notice.json", **PUBLIC)
    async def notice_json(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> PublicNotice:
        """The public 公示 as JSON (what the page shows). Anonymous."""
        return await outputs.public_notice_copy(session, round_id)

    @get("/final.json", **PUBLIC)
    async def final_json(self, round_id: RoundId, session: NamedDependency[AsyncSession]) -> PublicFinal:
        """The final commendation list (表彰名单), current version: title, unit and name of each
        commended nominee, and the titles revoked since with their date. 404 before it is final. Anonymous."""
        return await outputs.public_final_copy(session, round_id)


__all__ = ["HonoursListController", "PublicHonoursController"]
