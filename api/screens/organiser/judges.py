"""Judges on the console: register a judge seat, and link it to the login that marks with it.

The same use-cases as `POST /contests/{id}/judges` and `PUT …/judges/{code}?username=`: a
login whose role cannot mark (only a judge or chief-judge login may hold a seat), an
unknown login, or one already on another seat is refused by the use-case, and the page
shows its message beside the login field.
"""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import Code, ContestId
from api.screens.organiser.console import CONTEST, contest_page, contest_url, done, organiser
from api.screens.organiser.form_errors import NO_ERRORS, FormErrors, form_errors
from api.screens.organiser.forms import JudgeForm, LoginLinkForm, optional
from contests.accounts import SEAT_ROLES, Actor
from contests.people import Judge
from contests.usecases.accounts.users import list_accounts
from contests.usecases.setup import judges as uc
from contests.usecases.setup import people
from scoring.errors import RuleError

SECTION = "judges"
JUDGE_FIELDS = ("code", "name", "unit", "role", "username")


async def judges_page(request: Request, session: AsyncSession, actor: Actor, contest_id: int, errors: FormErrors = NO_ERRORS) -> Template:
    accounts = await list_accounts(session)
    return await contest_page(
        request, session, actor, contest_id, SECTION, errors=errors,
        judges=await uc.list_judges(session, contest_id), logins=await uc.judge_logins(session, contest_id),
        units=await people.list_units(session, contest_id),
        seat_logins=[a.username for a in accounts if a.role in SEAT_ROLES and not a.disabled],
    )  # fmt: skip


@get(f"{CONTEST}/judges")
async def judges(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    return await judges_page(request, session, await organiser(request, session), contest_id)


@post(f"{CONTEST}/judges")
async def add_judge(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: URLEncodedBody[JudgeForm]
) -> Template | Response:
    actor = await organiser(request, session)
    judge = Judge(code=data.code, name=data.name, unit=data.unit, role=data.role)  # type: ignore[arg-type]
    try:
        await uc.add_judge(session, actor, contest_id, judge, username=optional(data.username))
    except RuleError as exc:
        values = {f: getattr(data, f) for f in JUDGE_FIELDS}
        return await judges_page(request, session, actor, contest_id, form_errors("judge", exc, JUDGE_FIELDS, values))
    return done(f"{contest_url(contest_id, SECTION)}#judge-{data.code}")


@post(f"{CONTEST}/judges/{{code:str}}/login")
async def link_login(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, code: Code, data: URLEncodedBody[LoginLinkForm]
) -> Template | Response:
    """Link the seat to a login (an empty field unlinks it); the rest of the seat is kept."""
    actor = await organiser(request, session)
    try:
        judge = await uc.get_judge(session, contest_id, code)
        await uc.update_judge(session, actor, contest_id, code, judge, username=optional(data.username))
    except RuleError as exc:
        refused = form_errors(f"login:{code}", exc, ["username"], {"username": data.username})
        return await judges_page(request, session, actor, contest_id, refused)
    return done(f"{contest_url(contest_id, SECTION)}#judge-{code}")


ROUTES = [judges, add_judge, link_login]

__all__ = ["ROUTES"]
