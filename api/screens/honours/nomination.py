"""The unit's nomination pages (推荐申报), phone first: a unit nominator (an employee login the
organiser tied to one unit of a round) sees the rounds it nominates in; in a round, per title
the unit's places, how many it may nominate and how many it has, its own nominations with
withdraw before the vote, and the form to nominate a person or team with the 事迹.

One nomination's page (`nomination_detail`) shows its 事迹 with every earlier version, the
amendment form, the attachments and the upload, and the state history.

Every form is read into the API's own body (`NominationDraft`, `WithdrawBody`) and handed to
the use-case the API calls (contests/usecases/honours/nominations.py), so a refusal is the
API's: over quota, an ineligible nominee with the rule named, a bad field. It is said in
Chinese next to the field it names (honours.refusals), with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE
from api.routes.honours import RoundId
from api.screens.chief.forms import FormRefused, decode_form, status_of
from api.screens.honours.refusals import form_errors, nomination_words, refusal
from api.screens.i18n import N_, choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.honours.errors import TransitionForbidden
from contests.usecases.honours import nominations, unit_desk
from contests.usecases.honours.views import NominationDraft
from scoring.errors import RuleError

HOME = "/nominations"
STAGES = {"nominating": N_("推荐与评审阶段"), "on_notice": N_("公示阶段"), "final": N_("表彰名单已确定")}
KINDS = {"individual": N_("个人"), "collective": N_("集体")}
ACTIONS = {
    "withdraw": N_("撤回"), "elect": N_("评审通过"), "not_elect": N_("未通过"), "post": N_("列入公示"), "promote": N_("递补"),
    "remove": N_("异议成立，取消"), "confirm": N_("确定表彰"), "revoke": N_("撤销"),
}  # fmt: skip
FIELDS = ("title", "nominee", "record")


def round_url(round_id: int) -> str:
    return f"{HOME}/{round_id}"


def nomination_url(round_id: int, code: str) -> str:
    return f"{HOME}/{round_id}/{code}"


def status(exc: RuleError) -> int:
    """The status the API answers the same refusal with: 404, 403, else 409 (a rule broken)."""
    if isinstance(exc, TransitionForbidden):
        return 403
    return status_of(exc) if status_of(exc) in (403, 404) else 409


def gettext(request: Request):
    return gettext_for(choose_language(request))


@get(HOME)
async def nominations_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    """The rounds this login nominates in; one link each."""
    actor = await require_actor(request, session, EMPLOYEE)
    rounds = await unit_desk.my_rounds(session, actor)
    return page(request, "honours/nominations_home", actor=actor, rounds=rounds, stages=STAGES)


@get(f"{HOME}/{{round_id:int}}")
async def round_page(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Template:
    actor = await require_actor(request, session, EMPLOYEE)
    return await _round(request, session, actor, round_id, {})


@post(f"{HOME}/{{round_id:int}}")
async def nominate(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    """The nomination form, through the API's `NominationDraft` and `nominations.nominate`."""
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    values = _typed(form)
    try:
        view = await nominations.nominate(session, actor, round_id, decode_form(values, NominationDraft))
    except FormRefused as exc:
        return await _round(request, session, actor, round_id, values, errors=form_errors(exc.errors, gettext(request)), status=exc.status)
    except RuleError as exc:
        await session.rollback()  # nothing half-written is read back by the page
        desk = await unit_desk.desk(session, actor, round_id)
        line = desk.quota(values["title"])
        figures = {"title": line.name, "places": line.places, "allowed": line.allowed, "used": line.used} if line else None
        errors = refusal(exc, nomination_words(gettext(request), figures))
        return await _round(request, session, actor, round_id, values, errors=errors, status=status(exc), desk=desk)
    return Redirect(nomination_url(round_id, view.id), status_code=303)


async def _round(
    request: Request, session: AsyncSession, actor: Actor, round_id: int, values: dict[str, Any], *, errors=None, status: int = 200,
    desk: unit_desk.Desk | None = None,
) -> Template:  # fmt: skip
    desk = desk or await unit_desk.desk(session, actor, round_id)
    mine = await nominations.list_nominations(session, actor, round_id)
    names = {q.title: q.name for q in desk.quotas}
    open_titles = {q.title for q in desk.quotas if q.open}
    context = {"desk": desk, "mine": mine, "names": names, "open_titles": open_titles, "v": values, "kinds": KINDS, "stages": STAGES}
    return page(request, "honours/nomination_round", actor=actor, errors=errors or {}, status=status, **context)


def _typed(form: FormMultiDict) -> dict[str, Any]:
    return {k: str(form.get(k, "")) for k in FIELDS}


ROUTES = [nominations_home, round_page, nominate]
