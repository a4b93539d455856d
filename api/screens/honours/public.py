"""The public 公示 page and the final commendation list (表彰名单), anonymous: no sign-in.

`/honours-notice/{round}`: the posted list by title (name, unit, a summary of the 事迹), the
period, the contact line and how to object; once the list is final, the 公示 as it last
stood, marked ended, with a link to the final list. `/honours-final/{round}`: the final list
by title, and the titles revoked since. Both are print-friendly (api/static/honours.css) and
link their PDF, drawn as the organiser's print is (api/routes/paper_honours.py). Only the allow-listed
fields of public_lists.py reach these pages.
"""

from __future__ import annotations

from litestar import MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.honours import RoundId
from api.routes.paper import PDF, pdf
from api.routes.paper_honours import final_list, notice_list
from api.screens.honours.public_lists import final_page, notice_page
from api.screens.layout import page
from contests.usecases.honours import store

NOTICE = "/honours-notice"
FINAL = "/honours-final"


@get(f"{NOTICE}/{{round_id:int}}")
async def public_notice(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Template:
    return page(request, "honours/public_notice", n=await notice_page(session, round_id))


@get(f"{NOTICE}/{{round_id:int}}/notice.pdf", media_type=PDF)
async def public_notice_pdf(session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    """The 公示 list to post; once the list is final, the final list's PDF instead (303)."""
    row, _ = await store.current(session, round_id)
    if row.stage == "final":
        # typed as text: Litestar refuses a redirect in the handler's PDF media type (a 500)
        return Redirect(f"{FINAL}/{round_id}/final.pdf", status_code=303, media_type=MediaType.TEXT)
    return pdf(await notice_list(session, round_id), f"honours-{round_id}-notice.pdf")


@get(f"{FINAL}/{{round_id:int}}")
async def public_final(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Template:
    return page(request, "honours/public_final", f=await final_page(session, round_id))


@get(f"{FINAL}/{{round_id:int}}/final.pdf", media_type=PDF)
async def public_final_pdf(session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    return pdf(await final_list(session, round_id), f"honours-{round_id}-final.pdf")


ROUTES = [public_notice, public_notice_pdf, public_final, public_final_pdf]

__all__ = ["FINAL", "NOTICE", "ROUTES"]
