"""Rankings of an event: provisional standings, publication and judge analytics.

Provisional standings are computed from the current marks on every request and are for the
organiser and the chief judge only (blind codes until unblinding). `publish` freezes the
next numbered, immutable snapshot; published snapshots are read at /public/….
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import ORGANISER, STAFF, allow
from api.routes.pages import TOTAL_COUNT, TOTAL_COUNT_HEADER, PageLimit, PageOffset, window
from api.routes.params import ContestId, EventId
from contests.results.standings import Standings
from contests.usecases.judging import judge_analytics as analytics_uc
from contests.usecases.judging import publishing as publishing_uc
from contests.usecases.judging import standings_cache
from contests.usecases.judging.views import AnalyticsView, PublishedStandings

CACHE = "X-Standings-Cache"
CACHE_HEADER = ResponseHeader(
    name=CACHE, documentation_only=True, description="hit: served from the cache, the contest unchanged since; miss: computed now"
)

Threshold = Annotated[
    float, QueryParameter(ge=0, le=100, description="Flag a judge whose mean offset from the panel exceeds this many marks")
]


class ResultsController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}"
    tags = ["results"]

    @get(
        "/standings",
        guards=[allow(*STAFF)],
        responses=problems.responses(400, 401, 403, 404, 409),
        response_headers=[TOTAL_COUNT_HEADER, CACHE_HEADER],
    )
    async def provisional_standings(
        self,
        contest_id: ContestId,
        event_id: EventId,
        session: NamedDependency[AsyncSession],
        request: Request,
        offset: PageOffset = 0,
        limit: PageLimit = None,
    ) -> Response[Standings]:
        """Provisional rankings (snapshot 0) from the current marks: totals, ranks, tie-breaks,
        awards, titles and, once unblinded, names and team results. 409 while marks the
        modules' policies need are still owed (each named). `after_draw` lists competitors
        registered after the draw, who are not in these rows. `offset` and `limit` page the
        rows (everything else is whole); served from a cache while the contest is unchanged.
        Roles: organiser, chief judge."""
        served = await standings_cache.served_standings(session, request.user, contest_id, event_id)
        page = window(offset, limit)
        body = (
            served.body
            if page is None
            else msgspec.json.encode(msgspec.structs.replace(served.standings, rows=served.standings.rows[page]))
        )
        headers = {TOTAL_COUNT: str(len(served.standings.rows)), CACHE: "hit" if served.cached else "miss"}
        return Response(body, media_type=MediaType.JSON, headers=headers)

    @post("/publish", guards=[allow(ORGANISER)], responses=problems.WRITE)
    async def publish(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> PublishedStandings:
        """Publish the event's next snapshot (成绩发布), tagged with the definition version, with
        the list of what changed since the previous one. 409 while the event is blind, a
        module is unlocked, or nothing changed. Roles: organiser."""
        return await publishing_uc.publish_standings(session, request.user, contest_id, event_id)

    @get("/analytics", guards=[allow(*STAFF)], responses=problems.READ)
    async def judge_analytics(
        self,
        contest_id: ContestId,
        event_id: EventId,
        session: NamedDependency[AsyncSession],
        request: Request,
        threshold: Threshold = 0.5,
    ) -> AnalyticsView:
        """Judge analytics (裁判分析) per module: each judge's severity, judgement spreads and panel
        agreement (ICC, Kendall's W), by blind code. Roles: organiser, chief judge."""
        return await analytics_uc.judge_analytics(session, request.user, contest_id, event_id, threshold=threshold)
