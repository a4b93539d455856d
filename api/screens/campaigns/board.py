"""The organiser's board (组委会): submissions by state with filters by unit and category,
bulk transitions (each one its own use-case call: its own transaction and audit entry),
one submission with its panel (conflict warnings before assigning), the grade and reward
preview with the budget pool's rule and the exact fen split before publication, and the
statistics per unit and category as tables and charts.

Every action calls the API's use-cases (contests/usecases/campaigns/); their refusals are
shown in plain Chinese next to what they name.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.campaigns import CampaignId, SubmissionId
from api.screens.campaigns import common
from api.screens.campaigns.charts import Bars, bar_chart
from api.screens.chief.charts import render_svg
from api.screens.chief.forms import FormRefused, decode_form
from api.screens.i18n import N_, choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.campaigns.statistics import Figures
from contests.campaigns.workflow import STATES
from contests.usecases.campaigns import attachments as files_uc
from contests.usecases.campaigns import awards as awards_uc
from contests.usecases.campaigns import campaign as campaign_uc
from contests.usecases.campaigns import reviews as reviews_uc
from contests.usecases.campaigns import submissions as uc
from contests.usecases.campaigns.views import CampaignReviewer, SubmissionView, TransitionRequest
from scoring.errors import RuleError

HOME = "/board"
SVG = "image/svg+xml"
Filter = Annotated[str | None, QueryParameter(max_length=64, description="only this unit or category")]
StateFilter = Annotated[str | None, QueryParameter(name="state", max_length=64, description="only this state")]
ChartName = Annotated[str, PathParameter(max_length=40, description="units.svg or categories.svg")]
SAME_UNIT = N_("同单位（须回避）")
PROPOSER = N_("是本提案的完成人（须回避）")
OWNER = N_("是本提案的填报人（须回避）")
BULK_DONE = N_("已办理 %(n)s 项，每项各记一条审计记录。")
NOTHING_CHOSEN = N_("请先勾选提案。")
NO_DATA = N_("暂无数据")
PARTICIPATION = N_("参与率（%）")
SUBMITTED, ADOPTED, IMPLEMENTED = N_("提交"), N_("采纳"), N_("实施")
BY_UNIT, BY_CATEGORY = N_("各单位参与率"), N_("各类别提案数")


# ---------------------------------------------------------------- the board


@get(HOME)
async def board_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return page(request, "campaigns/board_home", actor=actor, campaigns=await campaign_uc.list_campaigns(session))


@get(f"{HOME}/{{campaign_id:int}}")
async def board(
    request: Request,
    session: NamedDependency[AsyncSession],
    campaign_id: CampaignId,
    in_state: StateFilter = None,
    unit: Filter = None,
    category: Filter = None,
) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _board(request, session, actor, campaign_id, {"state": in_state, "unit": unit, "category": category})


async def _board(request, session, actor, campaign_id, chosen, *, done=None, refused=None, errors=None, status=200) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    every = await uc.list_submissions(session, actor, campaign_id)
    shown = [s for s in every if _matches(s, chosen)]
    counts = {st: sum(1 for s in every if s.state == st) for st in STATES}
    context = {
        "c": campaign, "subs": shown, "counts": counts, "chosen": chosen, "units": await campaign_uc.list_units(session, campaign_id),
        "names": common, "states": STATES, "done": done, "refused": refused or [], "actions": _bulk_actions(shown),
    }  # fmt: skip
    return page(request, "campaigns/board", actor=actor, errors=errors or {}, status=status, **context)


def _matches(s: SubmissionView, chosen: dict) -> bool:
    sub = s.submission
    return (
        (not chosen.get("state") or s.state == chosen["state"])
        and (not chosen.get("unit") or chosen["unit"] in sub.units)
        and (not chosen.get("category") or sub.category == chosen["category"])
    )


def _bulk_actions(subs: list[SubmissionView]) -> list[str]:
    seen: list[str] = []
    for s in subs:
        seen += [a for a in s.allowed_actions if a not in seen]
    return seen


@post(f"{HOME}/{{campaign_id:int}}/bulk")
async def bulk(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Template:
    """One action on every chosen submission, one use-case call (transaction, audit) each; a
    refusal of one leaves the others done and is listed with its reason."""
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    gettext = gettext_for(choose_language(request))
    chosen = {k: form.get(f"filter_{k}") or None for k in ("state", "unit", "category")}
    ids = [int(i) for i in form.getall("id") if i.isdigit()]
    try:
        body = decode_form({"action": form.get("action", ""), "reason": form.get("reason", "")}, TransitionRequest)
        if not ids:
            raise FormRefused({"id": [gettext(NOTHING_CHOSEN)]})
    except FormRefused as exc:
        return await _board(request, session, actor, campaign_id, chosen, errors=exc.errors, status=exc.status)
    done, refused = 0, []
    for sid in ids:
        try:
            await uc.transition_submission(session, actor, campaign_id, sid, body)
            done += 1
        except RuleError as exc:
            await session.rollback()
            refused.append((sid, [m for ms in common.plain_refusal(exc, gettext).values() for m in ms]))
    message = gettext(BULK_DONE) % {"n": done}
    return await _board(request, session, actor, campaign_id, chosen, done=message, refused=refused, status=200 if not refused else 409)


# ---------------------------------------------------------------- one submission


@get(f"{HOME}/{{campaign_id:int}}/submissions/{{submission_id:int}}")
async def submission(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _submission(request, session, actor, campaign_id, submission_id)


async def _submission(request, session, actor, campaign_id, submission_id, *, errors=None, status=200) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    view = await uc.get_submission(session, actor, campaign_id, submission_id)
    panel = (await reviews_uc.get_panel(session, campaign_id, submission_id)).reviewers
    reviewers = await campaign_uc.list_reviewers(session, campaign_id)
    context = {
        "c": campaign, "s": view, "panel": panel, "reviewers": [(r, conflicts(r, view)) for r in reviewers],
        "scores": await reviews_uc.submission_scores(session, campaign_id, submission_id), "names": common,
        "files": await files_uc.list_files(session, actor, campaign_id, submission_id), "reasoned": common.REASONED,
    }  # fmt: skip
    return page(request, "campaigns/board_submission", actor=actor, errors=errors or {}, status=status, **context)


def conflicts(reviewer: CampaignReviewer, view: SubmissionView) -> list[str]:
    """Why the reviewer may not sit on this submission's panel (the use-case refuses them too)."""
    sub = view.submission
    why = []
    if reviewer.unit in sub.units:
        why.append(SAME_UNIT)
    if reviewer.employee_no is not None and reviewer.employee_no in {p.employee_no for p in sub.proposers}:
        why.append(PROPOSER)
    if reviewer.username is not None and reviewer.username == view.owner:
        why.append(OWNER)
    return why


@post(f"{HOME}/{{campaign_id:int}}/submissions/{{submission_id:int}}/panel")
async def set_panel(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    try:
        await reviews_uc.set_panel(session, actor, campaign_id, submission_id, form.getall("reviewer"))
    except RuleError as exc:
        await session.rollback()
        errors = common.plain_refusal(exc, gettext_for(choose_language(request)))
        return await _submission(request, session, actor, campaign_id, submission_id, errors={"panel": errors}, status=common.status(exc))
    return Redirect(f"{HOME}/{campaign_id}/submissions/{submission_id}", status_code=303)


@post(f"{HOME}/{{campaign_id:int}}/submissions/{{submission_id:int}}/action")
async def act(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    try:
        body = decode_form({"action": form.get("action", ""), "reason": form.get("reason", "")}, TransitionRequest)
        await uc.transition_submission(session, actor, campaign_id, submission_id, body)
    except FormRefused as exc:
        return await _submission(request, session, actor, campaign_id, submission_id, errors={"action": exc.errors}, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = common.plain_refusal(exc, gettext_for(choose_language(request)))
        return await _submission(request, session, actor, campaign_id, submission_id, errors={"action": errors}, status=common.status(exc))
    return Redirect(f"{HOME}/{campaign_id}/submissions/{submission_id}", status_code=303)


# ---------------------------------------------------------------- grades, rewards, publication


@get(f"{HOME}/{{campaign_id:int}}/awards")
async def awards(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _awards(request, session, actor, campaign_id)


async def _awards(request, session, actor, campaign_id, *, errors=None, status=200) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    try:
        view, refused = await awards_uc.award_list(session, campaign_id), []
    except RuleError as exc:  # a "refuse" budget exceeded: say so, publish nothing
        await session.rollback()
        view, refused = None, [p.rule for p in exc.problems]
    context = {"c": campaign, "a": view, "refused": refused, "names": common}
    return page(request, "campaigns/board_awards", actor=actor, errors=errors or {}, status=status, **context)


@post(f"{HOME}/{{campaign_id:int}}/awards/publish")
async def publish(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    try:
        await awards_uc.publish_awards(session, actor, campaign_id)
    except RuleError as exc:
        await session.rollback()
        errors = common.plain_refusal(exc, gettext_for(choose_language(request)))
        return await _awards(request, session, actor, campaign_id, errors=errors, status=common.status(exc))
    return Redirect(f"{HOME}/{campaign_id}/awards", status_code=303)


# ---------------------------------------------------------------- statistics


@get(f"{HOME}/{{campaign_id:int}}/statistics")
async def statistics(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    stats = await campaign_uc.campaign_statistics(session, campaign_id)
    units = {u.code: u.name for u in await campaign_uc.list_units(session, campaign_id)}
    lang = choose_language(request)
    context = {
        "c": campaign, "st": stats, "names": common,
        "unit_rows": [(units.get(code, code), f) for code, f in sorted(stats.by_unit.items())],
        "category_rows": [(common.category_name(code, lang), f) for code, f in sorted(stats.by_category.items())],
    }  # fmt: skip
    return page(request, "campaigns/board_statistics", actor=actor, **context)


@get(f"{HOME}/{{campaign_id:int}}/charts/{{chart:str}}", media_type=SVG)
async def chart(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, chart: ChartName) -> Response:
    """units.svg: participation rate per unit; categories.svg: submitted, adopted, implemented per category."""
    await require_actor(request, session, ORGANISER)
    lang = choose_language(request)
    gettext = gettext_for(lang)
    stats = await campaign_uc.campaign_statistics(session, campaign_id)
    if chart == "units.svg":
        names = {u.code: u.name for u in await campaign_uc.list_units(session, campaign_id)}
        rows = sorted(stats.by_unit)
        bars = Bars(
            gettext(BY_UNIT),
            [names.get(u, u) for u in rows],
            [(gettext(PARTICIPATION), [_rate(stats.by_unit[u]) for u in rows])],
            gettext(NO_DATA),
        )
    elif chart == "categories.svg":
        rows = sorted(stats.by_category)
        series = [(gettext(label), [float(getattr(stats.by_category[c], field)) for c in rows]) for label, field in _COUNTS]
        bars = Bars(gettext(BY_CATEGORY), [common.category_name(c, lang) for c in rows], series, gettext(NO_DATA))
    else:
        return Response(b"", status_code=404, media_type=SVG)
    return Response(await render_svg(bar_chart, bars), media_type=SVG, headers={"Cache-Control": "no-store"})


_COUNTS = ((SUBMITTED, "submitted"), (ADOPTED, "adopted"), (IMPLEMENTED, "implemented"))


def _rate(figures: Figures) -> float:
    return 0.0 if figures.participation_rate is None else float(figures.participation_rate) * 100


ROUTES = [board_home, board, bulk, submission, set_panel, act, awards, publish, statistics, chart]
