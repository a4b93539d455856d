"""The organiser's honours board (评比看板), `/honours-board/{round}`: per title the quota
allocation with its arithmetic (headcount share, largest remainder, minimum one), the places
used per unit, the nominations with the eligibility rules that refuse them (rule named), the
committee's sitting and counts; the 公示 with its period, objections and their decisions; the
final list; and the print section (api/screens/honours/board_print.py).

Each action is a form read into the API's own body (board_forms.py) and sent through the
use-case the API's route calls: open a sitting (`POST /honours/{id}/titles/{t}/sittings`),
tally, publish the 公示 (`POST /honours/{id}/notice`), record and decide an objection,
finalise (`POST /honours/{id}/final`). A refusal is shown beside the field it names, in
Chinese (refusals.py), with what was typed kept. Organiser only, like the API's board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated
from zoneinfo import ZoneInfo

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.honours import RoundId, TitleId
from api.screens.chief.forms import status_of
from api.screens.honours import board_forms as forms
from api.screens.honours.board_data import round_board
from api.screens.honours.refusals import STAGES, board_words, refusal
from api.screens.i18n import choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.fields import CODE_PATTERN
from contests.honours.workflow import STATE_LABELS
from contests.usecases.honours import notice as notice_uc
from contests.usecases.honours import votes
from contests.usecases.honours.listing import list_rounds
from scoring.errors import RuleError

BOARD = "/honours-board"
BEIJING = ZoneInfo("Asia/Shanghai")
ObjectionId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Objection id, e.g. O001")]


@get(BOARD)
async def rounds_page(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return page(request, "honours/board_home", actor=actor, rounds=await list_rounds(session), stages=STAGES)


@get(f"{BOARD}/{{round_id:int}}")
async def board_page(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _board(request, session, actor, round_id)


async def _board(request, session, actor, round_id, *, form: str = "", errors=None, typed=None, status: int = 200) -> Template:
    context = {
        "b": await round_board(session, actor, round_id), "round_id": round_id, "stages": STAGES,
        "today": dt.datetime.now(BEIJING).date(), "failed": form, "errors": errors or {}, "typed": typed or {}, "state_labels": STATE_LABELS,
    }  # fmt: skip
    return page(request, "honours/board", actor=actor, status=status, **context)


async def _act(request: Request, session: AsyncSession, round_id: int, name: str, step: Callable) -> Response:
    """Read the form, run the use-case; a refusal re-renders the board with it beside the field."""
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    gettext = gettext_for(choose_language(request))
    try:
        await step(actor, form, gettext)
    except forms.FormRefused as exc:
        return await _board(request, session, actor, round_id, form=name, errors=exc.errors, typed=dict(form), status=400)
    except RuleError as exc:
        await session.rollback()
        errors = refusal(exc, board_words(gettext), "objection." if name == "objection" else "")
        return await _board(request, session, actor, round_id, form=name, errors=errors, typed=dict(form), status=_status(exc))
    return Redirect(f"{BOARD}/{round_id}#{_anchor(name)}", status_code=303)


def _status(exc: RuleError) -> int:
    """As the API answers: 404 and 403 as they are, any other rule broken 409 (api/problems.py)."""
    return status if (status := status_of(exc)) in (403, 404) else 409


def _anchor(form: str) -> str:
    """Where the page opens after an action: the title's section for its vote, else the 公示 or final list."""
    if form.startswith("vote-"):
        return "title-" + form.removeprefix("vote-")
    return "final" if form == "final" else "notice"


@post(f"{BOARD}/{{round_id:int}}/titles/{{title_id:str}}/sittings")
async def open_vote(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, title_id: TitleId) -> Response:
    async def step(actor, form, gettext):
        await votes.open_sitting(session, actor, round_id, title_id, forms.sitting_body(form, gettext))

    return await _act(request, session, round_id, f"vote-{title_id}", step)


@post(f"{BOARD}/{{round_id:int}}/titles/{{title_id:str}}/tally")
async def tally(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, title_id: TitleId) -> Response:
    async def step(actor, form, gettext):
        await votes.tally(session, actor, round_id, title_id)

    return await _act(request, session, round_id, f"vote-{title_id}", step)


@post(f"{BOARD}/{{round_id:int}}/notice")
async def publish(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    async def step(actor, form, gettext):
        await notice_uc.publish(session, actor, round_id, forms.notice_body(form, gettext).period)

    return await _act(request, session, round_id, "notice", step)


@post(f"{BOARD}/{{round_id:int}}/objections")
async def record_objection(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    async def step(actor, form, gettext):
        await notice_uc.record_objection(session, actor, round_id, forms.objection_body(form, gettext))

    return await _act(request, session, round_id, "objection", step)


@post(f"{BOARD}/{{round_id:int}}/objections/{{objection_id:str}}/decision")
async def decide(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, objection_id: ObjectionId) -> Response:
    async def step(actor, form, gettext):
        await notice_uc.decide_objection(session, actor, round_id, objection_id, forms.decision_body(form, gettext))

    return await _act(request, session, round_id, f"decide-{objection_id}", step)


@post(f"{BOARD}/{{round_id:int}}/final")
async def finalise(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId) -> Response:
    async def step(actor, form, gettext):
        await notice_uc.finalise(session, actor, round_id, forms.finalise_body(form, gettext).on)

    return await _act(request, session, round_id, "final", step)


ROUTES = [rounds_page, board_page, open_vote, tally, publish, record_objection, decide, finalise]

__all__ = ["BOARD", "ROUTES"]
