"""The chief judge prints a module's paper marking sheets (纸质评分表) from the console.

`GET …/modules/{m}/paper/sheets.pdf` in the API takes a bearer token, which a link cannot
send; this route reads the session cookie instead and calls the same use-case and drawing:
one sheet per panel judge, blind codes only, rendered in a worker thread. Chief judge only.
"""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import CHIEF
from api.routes.paper import PDF, pdf, render
from api.routes.params import ContestId, EventId, ModuleId
from api.screens.session import require_actor
from contests.paper.marking_sheet import marking_sheets_pdf
from contests.usecases.paper import marking_sheets as sheets_uc


@get("/chief/{contest_id:int}/{event_id:str}/modules/{module_id:str}/paper/sheets.pdf", media_type=PDF)
async def marking_sheets(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, module_id: ModuleId
) -> Response[bytes]:
    actor = await require_actor(request, session, CHIEF)
    sheets = await sheets_uc.paper_sheets(session, actor, contest_id, event_id, module_id)
    return pdf(await render(marking_sheets_pdf, sheets), f"{contest_id}-{event_id}-{module_id}-sheets.pdf")


ROUTES = [marking_sheets]

__all__ = ["ROUTES"]
