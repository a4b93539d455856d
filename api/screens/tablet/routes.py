"""The judge's tablet: the list of one's modules, the marking sheet by blind code, the
service worker that keeps the page and its scripts for a reload without Wi-Fi, and the
bearer token the page's script uses for the JSON API (see api/screens/session.py).

Blind: nothing here renders a competitor's name, unit or employee number, before or after
unblinding (the sheet's name fields are never read). Marks are sent by api/static/tablet.js
to `POST /contests/{id}/events/{event}/marks` with an Idempotency-Key per batch, and kept in
the browser's storage until the server confirms them. After a measured value is typed
(tolerance, grades, time), the script asks `GET …/aspects/{aspect}/preview` for the computed
mark and its working and shows it beside the field; offline it shows nothing computed.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import JUDGE, issue_token
from api.routes.params import ContestId, EventId, ModuleId
from api.screens.layout import page
from api.screens.session import require_actor, signed_in_grant
from api.screens.tablet.sheet import aspect_inputs
from contests.accounts import Actor
from contests.usecases.core import lookup
from contests.usecases.judging.sheets import get_sheet
from contests.usecases.setup.contests import get_contest, list_contests
from contests.usecases.setup.judges import judge_for_user
from contests.usecases.setup.panels import list_panels

STATIC = Path(__file__).resolve().parent.parent.parent / "static"


class TabletModule(msgspec.Struct, kw_only=True, frozen=True):
    contest_id: int
    contest: str
    contest_en: str
    event_id: str
    event: str
    event_en: str
    module_id: str
    module: str
    module_en: str
    judge: str


class SessionToken(msgspec.Struct, kw_only=True, frozen=True):
    access_token: str
    token_type: str
    expires_in: int


async def my_modules(session: AsyncSession, actor: Actor) -> list[TabletModule]:
    """The modules on whose panel the judge's seat sits, in every contest (definition order)."""
    out = []
    for summary in await list_contests(session):
        seat = await judge_for_user(session, summary.id, actor.username)
        if seat is None:
            continue
        definition = (await get_contest(session, summary.id)).definition
        for panel in await list_panels(session, summary.id):
            if seat.code in panel.judges:
                event = lookup.event_of(definition, panel.event_id)
                module = lookup.module_of(event, panel.module_id)
                out.append(_entry(summary.id, definition, event, module, seat.code))
    return out


def _entry(contest_id, definition, event, module, judge: str) -> TabletModule:
    return TabletModule(
        contest_id=contest_id,
        contest=definition.name,
        contest_en=definition.name_en,
        event_id=event.id,
        event=event.name,
        event_en=event.name_en,
        module_id=module.id,
        module=module.name,
        module_en=module.name_en,
        judge=judge,
    )


@get("/tablet")
async def tablet_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, JUDGE)
    return page(request, "tablet/modules", actor=actor, modules=await my_modules(session, actor))


@get("/tablet/{contest_id:int}/{event_id:str}/{module_id:str}")
async def tablet_sheet(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, module_id: ModuleId
) -> Template:
    actor = await require_actor(request, session, JUDGE)
    sheet = await get_sheet(session, actor, contest_id, event_id, module_id)
    contest = (await get_contest(session, contest_id)).definition
    module = lookup.module_of(lookup.event_of(contest, event_id), module_id)
    inputs = aspect_inputs(module, sheet.aspects)
    base = f"/contests/{contest_id}/events/{event_id}"
    urls = {"marks": f"{base}/marks", "sign_off": f"{base}/modules/{module_id}/sign-off", "token": "/session/token"}
    urls["aspects"] = f"{base}/modules/{module_id}/aspects"  # + /{aspect}/preview: the computed mark of a typed value
    return page(request, "tablet/sheet", actor=actor, contest_id=contest_id, contest=contest, sheet=sheet, inputs=inputs, urls=urls)


@get("/tablet/sw.js", media_type="text/javascript")
async def service_worker() -> Response:
    """The tablet's service worker, served under /tablet/ so that its scope covers the sheets."""
    body = (STATIC / "tablet-sw.js").read_bytes()
    return Response(body, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@post("/session/token", status_code=200)
async def session_token(request: Request, session: NamedDependency[AsyncSession]) -> Response:
    """A bearer token for the signed-in user, for the page's calls to the JSON API; 401 (JSON,
    not the sign-in page) without a session, so the script can say so."""
    grant = await signed_in_grant(request, session)
    if grant is None:
        return Response({"detail": "sign in first"}, status_code=401, headers={"Cache-Control": "no-store"})
    token = issue_token(request, grant)  # the same token, generation and all, as /auth/token gives
    body = SessionToken(access_token=token.access_token, token_type=token.token_type, expires_in=token.expires_in)
    return Response(body, headers={"Cache-Control": "no-store"})


ROUTES = [tablet_home, service_worker, tablet_sheet, session_token]
