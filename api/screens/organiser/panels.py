"""Panels on the console: the judges of each module, in seat order, and who is recused.

The same use-case as `PUT …/events/{event}/modules/{module}/panel` (`set_panel`): unknown or
repeated judges, a size the event or the trimmed mean rules out, and dropping a judge who has
marked are refused there and shown beside the module's field; conflicts of interest become
the recusals listed under each panel.
"""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import ContestId, EventId, ModuleId
from api.screens.organiser.console import CONTEST, contest_page, contest_url, done, organiser
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors, form_errors
from api.screens.organiser.forms import PanelForm, codes
from contests.accounts import Actor
from contests.usecases.setup import judges as uc
from scoring.errors import RuleError

SECTION = "panels"


async def panels_page(request: Request, session: AsyncSession, actor: Actor, contest_id: int, errors: FormErrors = NO_ERRORS) -> Template:
    panels = {(p.event_id, p.module_id): p for p in await uc.list_panels(session, contest_id)}
    judges = await uc.list_judges(session, contest_id)
    return await contest_page(request, session, actor, contest_id, SECTION, errors=errors, panels=panels, judges=judges)


@get(f"{CONTEST}/panels")
async def panels(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    return await panels_page(request, session, await organiser(request, session), contest_id)


@post(f"{CONTEST}/panels/{{event_id:str}}/{{module_id:str}}")
async def set_panel(
    request: Request,
    session: NamedDependency[AsyncSession],
    contest_id: ContestId,
    event_id: EventId,
    module_id: ModuleId,
    data: URLEncodedBody[PanelForm],
) -> Template | Response:
    actor = await organiser(request, session)
    try:
        await uc.set_panel(session, actor, contest_id, event_id, module_id, codes(data.judges))
    except RuleError as exc:
        refused = form_errors(f"panel:{event_id}/{module_id}", exc, ["judges"], {"judges": data.judges})
        return await panels_page(request, session, actor, contest_id, refused)
    return done(f"{contest_url(contest_id, SECTION)}#panel-{event_id}-{module_id}")


ROUTES = [panels, set_panel]

__all__ = ["ROUTES"]
