"""Published results (成绩公布), readable by anyone without logging in.

Only published snapshots are served here, never provisional standings: an event with
nothing published is a 404 (problem+json for the files, a friendly HTML page for the
results page). Files: the snapshot as JSON (with the change list against the previous
one), CSV (UTF-8 with BOM, Chinese headers unless `lang=en`) and one XLSX for the whole
contest (one sheet per event and an award-list sheet). The HTML page is rendered on the
server by `contests.results.render_results_page`: Chinese by default, `?lang=en` for
English, no script and no external asset, readable on a phone and printable.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Annotated, Literal

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Operation
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.routes.params import ContestId, EventId
from contests.fields import INT32_MAX
from contests.results import render_results_page, to_csv, to_xlsx
from contests.results.labels import pick
from contests.usecases.core.errors import NotFound
from contests.usecases.judging import publishing as publishing_uc
from contests.usecases.judging.views import PublishedStandings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
HTML = "text/html; charset=utf-8"

Number = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A snapshot number; the latest if left out")]
Lang = Annotated[Literal["zh", "en"], QueryParameter(description="zh: Chinese (default), en: English")]

_PUBLIC = {"security": [{}], "exclude_from_auth": True}
_HTML_RESPONSES = {
    400: problems.responses(400)[400],
    404: ResponseSpec(data_container=str, media_type=HTML, description="Nothing published yet (a page saying so)", generate_examples=False),
}


@dataclass
class _PageOperation(Operation):
    """The page's own 404 is a friendly HTML page; a path no route matches (a contest id that
    is not a number) gets the router's problem+json 404. Both are documented."""

    def __post_init__(self) -> None:
        responses = self.responses or {}
        problem = responses["400"].content[problems.MEDIA_TYPE]  # type: ignore[union-attr,index]
        responses["404"].content[problems.MEDIA_TYPE] = problem  # type: ignore[union-attr,index]


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def not_published_page(lang: str) -> str:
    zh = lang == "zh"
    title = "成绩尚未公布" if zh else "No results published yet"
    text = "本竞赛的成绩尚未发布，请稍后再来查看。" if zh else "The results of this contest are not published yet: please check later."
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></main></body></html>"
    )


# ---------------------------------------------------------------- routes


class PublicResultsController(Controller):
    path = "/public/contests/{contest_id:int}"
    tags = ["public"]

    @get("/", media_type=MediaType.HTML, responses=_HTML_RESPONSES, operation_class=_PageOperation, **_PUBLIC)
    async def results_page(self, contest_id: ContestId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[str]:
        """The public results page (成绩公布): every event's latest published rankings, award list,
        titles, team results and each competitor's score breakdown. Server-rendered HTML,
        Chinese by default (`lang=en`: English). A friendly 404 page while nothing is
        published. Anonymous."""
        try:
            results = await publishing_uc.latest_published(session, contest_id)
        except NotFound:
            return Response(not_published_page(lang), status_code=404, media_type=HTML)
        page = render_results_page(
            pick(results.name, results.name_en, lang),
            [e.published.standings for e in results.events],
            {e.published.event_id: e.breakdowns for e in results.events},
            lang=lang,
            other_lang_href=f"?lang={'en' if lang == 'zh' else 'zh'}",
            explanation_base=f"/public/contests/{contest_id}",
        )
        return Response(page, media_type=HTML)

    @get("/results.xlsx", media_type=XLSX, responses=problems.responses(400, 404), **_PUBLIC)
    async def results_xlsx(self, contest_id: ContestId, session: NamedDependency[AsyncSession], lang: Lang = "zh") -> Response[bytes]:
        """The latest published results of every event as one workbook: a sheet per event
        and an award-list sheet (获奖名单), Chinese headers unless `lang=en`. 404 while
        nothing is published. Anonymous."""
        results = await publishing_uc.latest_published(session, contest_id)
        standings = [e.published.standings for e in results.events]
        return Response(to_xlsx(standings, lang=lang), media_type=XLSX, headers=_attachment(f"{standings[0].contest_id}-results.xlsx"))

    @get("/events/{event_id:str}/results.json", responses=problems.responses(400, 404), **_PUBLIC)
    async def results_json(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], number: Number = None
    ) -> PublishedStandings:
        """A published snapshot of the event (the latest unless `number`), with the changes
        against the previous snapshot. 404 while nothing is published. Anonymous: the rows'
        `employee_no` is always null (a 公示 names competitors, it does not identify them)."""
        return publishing_uc.public_copy(await publishing_uc.get_published(session, contest_id, event_id, number))

    @get("/events/{event_id:str}/results.csv", media_type=CSV, responses=problems.responses(400, 404), **_PUBLIC)
    async def results_csv(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], number: Number = None, lang: Lang = "zh"
    ) -> Response[bytes]:
        """A published snapshot as CSV (UTF-8 with BOM for Excel; Chinese headers unless
        `lang=en`). 404 while nothing is published. Anonymous."""
        published = await publishing_uc.get_published(session, contest_id, event_id, number)
        name = f"{published.standings.contest_id}-{event_id}-{published.number}.csv"
        return Response(to_csv(published.standings, lang), media_type=CSV, headers=_attachment(name))
