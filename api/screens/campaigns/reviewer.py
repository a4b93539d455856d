"""The expert reviewer's pages (评审专家): the queue of submissions assigned to them (the
organiser's panel already left out anyone with a conflict), what is still owed, and the
rubric form with each criterion's descriptors and a running total.

Blind review: the pages are built from the use-case's `ReviewTask.blind_view` (a blind code,
the category, the title, problem, solution and claimed benefit; no proposer, employee number
or unit) and the files by their generic names (附件N), so no proposer name appears anywhere
on them. Scores go through `reviews.submit_score`, the API's use-case, as the reviewer's next
version; the engine's refusals are shown next to the aspect they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import REVIEWER
from api.routes.campaigns import CampaignId
from api.screens.campaigns import common
from api.screens.campaigns.employee import FileNumber
from api.screens.chief.forms import FormRefused
from api.screens.i18n import N_, choose_language, gettext_for
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.campaigns.definition import Campaign
from contests.fields import CODE_PATTERN
from contests.usecases.campaigns import attachments as files_uc
from contests.usecases.campaigns import campaign as campaign_uc
from contests.usecases.campaigns import reviews as uc
from contests.usecases.campaigns.views import ReviewTask
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import NotFound
from scoring.errors import RuleError
from scoring.scheme import Deduction, Judgement, Measurement

HOME = "/review"
BlindCode = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="The submission's blind code")]
NOT_A_NUMBER = N_("请填数字。")


@dataclass(frozen=True)
class AspectRow:
    """One line of the rubric form: what is marked, its maximum, its descriptors, and how a
    mark counts towards the running total (`scale`: marks per unit entered)."""

    id: str
    criterion: str
    name: str
    name_en: str
    maximum: float
    kind: str
    descriptors: tuple[str, ...]
    scale: float


@dataclass(frozen=True)
class Queue:
    campaign_id: int
    name: str
    tasks: list[ReviewTask]

    @property
    def owed(self) -> list[ReviewTask]:
        return [t for t in self.tasks if t.open and t.my_version is None]

    @property
    def scored(self) -> int:
        return sum(1 for t in self.tasks if t.my_version is not None)


def rubric_rows(definition: Campaign) -> list[AspectRow]:
    rows = []
    for criterion in definition.rubric.scheme.criteria:
        aspects = [*criterion.aspects, *(a for sub in criterion.sub_criteria for a in sub.aspects)]
        for a in aspects:
            if isinstance(a, Judgement):
                rows.append(AspectRow(a.id, criterion.name, a.name, a.name_en, 3, "judgement", tuple(a.descriptors), a.max_marks / 3))
            elif isinstance(a, Measurement):
                rows.append(AspectRow(a.id, criterion.name, a.name, a.name_en, a.max_marks, "measurement", (), 1.0))
            elif isinstance(a, Deduction):
                rows.append(
                    AspectRow(a.id, criterion.name, a.name, a.name_en, a.cap or a.per_occurrence * 10, "deduction", (), -a.per_occurrence)
                )
            else:
                rows.append(AspectRow(a.id, criterion.name, a.name, a.name_en, 1, "veto", (), 0.0))
    return rows


async def queues(session: AsyncSession, actor: Actor) -> list[Queue]:
    """The reviewer's assigned submissions in every campaign they review for."""
    out = []
    for c in await campaign_uc.list_campaigns(session):
        try:
            tasks = await uc.my_reviews(session, actor, c.id)
        except Forbidden:
            continue  # not a reviewer of this campaign
        out.append(Queue(c.id, c.name, tasks))
    return out


@get(HOME)
async def review_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, REVIEWER)
    return await landing(request, session, actor)


async def landing(request: Request, session: AsyncSession, actor: Actor) -> Template:
    return page(request, "campaigns/review_home", actor=actor, queues=await queues(session, actor), names=common)


async def _task(session: AsyncSession, actor: Actor, campaign_id: int, code: str) -> ReviewTask:
    task = next((t for t in await uc.my_reviews(session, actor, campaign_id) if t.code == code), None)
    if task is None:
        raise NotFound.at("code", f"no submission with code {code!r} is assigned to you")
    return task


@get(f"{HOME}/{{campaign_id:int}}/{{code:str}}")
async def review_form(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, code: BlindCode) -> Template:
    actor = await require_actor(request, session, REVIEWER)
    return await _form(request, session, actor, campaign_id, code)


async def _form(
    request: Request, session: AsyncSession, actor: Actor, campaign_id: int, code: str, *, entered=None, errors=None, status: int = 200
) -> Template:
    campaign = await campaign_uc.get_campaign(session, campaign_id)
    task = await _task(session, actor, campaign_id, code)
    files = [f for f in await files_uc.list_reviewed_files(session, actor, campaign_id, code) if f.current]
    rows = rubric_rows(campaign.definition)
    marks = entered if entered is not None else {k: _shown(v) for k, v in (task.my_marks or {}).items()}
    context = {
        "c": campaign, "t": task, "files": files, "rows": rows, "marks": marks, "names": common,
        "maximum": campaign.definition.rubric.scheme.total_marks, "trim": campaign.definition.rubric.aggregation,
        "mark_keys": [f"marks.{r.id}" for r in rows],
        "trim_on": getattr(campaign.definition, "trim_on", "aspect"),  # where the rubric declares its trim applies
    }  # fmt: skip
    return page(request, "campaigns/review_form", actor=actor, errors=errors or {}, status=status, **context)


def _shown(value: float) -> str:
    return f"{value:g}"


@post(f"{HOME}/{{campaign_id:int}}/{{code:str}}")
async def score(request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, code: BlindCode) -> Response:
    actor = await require_actor(request, session, REVIEWER)
    form = await request.form()
    entered = {k.removeprefix("mark:"): str(v).strip() for k, v in form.items() if k.startswith("mark:")}
    try:
        marks = _marks(entered, gettext_for(choose_language(request)))
        await uc.submit_score(session, actor, campaign_id, code, marks)
    except FormRefused as exc:
        return await _form(request, session, actor, campaign_id, code, entered=entered, errors=exc.errors, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = common.plain_refusal(exc, gettext_for(choose_language(request)))
        return await _form(request, session, actor, campaign_id, code, entered=entered, errors=errors, status=common.status(exc))
    return Redirect(f"{HOME}?saved={code}", status_code=303)


def _marks(entered: dict[str, str], gettext) -> dict[str, float]:
    marks, errors = {}, {}
    for aspect, text in entered.items():
        if not text:
            continue  # left blank: the rubric's missing-mark policy decides
        try:
            marks[aspect] = float(text)
        except ValueError:
            errors[f"marks.{aspect}"] = [gettext(NOT_A_NUMBER)]
    if errors:
        raise FormRefused(errors)
    return marks


@get(f"{HOME}/{{campaign_id:int}}/{{code:str}}/files/{{number:int}}")
async def reviewed_file(
    request: Request, session: NamedDependency[AsyncSession], campaign_id: CampaignId, code: BlindCode, number: FileNumber
) -> Response:
    """A file of an assigned submission; in blind review under its generic name."""
    actor = await require_actor(request, session, REVIEWER)
    return common.download(request, await files_uc.read_reviewed_file(session, actor, campaign_id, code, number))


ROUTES = [review_home, review_form, score, reviewed_file]
