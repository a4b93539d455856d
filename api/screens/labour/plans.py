"""The organiser's plans page (计划下达): each team's plan for a period, for the indicators
scored against the team's own plan. A form is read into the API's own `PlanRequest` and sent
to `plans.set_plan`, the use-case `POST /labour/{id}/plans` calls: a changed plan after the
team has reported needs a reason, and the refusal is shown next to the field it names.
Organiser only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.labour import CompetitionId, PeriodId
from api.screens.chief.forms import FormRefused, decode_form, problems_by_field, status_of
from api.screens.i18n import choose_language
from api.screens.labour.common import open_period, pick, unit_names
from api.screens.labour.reporting import NOT_A_NUMBER, ParticipantId, PeriodChoice
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import plans as plans_uc
from contests.usecases.labour import reports as reports_uc
from contests.usecases.labour.listing import plans_of_period
from contests.usecases.labour.views import PlanRequest
from scoring.errors import RuleError
from scoring.kpi import KIND_COMPLETION

PLANS = "/labour-plans"


@dataclass(frozen=True)
class PlanLine:
    id: str
    name: str
    unit: str
    reported: bool  # a changed plan then needs a reason
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)


async def _page(
    request: Request, session: AsyncSession, actor: Actor, competition_id: int, period: str | None, *, refill=None, status: int = 200
) -> Template:
    lang = choose_language(request)
    view = await competition_uc.get_competition(session, competition_id)
    c = view.definition
    chosen = open_period(c, reports_uc.china_today(), period)
    current = await plans_of_period(session, actor, view.id, chosen.id)
    reported = {r.participant for r in await reports_uc.list_reports(session, actor, view.id, period=chosen.id)}
    units = unit_names(c, lang)
    planned = [(i.id, pick(lang, i.name, i.name_en), i.unit) for i in c.indicators if i.kind == KIND_COMPLETION]
    lines = []
    for p in c.participants:
        values = {f"plans.{k}": f"{v:g}" for k, v in current.get(p.id, {}).items()}
        again = (refill or {}).get(p.id, {})
        lines.append(
            PlanLine(
                p.id,
                pick(lang, p.name, p.name_en),
                units.get(p.unit, p.unit),
                p.id in reported,
                again.get("values") or values,
                again.get("errors", {}),
            )
        )
    context = {"competition_id": view.id, "competition_name": pick(lang, c.name, c.name_en), "periods": c.periods, "period": chosen}
    field_names = [f"plans.{key}" for key, _, _ in planned] + ["reason"]
    return page(request, "labour/plans", actor=actor, planned=planned, lines=lines, field_names=field_names, status=status, **context)


@get(f"{PLANS}/{{competition_id:int}}")
async def plans_page(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodChoice = None
) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _page(request, session, actor, competition_id, period)


@post(f"{PLANS}/{{competition_id:int}}/{{period:str}}/{{participant:str}}")
async def set_plan(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodId, participant: ParticipantId
) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    definition = (await competition_uc.get_competition(session, competition_id)).definition
    typed = {f"plans.{i.id}": str(form.get(f"plans.{i.id}", "")).strip() for i in definition.indicators if i.kind == KIND_COMPLETION}
    try:
        numbers, wrong = {}, {}
        for name, text in typed.items():
            try:
                numbers[name.split(".", 1)[1]] = float(text) if text else None
            except ValueError:
                wrong[name] = [NOT_A_NUMBER]
        if wrong:
            raise FormRefused(wrong)
        body = {"participant": participant, "period": period, "plans": {k: v for k, v in numbers.items() if v is not None}}
        request_body = decode_form(body | {"reason": str(form.get("reason", "")).strip()}, PlanRequest)
        await plans_uc.set_plan(session, actor, competition_id, request_body)
    except (FormRefused, RuleError) as exc:
        await session.rollback()  # nothing half-written is read back by the page
        errors, status = (exc.errors, exc.status) if isinstance(exc, FormRefused) else (problems_by_field(exc), status_of(exc))
        refill = {participant: {"values": typed, "errors": errors}}
        return await _page(request, session, actor, competition_id, period, refill=refill, status=status)
    return Redirect(f"{PLANS}/{competition_id}?period={period}#plan-{participant}", status_code=303)


ROUTES = [plans_page, set_plan]
