"""The organiser's results import (成绩导入): upload a module's results from elsewhere (the
theory exam's XLSX, a judge's paper sheet typed up later) and read the row report.

The page calls `contests.usecases.judging.results_import.import_results`, the use-case of the
JSON route: the same seat rule (the judge named, or the panel's only seat), the same checks,
all rows or none. A refused file is shown as a table of row, column and rule, and nothing is
stored. Each rendering of the form carries a fresh Idempotency-Key, so a double click or a
resend after a lost answer stores the file once and shows the first answer.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import CHIEF, ORGANISER
from api.routes.params import ContestId
from api.routes.people import IMPORT_MAX_BODY
from api.screens.i18n import N_
from api.screens.layout import page
from api.screens.session import require_actor
from contests.errors import ImportRejected
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.results_import import import_results
from contests.usecases.setup.contests import get_contest
from contests.usecases.setup.panels import list_panels
from scoring.errors import Problem

IMPORTERS = (ORGANISER, CHIEF)
NO_FILE = N_("请选择要导入的文件。")
NO_MODULE = N_("请选择模块。")


@dataclass(frozen=True)
class ReportLine:
    """A refusal as the row report shows it: the row, the column and the rule."""

    row: str
    column: str
    rule: str


def report_lines(problems: list[Problem]) -> list[ReportLine]:
    out = []
    for p in problems:
        found = re.match(r"line (\d+)(?:\.(.*))?$", p.path)
        out.append(ReportLine(found.group(1), found.group(2) or "", p.rule) if found else ReportLine("", p.path, p.rule))
    return out


async def _form_context(session: AsyncSession, contest_id: int) -> dict:
    definition = (await get_contest(session, contest_id)).definition
    panels = {(p.event_id, p.module_id): p.judges for p in await list_panels(session, contest_id)}
    modules = [(e, m, panels.get((e.id, m.id), [])) for e in definition.events for m in e.modules]
    return {"contest": definition, "modules": modules, "contest_id": contest_id, "key": uuid.uuid4().hex}


@get("/results-import/{contest_id:int}")
async def import_page(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    actor = await require_actor(request, session, *IMPORTERS)
    return page(request, "results_import/form", actor=actor, **await _form_context(session, contest_id))


@post("/results-import/{contest_id:int}", request_max_body_size=IMPORT_MAX_BODY)
async def import_submit(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Template:
    actor = await require_actor(request, session, *IMPORTERS)
    form = await request.form()
    target, judge, upload = str(form.get("module") or ""), str(form.get("judge") or "").strip() or None, form.get("file")
    key = str(form.get("key") or "") or None
    context = await _form_context(session, contest_id)
    shown = {"chosen": target, "chosen_judge": judge or ""}
    if "/" not in target:
        return page(request, "results_import/form", actor=actor, status=400, problems=[ReportLine("", "", NO_MODULE)], **context, **shown)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return page(request, "results_import/form", actor=actor, status=400, problems=[ReportLine("", "", NO_FILE)], **context, **shown)
    event_id, module_id = target.split("/", 1)
    data = await upload.read()
    try:
        report = await import_results(
            session, actor, contest_id, event_id, module_id, data, upload.filename, judge=judge, idempotency_key=key
        )
    except (ImportRejected, Conflict) as exc:
        status = 413 if type(exc).__name__ == "TooLarge" else 409
        return page(request, "results_import/form", actor=actor, status=status, problems=report_lines(exc.problems), **context, **shown)
    return page(request, "results_import/form", actor=actor, report=report, **context, **shown)


ROUTES = [import_page, import_submit]
