"""The lot draw (抽签) of an event, reading it back, and breaking its seal.

The code → name table is sealed until every module of the event is locked
(`contests.judging.blindness`): until then the organiser and the chief judge read blind
codes, stations and the commitment only, and judges read no draw. The chief judge may break
the seal before that with a reason; the break is audited and logged as "seal.broken".
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import CHIEF, STAFF, allow
from api.logging import event
from api.routes.params import ContestId, EventId
from contests.draw import MAX_STATIONS
from contests.draw_sessions import MAX_SESSIONS
from contests.usecases.judging import seal as seal_uc
from contests.usecases.judging.requests import Reason
from contests.usecases.setup import draws as uc
from contests.usecases.setup.views import DrawView

Seed = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern="^[0-9a-f]+(?![\\s\\S])", description="hex, up to 256 bits")]


class DrawRequest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Leave `seed` out for a real draw (a fresh 256-bit secret seed); give one to reproduce a draw.
    `stations_per_session` draws into sessions (场次 × 工位), overriding the event's declared
    stations; `sessions` caps how many sessions there are (a field they cannot hold is refused).
    Neither given and none declared: one station per competitor, all in session 1."""

    seed: Seed | None = None
    stations_per_session: Annotated[int, msgspec.Meta(ge=1, le=MAX_STATIONS)] | None = None
    sessions: Annotated[int, msgspec.Meta(ge=1, le=MAX_SESSIONS)] | None = None


class SealBreak(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Why the seal is broken before the lock (audited): visible text, up to 2,000 characters."""

    reason: Reason


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
        """Draw lots for the event (two rounds), into sessions (场次 × 工位) when the event declares
        them or the request gives stations per session; a redraw once marking has started is
        refused (409). Roles: organiser, chief judge."""
        data = data or DrawRequest()
        seed = int(data.seed, 16) if data.seed is not None else None
        return await uc.run_draw(
            session, request.user, contest_id, event_id, seed=seed, stations_per_session=data.stations_per_session, sessions=data.sessions
        )

    @get("/", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_draw(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> DrawView:
        """The event's draw: sealed (blind codes, stations, commitment; no names, order or seed)
        until every module of the event is locked. Roles: organiser, chief judge."""
        return await seal_uc.read_draw(session, request.user, contest_id, event_id)

    @post("/seal-breaks", guards=[allow(CHIEF)], responses=problems.WRITE)
    async def break_seal(
        self,
        contest_id: ContestId,
        event_id: EventId,
        data: RequestBody[SealBreak],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> DrawView:
        """Break the seal (启封): the code → name table now, before the lock, for an audited reason
        (an emergency). Every break is an audit entry "draw.seal_broken". Roles: chief judge
        (the contest's own)."""
        view = await seal_uc.break_seal(session, request.user, contest_id, event_id, data.reason)
        event("seal.broken", contest_id=contest_id, event_id=event_id, by=request.user.username, reason=data.reason)
        return view
