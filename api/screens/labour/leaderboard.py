"""The public leaderboard (公开排行榜, no sign-in): each team's place and total per period and
for the year, its trend over the periods as a chart, and the 流动红旗 history. It shows the
allow-listed public fields of `public_board` only (no plan, actual, veto reason or login),
from verified reports only, like the standings.
"""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.labour import CompetitionId
from api.screens.chief.charts import chart_digest, render_svg_once
from api.screens.i18n import N_, choose_language, gettext_for
from api.screens.labour.common import LEADERBOARD
from api.screens.labour.public_board import public_board
from api.screens.labour.trend_chart import MAX_LINES, TrendLabels, trend_chart
from api.screens.layout import page

SVG = "image/svg+xml"
SCORE = N_("得分")
FLAG = N_("获流动红旗")
EMPTY = N_("尚无审核通过的报送")


@get(f"{LEADERBOARD}/{{competition_id:int}}")
async def leaderboard(request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId) -> Template:
    board = await public_board(session, competition_id, choose_language(request))
    return page(request, "labour/leaderboard", board=board, charted=min(len(board.rows), MAX_LINES))


@get(f"{LEADERBOARD}/{{competition_id:int}}/trend.svg", media_type=SVG)
async def trend(request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId) -> Response:
    """The year's best teams' totals per period (up to ten lines), red flags marked."""
    lang = choose_language(request)
    board = await public_board(session, competition_id, lang)
    _ = gettext_for(lang)
    labels = TrendLabels(score=_(SCORE), flag=_(FLAG), empty=_(EMPTY))
    periods, trends = [p.name for p in board.periods], board.trends()
    digest = chart_digest("labour-trend", periods, trends, labels)
    etag = f'"{digest}"'
    # the board's screens reload the chart every minute: an unchanged chart is a 304
    headers = {"Cache-Control": "no-cache", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(b"", status_code=304, headers=headers)
    body = await render_svg_once(digest, trend_chart, periods, trends, labels)
    return Response(body, media_type=SVG, headers=headers)


ROUTES = [leaderboard, trend]
