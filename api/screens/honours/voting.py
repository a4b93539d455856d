"""The committee's voting page (评审投票): a member of the committee (a reviewer login named
in the round) sees the open sitting on a title, each nominee with unit and 事迹, and votes
yes, no or abstain on every nominee not from the member's own unit (those are shown as
recused, without buttons). The form is read into the API's own `BallotBody` and sent through
the use-case the API's `POST /honours/{id}/titles/{title}/ballots` calls, so a missing choice
is refused exactly as the API refuses it, shown on the page. Once voted, the page says so
and shows who has voted, never how.
"""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import REVIEWER
from api.routes.honours import RoundId, TitleId
from api.screens.chief.forms import problems_by_field, status_of
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.usecases.honours import store, votes
from contests.usecases.honours.views import BallotBody, BallotLine
from scoring.errors import RuleError

COMMITTEE = "/committee"
CHOICES = ("yes", "no", "abstain")


@get(f"{COMMITTEE}/{{round_id:int}}/{{title_id:str}}")
async def vote_page(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, title_id: TitleId) -> Template:
    actor = await require_actor(request, session, REVIEWER)
    return await _page(request, session, actor, round_id, title_id)


@post(f"{COMMITTEE}/{{round_id:int}}/{{title_id:str}}")
async def cast(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, title_id: TitleId) -> Response:
    actor = await require_actor(request, session, REVIEWER)
    form = await request.form()
    lines = [BallotLine(nomination=k[len("choice-") :], choice=v) for k, v in form.items() if k.startswith("choice-") and v in CHOICES]
    try:
        await votes.cast_ballots(session, actor, round_id, title_id, BallotBody(ballots=lines))
    except RuleError as exc:
        await session.rollback()
        return await _page(request, session, actor, round_id, title_id, errors=problems_by_field(exc), status=status_of(exc))
    return Redirect(f"{COMMITTEE}/{round_id}/{title_id}", status_code=303)


async def _page(
    request: Request, session: AsyncSession, actor: Actor, round_id: int, title_id: str, *, errors=None, status: int = 200
) -> Template:
    sitting = await votes.get_sitting(session, actor, round_id, title_id)
    row, r = await store.current(session, round_id)
    heads = {n.code: n for n in await store.nomination_rows(session, row.id, title_id)}
    versions = await store.current_versions(session, list(heads.values()))
    names = {c.code: c.name for c in (await store.candidates(session, row.id)).values()}
    units = {u.code: u.name for u in r.units}
    recused = {x.nomination for x in sitting.recusals if x.member == actor.username}
    rows = [
        {
            "code": code, "name": names.get(heads[code].nominee, heads[code].nominee), "unit": units.get(heads[code].unit, heads[code].unit),
            "record": versions[heads[code].id].record, "recused": code in recused,
        }
        for code in sitting.nominations
    ]  # fmt: skip
    context = {"round_name": r.name, "title": store.title_of(r, title_id), "sitting": sitting, "rows": rows, "errors": errors or {}}
    return page(request, "honours/vote", actor=actor, status=status, round_id=round_id, voted=actor.username in sitting.voted, **context)


ROUTES = [vote_page, cast]
