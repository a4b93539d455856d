"""The lot draw (抽签) of an event, and reading it back.

Judges read the same draw with names and units left out (blind codes and stations only);
the organiser and the chief judge see who is behind each code.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import DRAW_READERS, STAFF, allow
from api.routes.params import ContestId, EventId
from contests.usecases.setup import draws as uc
from contests.usecases.setup.views import DrawView

Seed = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern="^[0-9a-f]+(?![\\s\\S])", description="hex, up to 256 bits")]


class DrawRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Leave `seed` out for a real draw (a fresh 256-bit secret seed); give one to reproduce a draw."""

    seed: Seed | None = None


class DrawController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}/draw"
    tags = ["draw"]

    @post("/", guards=[allow(*STAFF)], responses=problems.WRITE)
    async def run_draw(
        self,
        contest_id: ContestId,
        event_id: EventId,
        session: NamedDependency[AsyncSession],
        request: Request,
        data: RequestBody[DrawRequest | None] = None,
    ) -> DrawView:
        """Draw lots for the event (two rounds); a redraw once marking has started is refused (409).
        Roles: organiser, chief judge."""
        seed = int(data.seed, 16) if data is not None and data.seed is not None else None
        return await uc.run_draw(session, request.user, contest_id, event_id, seed=seed)

    @get("/", guards=[allow(*DRAW_READERS)], responses=problems.READ)
    async def get_draw(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> DrawView:
        """The event's draw. Judges get blind codes and stations only. Roles: organiser, chief judge, judge."""
        return await uc.read_draw(session, request.user, contest_id, event_id)
