"""The finance page (财务): verify a proposal's annual benefit (效益核实) with its evidence
attached, and see who verified each one and when.

The list shows the implemented proposals still to verify and those verified; a proposal's
page shows its evidence files (the proposer's and finance's own proof, uploaded here through
the attachments use-case) and takes the verified amount and who confirmed it into the
workflow's "verify" action, as the API does (TransitionRequest, the same use-case).
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import FINANCE
from api.routes.campaigns import CampaignId, SubmissionId
from api.screens.campaigns import common
from api.screens.campaigns.employee import store_upload
from api.screens.chief.forms import FormRefused, decode_form
from api.screens.i18n import choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.attachments.rules import MAX_BYTES_CEILING
from contests.usecases.campaigns import attachments as files_uc
from contests.usecases.campaigns import campaign as campaign_uc
from contests.usecases.campaigns import submissions as uc
from contests.usecases.campaigns.views import SubmissionView, TransitionRequest, TransitionView
from scoring.errors import RuleError

HOME = "/finance"
LISTED = ("implemented", "verified", "awarded", "archived")


@dataclass(frozen=True)
class Ledger:
    campaign_id: int
    name: str
    to_verify: list[SubmissionView]
    verified: list[tuple[SubmissionView, TransitionView | None]]


def verification(view: SubmissionView) -> TransitionView | None:
    """The "verify" step of the history: who entered it, when, and who confirmed the amount."""
    return next((t for t in reversed(view.history) if t.action == "verify"), None)


@get(HOME)
async def finance_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, FINANCE)
    return await landing(request, session, actor)


async def landing(request: Request, session: AsyncSession, actor: Actor) -> Template:
    ledgers = []
    for c in await campaign_uc.list_campaigns(session):
        subs = await uc.list_submissions(session, actor, c.id)
        to_verify = [s for s in subs if s.state == "implemented"]
        verified = [(s, verification(s)) for s in subs if s.verified_benefit_yuan is not None]
        ledgers.append(Ledger(c.id, c.name, to_verify, verified))
    return page(request, "campaigns/finance_home", actor=actor, ledgers=ledgers, names=common)


@get(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}")
async def proposal(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Template:
    actor = await require_actor(request, session, FINANCE)
    return await _detail(request, session, actor, campaign_id, submission_id)


async def _detail(request, session, actor, campaign_id, submission_id, *, errors=None, entered=None, status=200) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    view = await uc.get_submission(session, actor, campaign_id, submission_id)
    files = await files_uc.list_files(session, actor, campaign_id, submission_id)
    context = {"c": campaign, "s": view, "files": files, "done": verification(view), "entered": entered or {}, "names": common}
    return page(request, "campaigns/finance_proposal", actor=actor, errors=errors or {}, status=status, **context)


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}/verify")
async def verify(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    actor = await require_actor(request, session, FINANCE)
    form = await request.form()
    entered = {k: form.get(k, "").strip() for k in ("verified_benefit_yuan", "verified_by", "note")}
    values = {"action": "verify", **entered, "verified_benefit_yuan": entered["verified_benefit_yuan"].replace(",", "")}
    try:
        await uc.transition_submission(session, actor, campaign_id, submission_id, decode_form(values, TransitionRequest))
    except FormRefused as exc:
        return await _detail(request, session, actor, campaign_id, submission_id, errors=exc.errors, entered=entered, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = common.plain_refusal(exc, gettext_for(choose_language(request)))
        errors = {k.removeprefix("payload."): v for k, v in errors.items()}
        return await _detail(request, session, actor, campaign_id, submission_id, errors=errors, entered=entered, status=common.status(exc))
    return Redirect(f"{HOME}/{campaign_id}/{submission_id}", status_code=303)


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}/files", request_max_body_size=MAX_BYTES_CEILING + 64 * 1024)
async def upload(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    """Finance's proof of the benefit, attached to the proposal (a new file, never overwriting)."""
    actor = await require_actor(request, session, FINANCE)
    return await store_upload(request, session, actor, campaign_id, submission_id, f"{HOME}/{campaign_id}/{submission_id}", _detail)


ROUTES = [finance_home, proposal, verify, upload]
