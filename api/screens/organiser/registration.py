"""Registration on the console: a contest's units, teams and competitors, one at a time.

The same use-cases as `POST /contests/{id}/units|teams|competitors`: the record is built
from the form and checked there (bounds, unknown unit or event, a team of another unit, a
key already used); a refusal is shown beside the field it names. The sheet import is in
registration_import.py, editing a record in registration_edit.py; all render registration.html
(`?edit=units&key=TL` opens the edit form of unit TL, filled with what is stored).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import Code, ContestId
from api.screens.organiser.console import CONTEST, contest_page, contest_url, done, organiser
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors, form_errors
from api.screens.organiser.forms import CompetitorForm, TeamForm, UnitForm, optional, whole_number
from contests.accounts import Actor
from contests.errors import RegistrationError
from contests.people import Competitor, Team, Unit
from contests.usecases.core.errors import NotFound
from contests.usecases.setup import people as uc
from contests.usecases.setup.late_registration import register_competitor
from scoring.errors import RuleError

SECTION = "registration"
Kind = Annotated[Literal["units", "teams", "competitors"], PathParameter(description="what to remove")]
SHOWN = 1000  # competitors listed on the page
READ = {"units": uc.get_unit, "teams": uc.get_team, "competitors": uc.get_competitor}


@dataclass(frozen=True)
class Editing:
    """The record whose edit form is open: `record` is what is stored (None: no such record)."""

    kind: str
    key: str
    record: Unit | Team | Competitor | None


async def editing_of(session: AsyncSession, contest_id: int, kind: str | None, key: str | None) -> Editing | None:
    """The edit form asked for by `?edit=<kind>&key=<key>` (None when none is asked)."""
    if kind not in READ or not key:
        return None
    try:
        return Editing(kind, key, await READ[kind](session, contest_id, key))
    except NotFound:
        return Editing(kind, key, None)


async def registration_page(
    request: Request, session: AsyncSession, actor: Actor, contest_id: int, errors: FormErrors = NO_ERRORS, **context
) -> Template:
    """The section with its lists and forms; `report` (an import's refusal) comes in `context`."""
    competitors = await uc.list_competitors(session, contest_id)
    lists = {
        "units": await uc.list_units(session, contest_id),
        "teams": await uc.list_teams(session, contest_id),
        "competitors": competitors[:SHOWN],  # a page stays readable; the API and exports list everyone
        "competitors_total": len(competitors),
    }
    context.setdefault("report", None)
    context.setdefault("warnings", [])
    context.setdefault("imported", request.query_params.get("imported"))
    context.setdefault("editing", None)
    return await contest_page(request, session, actor, contest_id, SECTION, errors=errors, import_key=str(uuid.uuid4()), **lists, **context)


@get(f"{CONTEST}/registration")
async def registration(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    actor = await organiser(request, session)
    editing = await editing_of(session, contest_id, request.query_params.get("edit"), request.query_params.get("key"))
    return await registration_page(request, session, actor, contest_id, editing=editing)


@post(f"{CONTEST}/registration/units")
async def add_unit(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: URLEncodedBody[UnitForm]
) -> Template | Response:
    actor = await organiser(request, session)
    values = {"code": data.code, "name": data.name, "headcount": data.headcount}
    try:
        headcount, problems = whole_number(data.headcount, "headcount")
        if problems:
            raise RegistrationError(problems)
        await uc.add_unit(session, actor, contest_id, Unit(code=data.code, name=data.name, headcount=headcount))
    except RuleError as exc:
        return await registration_page(request, session, actor, contest_id, form_errors("unit", exc, values, values))
    return done(contest_url(contest_id, SECTION) + "#units")


@post(f"{CONTEST}/registration/teams")
async def add_team(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: URLEncodedBody[TeamForm]
) -> Template | Response:
    actor = await organiser(request, session)
    values = {"code": data.code, "name": data.name, "unit": data.unit}
    try:
        await uc.add_team(session, actor, contest_id, Team(code=data.code, name=data.name, unit=data.unit))
    except RuleError as exc:
        return await registration_page(request, session, actor, contest_id, form_errors("team", exc, values, values))
    return done(contest_url(contest_id, SECTION) + "#teams")


@post(f"{CONTEST}/registration/competitors")
async def add_competitor(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: URLEncodedBody[CompetitorForm]
) -> Template | Response:
    actor = await organiser(request, session)
    values = {"employee_no": data.employee_no, "name": data.name, "unit": data.unit, "team": data.team, "event": data.event}
    record = Competitor(employee_no=data.employee_no, name=data.name, unit=data.unit, team=optional(data.team), event=data.event)
    try:
        added = await register_competitor(session, actor, contest_id, record)
    except RuleError as exc:
        return await registration_page(request, session, actor, contest_id, form_errors("competitor", exc, values, values))
    if added.after_draw:  # registered after their event's draw: say so now, as the API's answer does
        return await registration_page(request, session, actor, contest_id, warnings=[added.after_draw.message])
    return done(contest_url(contest_id, SECTION) + "#competitors")


@post(f"{CONTEST}/registration/delete/{{kind:str}}/{{key:str}}")
async def delete_record(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, kind: Kind, key: Code
) -> Template | Response:
    """Remove a unit, team or competitor; the use-case refuses one still in use, or a competitor with marks."""
    actor = await organiser(request, session)
    remove = {"units": uc.delete_unit, "teams": uc.delete_team, "competitors": uc.delete_competitor}[kind]
    try:
        await remove(session, actor, contest_id, key)
    except RuleError as exc:
        return await registration_page(request, session, actor, contest_id, form_errors(f"delete:{kind}", exc, []))
    return done(f"{contest_url(contest_id, SECTION)}#{kind}")


ROUTES = [registration, add_unit, add_team, add_competitor, delete_record]

__all__ = ["ROUTES", "SECTION", "Editing", "editing_of", "registration_page"]
