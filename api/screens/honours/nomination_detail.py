"""One nomination on the unit's pages: its 事迹 with every earlier version and the note of each
amendment, the amendment form (修改事迹, a note required), withdraw, the attachments and the
upload, and the state history; and the attachments page the committee's voting page links to.

Forms go through the API's own bodies and use-cases: `WithdrawBody` and
`nominations.withdraw`, `AmendmentBody` and `amendments.amend_record`, the attachments
use-case (`honours.attachments`: the round's size, type and count rules, until the vote
opens). The upload reads the page form's file part like the five-smalls pages do
(`campaigns.employee.form_file`: spooled, hashed, capped). Refusals are said in Chinese
next to the field, with what was typed kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, ORGANISER, REVIEWER
from api.routes.campaigns_attachments import blob_store
from api.routes.honours import Code, RoundId
from api.screens.campaigns.common import download
from api.screens.campaigns.employee import form_file
from api.screens.chief.forms import FormRefused, decode_form
from api.screens.honours.nomination import ACTIONS, HOME, KINDS, STAGES, gettext, nomination_url, round_url, status
from api.screens.honours.refusals import file_refusal, form_errors, nomination_words, refusal
from api.screens.layout import page
from api.screens.session import require_actor
from contests.accounts import Actor
from contests.attachments import AttachmentRefused
from contests.attachments.rules import MAX_BYTES_CEILING
from contests.fields import INT32_MAX
from contests.honours.workflow import STATE_LABELS
from contests.usecases.honours import amendments, attachments, nominations, store, unit_desk
from contests.usecases.honours.amendments import AmendmentBody
from contests.usecases.honours.views import WithdrawBody
from scoring.errors import RuleError

FILES = "/nomination-files"
FileNumber = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="The file's number within the nomination")]


@get(f"{HOME}/{{round_id:int}}/{{code:str}}")
async def nomination_page(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code) -> Template:
    actor = await require_actor(request, session, EMPLOYEE)
    return await detail(request, session, actor, round_id, code)


async def detail(
    request: Request, session: AsyncSession, actor: Actor, round_id: int, code: str, *, values: dict[str, Any] | None = None,
    errors=None, status: int = 200,
) -> Template:  # fmt: skip
    view = await nominations.get_nomination(session, actor, round_id, code)
    desk = await unit_desk.desk(session, actor, round_id)
    quota = desk.quota(view.title)
    context = {
        "desk": desk, "n": view, "title_name": quota.name if quota else view.title,
        "changeable": view.state == "nominated" and quota is not None and quota.open,
        "versions": list(reversed(await amendments.record_history(session, actor, round_id, code))),
        "files": [f for f in await attachments.list_files(session, actor, round_id, code) if f.current],
        "v": values or {"record": view.record, "note": ""}, "kinds": KINDS, "stages": STAGES, "files_url": FILES, "actions": ACTIONS,
        "events": [(dt.datetime.fromisoformat(e.at), e) for e in view.events], "state_labels": STATE_LABELS,
    }  # fmt: skip
    return page(request, "honours/nomination", actor=actor, errors=errors or {}, status=status, **context)


@post(f"{HOME}/{{round_id:int}}/{{code:str}}/withdraw")
async def withdraw(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code) -> Response:
    """Withdraw before the vote (an optional reason), through the API's `WithdrawBody`."""
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    try:
        body = decode_form({"reason": str(form.get("reason", ""))}, WithdrawBody)
        await nominations.withdraw(session, actor, round_id, code, body.reason)
    except FormRefused as exc:
        return await detail(request, session, actor, round_id, code, errors=form_errors(exc.errors, gettext(request)), status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = {"withdraw": [m for ms in refusal(exc, nomination_words(gettext(request))).values() for m in ms]}
        return await detail(request, session, actor, round_id, code, errors=errors, status=status(exc))
    return Redirect(round_url(round_id), status_code=303)


@post(f"{HOME}/{{round_id:int}}/{{code:str}}/amend")
async def amend(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code) -> Response:
    """A new version of the 事迹 with its note, through the API's `AmendmentBody`."""
    actor = await require_actor(request, session, EMPLOYEE)
    form = await request.form()
    values = {"record": str(form.get("record", "")), "note": str(form.get("note", ""))}
    try:
        await amendments.amend_record(session, actor, round_id, code, decode_form(values, AmendmentBody))
    except FormRefused as exc:
        errors = form_errors(exc.errors, gettext(request))
        return await detail(request, session, actor, round_id, code, values=values, errors=errors, status=exc.status)
    except RuleError as exc:
        await session.rollback()
        errors = _amend_errors(refusal(exc, nomination_words(gettext(request))))
        return await detail(request, session, actor, round_id, code, values=values, errors=errors, status=status(exc))
    return Redirect(nomination_url(round_id, code), status_code=303)


def _amend_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A refusal of the nomination as a whole (the vote opened, withdrawn) is shown by the amendment form."""
    return {("amend" if key in ("", "nomination") else key): messages for key, messages in errors.items()}


@post(f"{HOME}/{{round_id:int}}/{{code:str}}/files", request_max_body_size=MAX_BYTES_CEILING + 64 * 1024)
async def upload(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code) -> Response:
    """One file through the attachments use-case; a refusal is shown under the upload field."""
    actor = await require_actor(request, session, EMPLOYEE)
    _, r = await store.current(session, round_id)
    rules = r.attachments
    try:
        rules = await attachments.upload_rules(session, actor, round_id, code)
        received, filename = await form_file(request, rules)
    except (AttachmentRefused, RuleError) as exc:
        return await _upload_refused(request, session, actor, round_id, code, exc, rules)
    try:
        await attachments.add_file(session, actor, round_id, code, received, filename, blob_store(request.app.state))
    except (AttachmentRefused, RuleError) as exc:
        return await _upload_refused(request, session, actor, round_id, code, exc, rules)
    finally:
        received.path.unlink(missing_ok=True)
    return Redirect(nomination_url(round_id, code), status_code=303)


async def _upload_refused(request: Request, session: AsyncSession, actor: Actor, round_id: int, code: str, exc, rules) -> Template:
    await session.rollback()
    words = gettext(request)
    if isinstance(exc, AttachmentRefused):
        messages, code_status = file_refusal(exc, words, rules.max_bytes, list(rules.types)), exc.status
    else:
        messages, code_status = [m for ms in refusal(exc, nomination_words(words)).values() for m in ms], status(exc)
    return await detail(request, session, actor, round_id, code, errors={"file": messages}, status=code_status)


@get(f"{FILES}/{{round_id:int}}/{{code:str}}")
async def files_page(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code) -> Template:
    """A nomination's attachments and 事迹 versions, for the committee (from the voting page), the unit and the organiser."""
    actor = await require_actor(request, session, EMPLOYEE, ORGANISER, REVIEWER)
    files = [f for f in await attachments.list_files(session, actor, round_id, code) if f.current]
    versions = list(reversed(await amendments.record_history(session, actor, round_id, code)))
    return page(request, "honours/nomination_files", actor=actor, round_id=round_id, code=code, files=files, versions=versions,
                files_url=FILES)  # fmt: skip


@get(f"{FILES}/{{round_id:int}}/{{code:str}}/{{number:int}}")
async def file(request: Request, session: NamedDependency[AsyncSession], round_id: RoundId, code: Code, number: FileNumber) -> Response:
    """A file's current version, for whoever may read the nomination's files (the use-case decides)."""
    actor = await require_actor(request, session, EMPLOYEE, ORGANISER, REVIEWER)
    return download(request, await attachments.read_file(session, actor, round_id, code, number))


ROUTES = [nomination_page, withdraw, amend, upload, files_page, file]
