"""The board's 打印 section (api/screens/honours/board.py): the 公示 list and the final
commendation list as PDFs (the drawing of the API's paper routes, api/routes/paper_honours.py), and the
CSV/XLSX exports with Chinese headers the API serves (allocation, 公示, final list), read
with the organiser's session cookie instead of a bearer token. A list not there yet is the
console's error page saying why (409), as the API refuses it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.honours import CSV, XLSX, RoundId, attachment
from api.routes.paper import PDF, Organiser, pdf
from api.routes.paper_honours import final_list, notice_list
from api.screens.honours.board import BOARD
from api.screens.session import require_actor
from contests.honours.export import to_csv, to_xlsx
from contests.usecases.honours import outputs

TableName = Annotated[Literal["allocation", "notice", "final"], QueryParameter(description="the allocation, the 公示 or the final list")]
Kind = Annotated[Literal["csv", "xlsx"], QueryParameter(description="CSV (UTF-8 with BOM) or XLSX")]
_TABLES = {"allocation": outputs.allocation_export, "notice": outputs.notice_export, "final": outputs.final_export}


@get(f"{BOARD}/{{round_id:int}}/paper/notice.pdf", media_type=PDF)
async def notice_paper(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, organiser: Organiser = "") -> Response:
    await require_actor(request, session, ORGANISER)
    return pdf(await notice_list(session, round_id, organiser), f"honours-{round_id}-notice.pdf")


@get(f"{BOARD}/{{round_id:int}}/paper/final.pdf", media_type=PDF)
async def final_paper(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, organiser: Organiser = "") -> Response:
    await require_actor(request, session, ORGANISER)
    return pdf(await final_list(session, round_id, organiser), f"honours-{round_id}-final.pdf")


@get(f"{BOARD}/{{round_id:int}}/export")
async def export(
    request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, table: TableName = "allocation", kind: Kind = "csv"
) -> Response:
    """`?table=allocation|notice|final&kind=csv|xlsx`: the list the API exports, with Chinese headers."""
    await require_actor(request, session, ORGANISER)
    name = f"{table}.{kind}"
    rows = await _TABLES[table](session, round_id)
    if kind == "csv":
        return Response(to_csv(rows), media_type=CSV, headers=attachment(f"honours-{round_id}-{name}"))
    return Response(to_xlsx(rows), media_type=XLSX, headers=attachment(f"honours-{round_id}-{name}"))


ROUTES = [notice_paper, final_paper, export]

__all__ = ["ROUTES"]
