"""The organiser's verification queue (审核): verify a submitted report, or return it to its
reporter with the reason. Each button calls the use-case the API's
`POST /labour/{id}/reports/{rid}/verify` and `…/return` call; the return form is read into
the API's own `ReturnBody`, so a blank reason is refused as the API refuses it, and the
message is shown next to the reason field. Organiser only.
"""

from __future__ import annotations

import re

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import ORGANISER
from api.routes.labour import CompetitionId, ReportId, ReturnBody
from api.screens.chief.forms import FormRefused, decode_form, problems_by_field, status_of
from api.screens.i18n import N_, choose_language
from api.screens.labour.common import VERIFICATION
from api.screens.labour.queue import verification_queue
from api.screens.labour.reporting import PeriodChoice
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.fields import SLUG_PATTERN
from contests.usecases.labour import verification as verification_uc
from scoring.errors import RuleError

REASON_REQUIRED = N_("退回报送须写明原因。")


@get(f"{VERIFICATION}/{{competition_id:int}}")
async def queue_page(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodChoice = None
) -> Template:
    actor = await require_actor(request, session, ORGANISER)
    return await _page(request, session, actor, competition_id, period)


async def _page(
    request: Request, session: AsyncSession, actor: Actor, competition_id: int, period: str | None, *, errors=None, status: int = 200
) -> Template:
    queue = await verification_queue(session, actor, competition_id, period, choose_language(request))
    return page(request, "labour/verification", actor=actor, q=queue, errors=errors or {}, status=status)


@post(f"{VERIFICATION}/{{competition_id:int}}/reports/{{report_id:int}}/verify")
async def verify(request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, report_id: ReportId) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    period = _period(await request.form())
    try:
        await verification_uc.verify_report(session, actor, competition_id, report_id)
    except RuleError as exc:
        await session.rollback()
        return await _page(
            request, session, actor, competition_id, period, errors={report_id: problems_by_field(exc)}, status=status_of(exc)
        )
    return Redirect(_back(competition_id, period), status_code=303)


@post(f"{VERIFICATION}/{{competition_id:int}}/reports/{{report_id:int}}/return")
async def return_report(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, report_id: ReportId
) -> Response:
    actor = await require_actor(request, session, ORGANISER)
    form = await request.form()
    period = _period(form)
    try:
        body = decode_form({"reason": form.get("reason", "")}, ReturnBody)
        await verification_uc.return_report(session, actor, competition_id, report_id, body.reason)
    except (FormRefused, RuleError) as exc:
        await session.rollback()
        if isinstance(exc, FormRefused):
            errors, status = {k: [REASON_REQUIRED] if k == "reason" else v for k, v in exc.errors.items()}, exc.status
        else:
            errors, status = problems_by_field(exc), status_of(exc)
        return await _page(request, session, actor, competition_id, period, errors={report_id: errors}, status=status)
    return Redirect(_back(competition_id, period), status_code=303)


def _period(form) -> str | None:
    """The period the page was showing (a form field: only a well-formed id is kept)."""
    value = form.get("period")
    return value if isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) else None


def _back(competition_id: int, period: str | None) -> str:
    return f"{VERIFICATION}/{competition_id}" + (f"?period={period}" if period else "")


ROUTES = [queue_page, verify, return_report]
