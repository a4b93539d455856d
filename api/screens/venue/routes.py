"""The venue board (赛场大屏): a full-screen page for the hall's display.

No sign-in: the display in the hall is a browser nobody signs in on, and the board shows only
what the hall may see (`contests.usecases.judging.venue_board`): before publication, progress
by station with no score, name, unit or blind code; after publication, the published results
as the public 公示 shows them. Anyone on the venue network may open it, as anyone may read
the posted results; `tests/api/test_public_disclosure.py` sweeps both routes.

It refreshes itself: htmx (a static file, no inline script) asks for the board's fragment
every REFRESH_SECONDS and swaps it in; the full page renders the same fragment first, so the
board shows at once and keeps working when a refresh fails.
"""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import ContestId
from api.screens.layout import page
from contests.usecases.judging.venue_board import venue_board

REFRESH_SECONDS = 15


@get("/venue/{contest_id:int}")
async def board_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    board = await venue_board(session, contest_id)
    return page(request, "venue/board", board=board, contest_id=contest_id, refresh=REFRESH_SECONDS)


@get("/venue/{contest_id:int}/board")
async def board_fragment(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    board = await venue_board(session, contest_id)
    return page(request, "venue/events", board=board, contest_id=contest_id)


ROUTES = [board_page, board_fragment]
