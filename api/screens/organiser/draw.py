"""The lot draw (抽签) on the console, with its commitment.

The same use-case as `POST …/events/{event}/draw` (`run_draw`): an event without
competitors, or one whose marking has started, is refused and the message shown beside the
event's form. The page shows each event's current draw as it is kept sealed: blind codes,
sessions (场次, with their times) and stations, and the commitment SHA-256(seed), published before marking so that
the draw can be checked against its seed afterwards; who is behind each code is read only
once the event's sheets are locked (the chief judge's unblinding).
"""

from __future__ import annotations

import re

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import ContestId, EventId
from api.screens.organiser.console import CONTEST, contest_page, contest_url, done, organiser
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors, form_errors
from api.screens.organiser.forms import DrawForm
from contests.accounts import Actor
from contests.errors import DrawError
from contests.usecases.core.errors import NotFound
from contests.usecases.setup import draws as uc
from contests.usecases.setup import people
from contests.usecases.setup.contests import get_contest
from contests.usecases.setup.views import DrawView
from scoring.errors import RuleError

SECTION = "draw"
SEED = re.compile(r"[0-9a-f]{1,64}")  # the API's DrawRequest.seed: hex, up to 256 bits
STATIONS = re.compile(r"[0-9]{1,6}")  # the draw checks the range and names it


class EventDraw(msgspec.Struct, kw_only=True, frozen=True):
    event_id: str
    competitors: int
    draw: DrawView | None


async def draw_page(request: Request, session: AsyncSession, actor: Actor, contest_id: int, errors: FormErrors = NO_ERRORS) -> Template:
    definition = (await get_contest(session, contest_id)).definition
    events = []
    for event in definition.events:
        try:
            current = await uc.get_draw(session, contest_id, event.id, reveal_names=False)
        except NotFound:
            current = None
        registered = len(await people.list_competitors(session, contest_id, event.id))
        events.append(EventDraw(event_id=event.id, competitors=registered, draw=current))
    return await contest_page(request, session, actor, contest_id, SECTION, errors=errors, draws={e.event_id: e for e in events})


@get(f"{CONTEST}/draw")
async def draws(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    return await draw_page(request, session, await organiser(request, session), contest_id)


@post(f"{CONTEST}/draw/{{event_id:str}}")
async def run_draw(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, data: URLEncodedBody[DrawForm]
) -> Template | Response:
    actor = await organiser(request, session)
    seed, stations = data.seed.strip(), data.stations_per_session.strip()
    try:
        if seed and SEED.fullmatch(seed) is None:
            raise DrawError.at("seed", "must be 1 to 64 hexadecimal digits (0-9, a-f), or empty for a fresh secret seed")
        if stations and STATIONS.fullmatch(stations) is None:
            raise DrawError.at("stations_per_session", "must be a whole number of stations, or empty")
        per_session = int(stations) if stations else None
        await uc.run_draw(session, actor, contest_id, event_id, seed=int(seed, 16) if seed else None, stations_per_session=per_session)
    except RuleError as exc:
        values = {"seed": data.seed, "stations_per_session": data.stations_per_session}
        refused = form_errors(f"draw:{event_id}", exc, ["seed", "event_id", "stations_per_session", "sessions"], values)
        return await draw_page(request, session, actor, contest_id, refused)
    return done(f"{contest_url(contest_id, SECTION)}#draw-{event_id}")


ROUTES = [draws, run_draw]

__all__ = ["ROUTES"]
