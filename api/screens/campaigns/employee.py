"""The employee's pages (职工), phone first: "我的提案", a proposal's form (category, title,
problem, solution, unit, co-proposers with their shares, the claimed benefit), save as a
draft, submit, withdraw before a decision, the history, and the evidence files.

Every form is read into the API's own body (`SubmissionDraft`, `TransitionRequest`) and
handed to the same use-cases (contests/usecases/campaigns/submissions.py, attachments.py);
their refusals are shown next to the field they name, a workflow refusal in plain Chinese
saying what can be done now (common.plain_refusal).
"""

from __future__ import annotations

import asyncio
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, FINANCE, ORGANISER
from api.routes.campaigns import CampaignId, SubmissionId
from api.routes.campaigns_attachments import blob_store
from api.screens.campaigns import common
from api.screens.chief.forms import FormRefused, decode_form
from api.screens.i18n import N_, choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.attachments import AttachmentRefused, AttachmentRules, Received
from contests.attachments.rules import MAX_BYTES_CEILING
from contests.attachments.spool import CapExceeded, Spool
from contests.campaigns.submission import MAX_PROPOSERS
from contests.campaigns.workflow import WITHDRAWABLE
from contests.fields import INT32_MAX
from contests.usecases.campaigns import attachments as files_uc
from contests.usecases.campaigns import campaign as campaign_uc
from contests.usecases.campaigns import people as people_uc
from contests.usecases.campaigns import submissions as uc
from contests.usecases.campaigns.views import ShareConfirmationBody, SubmissionDraft, SubmissionView, TransitionRequest
from contests.usecases.core.errors import NotFound
from scoring.errors import Problem, RuleError

HOME = "/proposals"
REGISTER_SHOWN = 2000  # the register offered as you type a 工号 (the server checks every name against the whole register)
ROWS = 5  # proposer rows on an empty form; more appear when a draft has more
ELIGIBILITY = (
    ("in_use", N_("已投入使用")),
    ("already_rewarded", N_("已获得过其他奖励")),
    ("ip_dispute", N_("存在知识产权争议")),
    ("secret", N_("涉及保密内容")),
    ("government_funded", N_("属于政府资助项目")),
)
BAD_SHARE = N_("份额填百分数，如 60 或 33.33（最多两位小数）。")
NO_FILE = N_("请选择要上传的文件。")
CHUNK = 256 * 1024
BAD_MONEY = N_("金额填元，如 120000.50（最多两位小数）。")
FileNumber = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="The file's number within the submission")]


def proposal_url(campaign_id: int, submission_id: int) -> str:
    return f"{HOME}/{campaign_id}/{submission_id}"


# ---------------------------------------------------------------- "我的提案"


@get(HOME)
async def my_proposals(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, EMPLOYEE)
    return await landing(request, session, actor)


async def landing(request: Request, session: AsyncSession, actor: Actor) -> Template:
    """The employee's home: the open campaigns and every proposal of theirs with its state."""
    campaigns, mine = [], []
    for c in await campaign_uc.list_campaigns(session):
        campaigns.append(c)
        mine += [(c, v) for v in await uc.list_submissions(session, actor, c.id)]
    mine.sort(key=lambda cv: cv[1].updated_at, reverse=True)
    return page(request, "campaigns/employee_home", actor=actor, campaigns=campaigns, mine=mine, names=common)


# ---------------------------------------------------------------- the proposal form


@get(f"{HOME}/{{campaign_id:int}}/new")
async def new_form(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Template:
    actor = await require_actor(request, session, EMPLOYEE)
    return await _form(request, session, actor, campaign_id, None, _blank())


@post(f"{HOME}/{{campaign_id:int}}/new")
async def create(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId) -> Response:
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    try:
        draft = read_draft(form, gettext_for(choose_language(request)))
        view = await uc.create_draft(session, actor, campaign_id, draft)
    except (FormRefused, RuleError) as exc:
        return await _refused_form(request, session, actor, campaign_id, None, form, exc)
    return await _then_submit(request, session, actor, view, form.get("intent") == "submit")


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}")
async def update(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    try:
        before = await uc.get_submission(session, actor, campaign_id, submission_id)
        draft = read_draft(form, gettext_for(choose_language(request)), attachments=list(before.submission.attachments))
        view = await uc.update_draft(session, actor, campaign_id, submission_id, draft)
    except (FormRefused, RuleError) as exc:
        return await _refused_form(request, session, actor, campaign_id, submission_id, form, exc)
    return await _then_submit(request, session, actor, view, form.get("intent") == "submit")


async def _then_submit(request: Request, session: AsyncSession, actor: Actor, view: SubmissionView, submit: bool) -> Response:
    """Saved; submitted too when the employee pressed "提交" (a refusal shows on its page)."""
    if submit:
        try:
            await uc.transition_submission(session, actor, view.campaign_id, view.id, TransitionRequest(action="submit"))
        except RuleError as exc:
            await session.rollback()
            errors = _plain(request, exc, view.allowed_actions)
            return await _detail(request, session, actor, view.campaign_id, view.id, errors=errors, status=common.status(exc))
    return Redirect(proposal_url(view.campaign_id, view.id), status_code=303)


async def _refused_form(
    request: Request, session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int | None, form: FormMultiDict, exc: Exception
) -> Template:
    await session.rollback()  # nothing half-written is read back by the page
    if isinstance(exc, FormRefused):
        errors, status = exc.errors, exc.status
    else:
        errors, status = _plain(request, exc), common.status(exc)  # type: ignore[arg-type]
    return await _form(request, session, actor, campaign_id, submission_id, _values(form), errors=errors, status=status)


async def _form(
    request: Request,
    session: AsyncSession,
    actor: Actor,
    campaign_id: int,
    submission_id: int | None,
    values: dict[str, Any],
    *,
    errors: dict | None = None,
    status: int = 200,
) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    units = await campaign_uc.list_units(session, campaign_id)
    register = (await people_uc.list_employees(session, actor, campaign_id))[:REGISTER_SHOWN]  # co-proposers are named from it
    context = {"c": campaign, "units": units, "v": values, "sid": submission_id, "eligibility": ELIGIBILITY, "names": common}
    context["register"] = register
    return page(request, "campaigns/proposal_form", actor=actor, errors=errors or {}, status=status, **context)


def _blank() -> dict[str, Any]:
    return {"proposers": [{} for _ in range(ROWS)], "eligibility": {"in_use": True}}


def _values(form: FormMultiDict) -> dict[str, Any]:
    """What the employee typed, to fill the form again after a refusal."""
    rows = list(zip(form.getall("p_no"), form.getall("p_name"), form.getall("p_unit"), form.getall("p_share")))
    values: dict[str, Any] = {k: form.get(k, "") for k in ("period", "category", "title", "problem", "solution", "unit", "claimed")}
    values["proposers"] = [{"employee_no": n, "name": m, "unit": u, "share": s} for n, m, u, s in rows] or [{} for _ in range(ROWS)]
    values["eligibility"] = {k: form.get(f"elig_{k}") == "1" for k, _ in ELIGIBILITY}
    return values


def view_values(view: SubmissionView) -> dict[str, Any]:
    """A stored draft as the form's values."""
    s = view.submission
    proposers = [
        {"employee_no": p.employee_no, "name": p.name, "unit": p.unit or "", "share": common.percent_text(p.share_bp)} for p in s.proposers
    ]
    proposers += [{} for _ in range(max(0, ROWS - len(proposers)))]
    return {
        "period": s.period, "category": s.category, "title": s.title, "problem": s.problem, "solution": s.solution,
        "unit": s.unit, "claimed": "" if s.claimed_benefit_yuan is None else f"{s.claimed_benefit_yuan:.2f}",
        "proposers": proposers, "eligibility": {k: getattr(s.eligibility, k) for k, _ in ELIGIBILITY},
    }  # fmt: skip


def read_draft(form: FormMultiDict, gettext, attachments: list | None = None) -> SubmissionDraft:
    """The form as the API's SubmissionDraft; blank proposer rows are left out. A share is a
    percentage with at most two decimals (basis points on the wire)."""
    errors: dict[str, list[str]] = {}
    proposers = []
    rows = zip(form.getall("p_no"), form.getall("p_name"), form.getall("p_unit"), form.getall("p_share"))
    for number, name, unit, share in list(rows)[:MAX_PROPOSERS]:
        if not (number.strip() or name.strip() or share.strip()):
            continue
        k = len(proposers)
        bp = _basis_points(share)
        if bp is None:
            errors.setdefault(f"proposers[{k}].share_bp", []).append(gettext(BAD_SHARE))
        proposer = {"employee_no": number.strip(), "name": name.strip(), "share_bp": bp or 0}
        if unit.strip():
            proposer["unit"] = unit.strip()
        proposers.append(proposer)
    claimed = form.get("claimed", "").strip().replace(",", "")
    if claimed and _basis_points(claimed, cap=None) is None:
        errors.setdefault("claimed_benefit_yuan", []).append(gettext(BAD_MONEY))
    if errors:
        raise FormRefused(errors)
    values: dict[str, Any] = {k: form.get(k, "") for k in ("period", "category", "title", "problem", "solution", "unit")}
    values |= {"proposers": proposers, "claimed_benefit_yuan": claimed, "attachments": [_builtin(a) for a in attachments or []]}
    values["eligibility"] = {k: form.get(f"elig_{k}") == "1" for k, _ in ELIGIBILITY}
    return decode_form(values, SubmissionDraft)


def _builtin(attachment) -> dict:
    return {f: getattr(attachment, f) for f in attachment.__struct_fields__}


def _basis_points(text: str, cap: int | None = 10_000) -> int | None:
    try:
        value = Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        return None
    hundredths = value * 100
    if not value.is_finite() or hundredths != hundredths.to_integral_value() or value <= 0 or (cap is not None and hundredths > cap):
        return None
    return int(hundredths)


def _plain(request: Request, exc: RuleError, yours: list[str] | None = None) -> dict[str, list[str]]:
    return common.plain_refusal(exc, gettext_for(choose_language(request)), yours)


# ---------------------------------------------------------------- one proposal


@get(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}")
async def proposal(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Template:
    actor = await require_actor(request, session, EMPLOYEE)
    return await _detail(request, session, actor, campaign_id, submission_id)


async def _detail(
    request: Request, session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, *, errors=None, status: int = 200
) -> Template:
    view = await uc.get_submission(session, actor, campaign_id, submission_id)
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    files = await files_uc.list_files(session, actor, campaign_id, submission_id)
    units = await campaign_uc.list_units(session, campaign_id)
    context = {
        "c": campaign, "s": view, "files": files, "units": units, "v": view_values(view), "sid": view.id,
        "eligibility": ELIGIBILITY, "names": common, "withdrawable": WITHDRAWABLE, "mine": view.owner == actor.username,
        "standing": await people_uc.share_confirmations(session, actor, campaign_id, submission_id),
        "register": (await people_uc.list_employees(session, actor, campaign_id))[:REGISTER_SHOWN] if view.state == "draft" else [], "me": await _me(session, actor, campaign_id),
    }  # fmt: skip
    return page(request, "campaigns/proposal", actor=actor, errors=errors or {}, status=status, **context)


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}/action")
async def act(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId) -> Response:
    """Submit or withdraw (with an optional reason)."""
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    try:
        body = decode_form({"action": form.get("action", ""), "reason": form.get("reason", "")}, TransitionRequest)
        await uc.transition_submission(session, actor, campaign_id, submission_id, body)
    except FormRefused as exc:
        return await _detail(request, session, actor, campaign_id, submission_id, errors=exc.errors, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        yours = (await uc.get_submission(session, actor, campaign_id, submission_id)).allowed_actions
        errors = _plain(request, exc, yours)
        return await _detail(request, session, actor, campaign_id, submission_id, errors=errors, status=common.status(exc))
    return Redirect(proposal_url(campaign_id, submission_id), status_code=303)


async def _me(session: AsyncSession, actor: Actor, campaign_id: int) -> str | None:
    """The 工号 of the registered employee this login belongs to in the campaign, if any."""
    try:
        return (await people_uc.my_employee(session, actor, campaign_id)).employee_no
    except NotFound:
        return None


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}/confirm")
async def confirm(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    """A co-proposer confirms the share they were shown (确认份额), before the writer submits."""
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    try:
        shown = form.get("share_bp", "")
        body = decode_form({"share_bp": int(shown) if shown.isdigit() else shown}, ShareConfirmationBody)
        await people_uc.confirm_share(session, actor, campaign_id, submission_id, body)
    except FormRefused as exc:
        errors = {"confirm": [m for ms in exc.errors.values() for m in ms]}
        return await _detail(request, session, actor, campaign_id, submission_id, errors=errors, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = {"confirm": [m for ms in _plain(request, exc).values() for m in ms]}
        return await _detail(request, session, actor, campaign_id, submission_id, errors=errors, status=common.status(exc))
    return Redirect(proposal_url(campaign_id, submission_id), status_code=303)


# ---------------------------------------------------------------- files


@post(f"{HOME}/{{campaign_id:int}}/{{submission_id:int}}/files", request_max_body_size=MAX_BYTES_CEILING + 64 * 1024)
async def upload(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId
) -> Response:
    actor = await require_actor(request, session, EMPLOYEE)
    return await store_upload(request, session, actor, campaign_id, submission_id, proposal_url(campaign_id, submission_id), _detail)


async def store_upload(request: Request, session: AsyncSession, actor: Actor, campaign_id: int, submission_id: int, back: str, again):
    """One uploaded file through the attachments use-case (its rules: size, sniffed type,
    count); a refusal is shown on the page `again` renders, under the upload form."""
    try:
        rules = await files_uc.upload_rules(session, actor, campaign_id, submission_id)
        received, filename = await form_file(request, rules)
    except (AttachmentRefused, RuleError) as exc:
        return await _upload_refused(request, session, actor, campaign_id, submission_id, exc, again)
    try:
        await files_uc.add_file(session, actor, campaign_id, submission_id, received, filename, blob_store(request.app.state))
    except (AttachmentRefused, RuleError) as exc:
        return await _upload_refused(request, session, actor, campaign_id, submission_id, exc, again)
    finally:
        received.path.unlink(missing_ok=True)
    return Redirect(back, status_code=303)


async def form_file(request: Request, rules: AttachmentRules) -> tuple[Received, str]:
    """The form's file part spooled to a temp file, hashed and capped like the API's upload.
    A page's form carries its CSRF token in the body, so the CSRF middleware has parsed the
    body already (within the route's body size limit): the file is read from that parse."""
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile):
        raise AttachmentRefused([Problem("file", gettext_for(choose_language(request))(NO_FILE))], status=400)
    spool = await asyncio.to_thread(Spool, rules.max_bytes)
    try:
        while chunk := await upload.read(CHUNK):
            await asyncio.to_thread(spool.write, chunk)
    except CapExceeded:
        raise rules.too_large() from None
    except BaseException:
        await asyncio.to_thread(spool.discard)
        raise
    return await asyncio.to_thread(spool.finish), upload.filename or ""


async def _upload_refused(request, session, actor, campaign_id, submission_id, exc, again) -> Template:
    await session.rollback()
    status = exc.status if isinstance(exc, AttachmentRefused) else common.status(exc)
    messages = [p.rule for p in exc.problems]
    return await again(request, session, actor, campaign_id, submission_id, errors={"file": messages}, status=status)


@get("/campaign-files/{campaign_id:int}/{submission_id:int}/{number:int}")
async def file(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, submission_id: SubmissionId, number: FileNumber
) -> Response:
    """A file's current version, for whoever may read the submission (the use-case decides)."""
    actor = await require_actor(request, session, EMPLOYEE, ORGANISER, FINANCE)
    readable = await files_uc.read_file(session, actor, campaign_id, submission_id, number)
    return common.download(request, readable)


ROUTES = [my_proposals, new_form, create, update, proposal, act, confirm, upload, file]
