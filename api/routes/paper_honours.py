"""Honours lists on paper (评比表彰): the 公示 list while the 公示 runs and the final
commendation list (表彰名单) as PDFs to post and sign, drawn by `contests.paper.honours_list`
from the public copies of the lists (titles, names and units; no codes, votes or
objections). Readers are the lists' readers: the organiser (like GET /honours/{id}/notice
and /final). 409 before the list exists. Rendering runs in a worker thread like every paper route.
"""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER, allow
from api.routes.honours import RoundId
from api.routes.paper import PDF, READ, Organiser, pdf, render
from contests.paper.honours_list import final_list_pdf, honours_table, notice_list_pdf
from contests.usecases.paper import honours_lists


class HonoursPaperController(Controller):
    path = "/honours/{round_id:int}/paper"
    tags = ["paper"]

    @get("/notice.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=READ)
    async def notice_pdf(self, round_id: RoundId, session: NamedDependency[AsyncSession], organiser: Organiser = "") -> Response[bytes]:
        """The 公示 list to post (拟表彰名单公示): its current version with title, name and unit of
        each posted nominee, the 公示 period and contact, and the signature lines (评审委员会, 工会).
        409 before the 公示 is posted or once the list is final. Roles: organiser."""
        return pdf(await notice_list(session, round_id, organiser), f"honours-{round_id}-notice.pdf")

    @get("/final.pdf", guards=[allow(ORGANISER)], media_type=PDF, responses=READ)
    async def final_pdf(self, round_id: RoundId, session: NamedDependency[AsyncSession], organiser: Organiser = "") -> Response[bytes]:
        """The final commendation list to post (表彰名单): its current version with title, name
        and unit of each commended nominee, the titles revoked since and the signature lines
        (评审委员会, 工会). 409 before the list is final. Roles: organiser."""
        return pdf(await final_list(session, round_id, organiser), f"honours-{round_id}-final.pdf")


async def notice_list(session: AsyncSession, round_id: int, organiser: str = "") -> bytes:
    """The 公示 list's PDF (the organiser's print and the public page's link draw the same);
    409 before the 公示 is posted or once the list is final (the use-case says why)."""
    found = await honours_lists.notice_list(session, round_id)
    table = honours_table(found.entries)
    return await render(
        notice_list_pdf, found.round, table, organiser=organiser, version=found.version, made_at=found.made_at, notice=found.notice
    )


async def final_list(session: AsyncSession, round_id: int, organiser: str = "") -> bytes:
    """The final list's PDF; 409 before the list is final."""
    found = await honours_lists.final_list(session, round_id)
    table = honours_table(found.entries)
    return await render(
        final_list_pdf, found.round, table, organiser=organiser, version=found.version, made_at=found.made_at, revoked=found.revocations
    )


__all__ = ["HonoursPaperController", "final_list", "notice_list"]
