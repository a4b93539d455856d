"""The chief judge console (裁判长控制台): progress per module × judge, spreads over the limit,
sign-offs, lock and unlock with a reason, appeals decided while reading the competitor's full
explanation, unblinding, provisional standings and judge analytics as pictures.

Every page and form calls the use-cases the JSON API calls (no second set of rules); a
form is read into the API's own request body, and a refusal is shown next to the field it
names. Blind: competitors appear by blind code only until the chief judge unblinds the event
(the use-cases leave names out until then). Chief judge only: any other role is refused.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import CHIEF
from api.routes.judging import LockRequest, UnlockRequest
from api.routes.judging_appeals import AppealId
from api.routes.params import ContestId, EventId, ModuleId
from api.screens.chief import charts, view
from api.screens.chief.forms import FormRefused, decode_form, problems_by_field, status_of
from api.screens.chief.paper import ROUTES as PAPER_ROUTES
from api.screens.i18n import choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.results.units import units_text
from contests.usecases.judging import appeals as appeals_uc
from contests.usecases.judging import locks as locks_uc
from contests.usecases.judging import standings_cache
from contests.usecases.judging import unblinding as unblinding_uc
from contests.usecases.judging.requests import AppealDecision, EventAppeal
from scoring.errors import RuleError

HOME = "/chief"
SVG = "image/svg+xml"


def _event_url(contest_id: int, event_id: str) -> str:
    return f"{HOME}/{contest_id}/{event_id}"


@get(HOME)
async def chief_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, CHIEF)
    return await landing(request, session, actor)


async def landing(request: Request, session: AsyncSession, actor: Actor) -> Template:
    """The chief judge's home: the events of the contests they are the chief judge of."""
    return page(request, "chief/landing", actor=actor, contests=await view.my_contests(session, actor))


@get(f"{HOME}/{{contest_id:int}}/{{event_id:str}}")
async def event_console(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Template:
    actor = await require_actor(request, session, CHIEF)
    return await _console(request, session, actor, contest_id, event_id)


async def _console(
    request: Request, session: AsyncSession, actor: Actor, contest_id: int, event_id: str, *, errors=None, status: int = 200
) -> Template:
    console = await view.event_console(session, actor, contest_id, event_id)
    return page(request, "chief/event", actor=actor, c=console, errors=errors or {}, status=status)


async def _refused(
    request: Request, session: AsyncSession, actor: Actor, contest_id: int, event_id: str, form: str, errors: dict, status: int
) -> Template:
    await session.rollback()  # nothing half-written is read back by the page
    return await _console(request, session, actor, contest_id, event_id, errors={form: errors}, status=status)


@post(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/modules/{{module_id:str}}/lock")
async def lock_module(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, module_id: ModuleId
) -> Response:
    actor = await require_actor(request, session, CHIEF)
    form = await request.form()
    try:
        body = decode_form({"force": form.get("force") == "1", "reason": form.get("reason", "")}, LockRequest)
        await locks_uc.lock_module(session, actor, contest_id, event_id, module_id, force=body.force, reason=body.reason)
    except FormRefused as exc:
        return await _refused(request, session, actor, contest_id, event_id, f"lock:{module_id}", exc.errors, exc.status)
    except RuleError as exc:
        return await _refused(request, session, actor, contest_id, event_id, f"lock:{module_id}", problems_by_field(exc), status_of(exc))
    return Redirect(_event_url(contest_id, event_id), status_code=303)


@post(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/modules/{{module_id:str}}/unlock")
async def unlock_module(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, module_id: ModuleId
) -> Response:
    actor = await require_actor(request, session, CHIEF)
    form = await request.form()
    try:
        body = decode_form({"reason": form.get("reason", "")}, UnlockRequest)
        await locks_uc.unlock_module(session, actor, contest_id, event_id, module_id, body.reason)
    except FormRefused as exc:
        return await _refused(request, session, actor, contest_id, event_id, f"unlock:{module_id}", exc.errors, exc.status)
    except RuleError as exc:
        errors = problems_by_field(exc)
        return await _refused(request, session, actor, contest_id, event_id, f"unlock:{module_id}", errors, status_of(exc))
    return Redirect(_event_url(contest_id, event_id), status_code=303)


@post(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/unblind")
async def unblind(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Response:
    actor = await require_actor(request, session, CHIEF)
    try:
        await unblinding_uc.unblind_event(session, actor, contest_id, event_id)
    except RuleError as exc:
        return await _refused(request, session, actor, contest_id, event_id, "unblind", problems_by_field(exc), status_of(exc))
    return Redirect(_event_url(contest_id, event_id), status_code=303)


@post(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/appeals")
async def file_appeal(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Response:
    actor = await require_actor(request, session, CHIEF)
    form = await request.form()
    fields = ("module_id", "blind_code", "grounds", "appellant")
    try:
        body = decode_form({k: form.get(k, "") for k in fields}, EventAppeal)
        filed = await appeals_uc.file_appeal(session, actor, contest_id, body.in_event(event_id))
    except FormRefused as exc:
        return await _refused(request, session, actor, contest_id, event_id, "appeal", exc.errors, exc.status)
    except RuleError as exc:
        return await _refused(request, session, actor, contest_id, event_id, "appeal", problems_by_field(exc), status_of(exc))
    return Redirect(f"{HOME}/{contest_id}/appeals/{filed.id}", status_code=303)


@get(f"{HOME}/{{contest_id:int}}/appeals/{{appeal_id:int}}")
async def appeal_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, appeal_id: AppealId) -> Template:
    actor = await require_actor(request, session, CHIEF)
    return await _appeal(request, session, actor, contest_id, appeal_id)


async def _appeal(
    request: Request, session: AsyncSession, actor: Actor, contest_id: int, appeal_id: int, *, errors=None, status: int = 200
) -> Template:
    shown = await view.appeal_page(session, actor, contest_id, appeal_id, choose_language(request))
    return page(request, "chief/appeal", actor=actor, contest_id=contest_id, p=shown, errors=errors or {}, status=status)


@post(f"{HOME}/{{contest_id:int}}/appeals/{{appeal_id:int}}/decision")
async def decide_appeal(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, appeal_id: AppealId) -> Response:
    actor = await require_actor(request, session, CHIEF)
    form = await request.form()
    try:
        values = {"decision": form.get("decision", ""), "reason": form.get("reason", ""), "corrections": view.corrections_of(form)}
        decision = decode_form(values, AppealDecision)
        await appeals_uc.decide_appeal(session, actor, contest_id, appeal_id, decision)
    except (FormRefused, RuleError) as exc:
        await session.rollback()
        errors, status = (exc.errors, exc.status) if isinstance(exc, FormRefused) else (problems_by_field(exc), status_of(exc))
        return await _appeal(request, session, actor, contest_id, appeal_id, errors=errors, status=status)
    return Redirect(f"{HOME}/{contest_id}/appeals/{appeal_id}", status_code=303)


@get(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/standings")
async def standings_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId) -> Template:
    actor = await require_actor(request, session, CHIEF)
    try:
        standings, refused = (await standings_cache.served_standings(session, actor, contest_id, event_id)).standings, []
    except RuleError as exc:  # marks still owed: say which, as the API does
        standings, refused = None, [p.rule for p in exc.problems]
    context = {"contest_id": contest_id, "event_id": event_id, "s": standings, "refused": refused, "units": units_text}
    return page(request, "chief/standings", actor=actor, **context)


ChartName = Annotated[str, PathParameter(description="which chart: severity.svg or scores.svg")]


@get(f"{HOME}/{{contest_id:int}}/{{event_id:str}}/charts/{{chart:str}}", media_type=SVG)
async def chart(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, event_id: EventId, chart: ChartName
) -> Response:
    """severity.svg: each judge's offset from the panel; scores.svg: module score distributions."""
    actor = await require_actor(request, session, CHIEF)
    lang = choose_language(request)
    labels = view.chart_labels(gettext_for(lang))
    if chart == "severity.svg":
        panels = await view.severity_panels(session, actor, contest_id, event_id, lang)
        body = await charts.render_svg(charts.severity_chart, panels, labels)
    elif chart == "scores.svg":
        panels = await view.score_panels(session, actor, contest_id, event_id, lang)
        body = await charts.render_svg(charts.distribution_chart, panels, labels)
    else:
        return Response(b"", status_code=404, media_type=SVG)
    return Response(body, media_type=SVG, headers={"Cache-Control": "no-store"})


ROUTES = [
    chief_home,
    event_console,
    lock_module,
    unlock_module,
    unblind,
    file_appeal,
    appeal_page,
    decide_appeal,
    standings_page,
    chart,
    *PAPER_ROUTES,
]
