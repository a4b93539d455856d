"""The sheet import on the console, its row report, and the empty competitor sheet.

The same use-case as `POST /contests/{id}/competitors/import` (`import_registrations`): the
file is read and checked in the bounded worker process, all rows or none are written, and a
refusal lists every bad line. That list is shown as a table of line, column and rule. The
form carries an Idempotency-Key made when the page was drawn, so a double submission (or a
resend after a lost answer) gets the first answer and imports nothing twice.
"""

from __future__ import annotations

import re

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import MultipartBody
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.params import ContestId
from api.routes.people import IMPORT_MAX_BODY, XLSX
from api.screens.organiser.console import CONTEST, contest_url, done, organiser
from api.screens.organiser.form_errors import form_errors
from api.screens.organiser.forms import SheetUpload
from api.screens.organiser.registration import SECTION, registration_page
from contests.errors import ImportRejected
from contests.importing import competitors_template_xlsx
from contests.usecases.setup import contests as contest_uc
from contests.usecases.setup import people as uc
from contests.usecases.setup.imports import KINDS
from scoring.errors import Problem, RuleError

FORM = "import"
_LINE = re.compile(r"^line (?P<line>\d+)(?:\.(?P<column>.*))?$")


class ReportRow(msgspec.Struct, frozen=True):
    line: int  # the sheet's line (1 = the first row of the file)
    column: str  # the header of the cell, or ""
    rule: str


def row_report(problems: list[Problem]) -> list[ReportRow]:
    """The lines of an import's refusal as table rows, in line order (the problems of the
    file as a whole, e.g. "… and 3,000 more problems", are shown above the form instead)."""
    rows = []
    for problem in problems:
        if found := _LINE.match(problem.path):
            rows.append(ReportRow(int(found.group("line")), found.group("column") or "", problem.rule))
    return sorted(rows, key=lambda r: r.line)


@post(f"{CONTEST}/registration/import", request_max_body_size=IMPORT_MAX_BODY)
async def import_sheet(
    request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId, data: MultipartBody[SheetUpload]
) -> Template | Response:
    actor = await organiser(request, session)
    values = {"kind": data.kind}
    try:
        if data.kind not in KINDS:
            raise ImportRejected.at("kind", f"must be one of {', '.join(KINDS)}, got {data.kind!r}")
        if data.file is None or not data.file.filename:
            raise ImportRejected.at("file", "choose an .xlsx or UTF-8 .csv file")
        content = await data.file.read()
        key = data.idempotency_key or None
        report = await uc.import_registrations(session, actor, contest_id, data.kind, content, data.file.filename, idempotency_key=key)  # type: ignore[arg-type]
    except RuleError as exc:
        rows = row_report(exc.problems) if isinstance(exc, ImportRejected) else []
        whole_file = type(exc)([p for p in exc.problems if not _LINE.match(p.path)])  # lines go in the report only
        refused = form_errors(FORM, whole_file, ["kind", "file"], values)
        return await registration_page(request, session, actor, contest_id, refused, report=rows)
    late = getattr(report, "after_draw", None)
    if isinstance(late, list) and late:  # registered after their event's draw: say so now, not later
        warnings = [w.message for w in late]
        return await registration_page(request, session, actor, contest_id, imported=str(report.created), warnings=warnings)
    return done(f"{contest_url(contest_id, SECTION)}?imported={report.created}&kind={report.kind}#{report.kind}")


@get(f"{CONTEST}/registration/template.xlsx", media_type=XLSX)
async def competitor_template(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Response[bytes]:
    """The empty competitor sheet (Chinese headers, 赛项 drop-down), as `GET …/competitors/template.xlsx` gives."""
    await organiser(request, session)
    view = await contest_uc.get_contest(session, contest_id)
    headers = {"Content-Disposition": f'attachment; filename="{view.slug}-competitors.xlsx"'}
    return Response(competitors_template_xlsx(view.definition.events), media_type=XLSX, headers=headers)


ROUTES = [import_sheet, competitor_template]

__all__ = ["ROUTES", "ReportRow", "row_report"]
