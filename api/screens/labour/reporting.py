"""The unit reporter's pages (填报): the competitions a login reports for, and the period form
where it enters each of its unit's teams' actuals, incidents and veto facts, submits, reads a
returned report's reason and submits again. Phone first: one card per team.

A form is read into the API's own `ReportDraft` and sent to `reports.submit_report`, the
use-case `POST /labour/{id}/reports` calls: the same checks (own unit only, every actual
given, whole incidents, the late policy) and the same refusals, shown next to the field they
name. Another unit's team is "not found", as in the API.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, ORGANISER
from api.routes.labour import CompetitionId, PeriodId
from api.screens.chief.forms import FormRefused, decode_form, problems_by_field, status_of
from api.screens.i18n import N_, choose_language
from api.screens.labour.common import REPORTING
from api.screens.labour.report_form import input_fields, report_form
from api.screens.layout import page
from api.screens.session import require_actor
from contests.fields import CODE_PATTERN, SLUG_PATTERN
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import reports as reports_uc
from contests.usecases.labour.listing import list_competitions, reporting_for
from contests.usecases.labour.views import ReportDraft
from scoring.errors import RuleError

NOT_A_NUMBER = N_("请填写数字。")
ParticipantId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Participant code")]
PeriodChoice = Annotated[str | None, QueryParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="period id")]
SentTeam = Annotated[str | None, QueryParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="the team just sent")]


@get(REPORTING)
async def reporting_home(request: Request, session: NamedDependency[AsyncSession]) -> Response:
    """The competitions this login reports for; straight to the form when there is one."""
    actor = await require_actor(request, session, ORGANISER, EMPLOYEE)
    entries = await (list_competitions(session) if actor.role == ORGANISER else reporting_for(session, actor))
    if len(entries) == 1 and actor.role == EMPLOYEE:
        return Redirect(f"{REPORTING}/{entries[0].id}", status_code=303)
    return page(request, "labour/reporting_home", actor=actor, entries=entries)


@get(f"{REPORTING}/{{competition_id:int}}")
async def report_page(
    request: Request,
    session: NamedDependency[AsyncSession],
    competition_id: CompetitionId,
    period: PeriodChoice = None,
    sent: SentTeam = None,
) -> Template:
    actor = await require_actor(request, session, ORGANISER, EMPLOYEE)
    form = await report_form(session, actor, competition_id, period, choose_language(request))
    return page(request, "labour/report_form", actor=actor, f=form, sent=sent, general=[])


@post(f"{REPORTING}/{{competition_id:int}}/{{period:str}}/{{participant:str}}")
async def submit(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodId, participant: ParticipantId
) -> Response:
    actor = await require_actor(request, session, ORGANISER, EMPLOYEE)
    form = await request.form()
    lang = choose_language(request)
    definition = (await competition_uc.get_competition(session, competition_id)).definition
    names = [f.name for f in input_fields(definition, lang)]
    typed = {name: str(form.get(name, "")).strip() for name in names}
    try:
        draft = _draft(participant, period, typed, str(form.get("note", "")))
        await reports_uc.submit_report(session, actor, competition_id, draft)
    except (FormRefused, RuleError) as exc:
        await session.rollback()  # nothing half-written is read back by the page
        errors, status = (exc.errors, exc.status) if isinstance(exc, FormRefused) else (problems_by_field(exc), status_of(exc))
        refill = {participant: {"values": typed, "errors": errors}}
        shown = await report_form(session, actor, competition_id, period, lang, typed=refill)
        stray = [m for msgs in errors.values() for m in msgs] if participant not in {t.id for t in shown.teams} else []
        return page(request, "labour/report_form", actor=actor, f=shown, sent=None, general=stray, status=status)
    return Redirect(f"{REPORTING}/{competition_id}?period={period}&sent={participant}#team-{participant}", status_code=303)


def _draft(participant: str, period: str, typed: dict[str, str], note: str) -> ReportDraft:
    """The form as the API's body: blank inputs are left out (the use-case names a missing actual)."""
    numbers: dict[str, dict[str, float]] = {"actuals": {}, "facts": {}}
    wrong: dict[str, list[str]] = {}
    for name, text in typed.items():
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            wrong[name] = [NOT_A_NUMBER]
            continue
        kind, _, key = name.partition(".")
        numbers[kind][key] = value
    if wrong:
        raise FormRefused(wrong)
    return decode_form({"participant": participant, "period": period, **numbers, "note": note.strip()}, ReportDraft)


ROUTES = [reporting_home, report_page, submit]
