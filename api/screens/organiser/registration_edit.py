"""Editing a unit, team or competitor on the console: the edit form opened from a row's 修改
link (`?edit=<kind>&key=<key>`, see registration.py) posts here.

The same use-cases as `PUT /contests/{id}/units|teams|competitors/{key}`: the record is
replaced by the one the form describes (its key may change; teams, competitors and judges
follow a unit, as they refer to it and not to its code). A refusal (a bound, an unknown unit
or event, a team of another unit, a key already used, a marked competitor moved to another
unit or event) is shown beside the field it names, in the edit form still open. A competitor
moved to an event already drawn is not in its draw: the page says so, as it does for one
registered after the draw (`contests.after_draw`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Request, Response, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import Code, ContestId
from api.screens.organiser.console import CONTEST, contest_url, done, organiser
from api.screens.organiser.form_errors import form_errors
from api.screens.organiser.forms import RecordForm, optional, whole_number
from api.screens.organiser.registration import SECTION, Editing, editing_of, registration_page
from contests.accounts import Actor
from contests.errors import RegistrationError
from contests.people import Competitor, Team, Unit
from contests.usecases.core import lookup
from contests.usecases.setup import people as uc
from contests.usecases.setup.after_draw import event_warning
from scoring.errors import RuleError

EditKind = Annotated[Literal["units", "teams", "competitors"], PathParameter(description="what to edit")]
FIELDS = {
    "units": ("code", "name", "headcount"),
    "teams": ("code", "name", "unit"),
    "competitors": ("employee_no", "name", "unit", "team", "event"),
}


def form_name(kind: str) -> str:
    """The edit form's name on the page (`edit-units`), which its problems are shown in."""
    return f"edit-{kind}"


async def _update(session: AsyncSession, actor: Actor, contest_id: int, kind: str, key: str, data: RecordForm) -> list[str]:
    """Build the record of `kind` from the form and replace `key` by it through the use-case;
    the warnings to show (a competitor moved into an event drawn already)."""
    if kind == "units":
        headcount, problems = whole_number(data.headcount, "headcount")
        if problems:
            raise RegistrationError(problems)
        await uc.update_unit(session, actor, contest_id, key, Unit(code=data.code, name=data.name, headcount=headcount))
        return []
    if kind == "teams":
        await uc.update_team(session, actor, contest_id, key, Team(code=data.code, name=data.name, unit=data.unit))
        return []
    before = await uc.get_competitor(session, contest_id, key)
    record = Competitor(employee_no=data.employee_no, name=data.name, unit=data.unit, team=optional(data.team), event=data.event)
    await uc.update_competitor(session, actor, contest_id, key, record)
    if record.event == before.event:
        return []
    warning = await event_warning(session, (await lookup.contest_row(session, contest_id)).id, record.event)
    return [warning.message] if warning else []


@post(f"{CONTEST}/registration/edit/{{kind:str}}/{{key:str}}")
async def edit_record(
    request: Request,
    session: NamedDependency[AsyncSession],
    contest_id: ContestId,
    kind: EditKind,
    key: Code,
    data: URLEncodedBody[RecordForm],
) -> Template | Response:
    """Replace unit, team or competitor `key`; a refusal keeps the edit form open with the
    values typed and each problem beside its field."""
    actor = await organiser(request, session)
    values = {name: getattr(data, name) for name in FIELDS[kind]}
    try:
        warnings = await _update(session, actor, contest_id, kind, key, data)
    except RuleError as exc:
        editing = await editing_of(session, contest_id, kind, key) or Editing(kind, key, None)
        names = FIELDS[kind] if editing.record is not None else ()  # no form to show them in: all above it
        errors = form_errors(form_name(kind), exc, names, values)
        return await registration_page(request, session, actor, contest_id, errors, editing=editing)
    if warnings:  # moved out of one draw and into none: say so now, as adding them would
        return await registration_page(request, session, actor, contest_id, warnings=warnings)
    return done(f"{contest_url(contest_id, SECTION)}#{kind}")


ROUTES = [edit_record]

__all__ = ["FIELDS", "ROUTES", "form_name"]
