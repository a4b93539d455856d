"""A whole period for all teams from one spreadsheet (XLSX or CSV, Chinese headers): the
reports (actuals, incidents, veto facts) or the plans. All-or-nothing: every bad row is
named (`line N.<header>: rule`) and nothing is written unless every row is good.

The file is read in the bounded worker (`core.worker`, within `contests.spreadsheets.LIMITS`),
with no transaction open. Then, in one transaction, each row becomes a report version (as if
sent by the organiser on the import day: late policy applied on the first report's day) or a
plan version (a changed plan after a report needs the row's 调整原因); a row that the stored
state refuses (a verified report, a late report under "refuse", a plan change without reason)
is reported on its line and the whole import is rolled back.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit, spreadsheets
from contests.accounts import Actor
from contests.errors import ImportRejected
from contests.labour.definition import encode_labour
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.transaction import transaction
from contests.usecases.core.worker import WorkerTimeout, in_worker
from contests.usecases.labour import store
from contests.usecases.labour.lateness import decide_late
from contests.usecases.labour.period_sheet import Sheet, SheetRow, parse_period_sheet
from contests.usecases.labour.plans import plan_problems, write_plan
from contests.usecases.labour.reports import china_today, report_problems, write_report
from contests.usecases.labour.views import ImportReport, PlanRequest, ReportDraft
from scoring.errors import Problem, RuleError

CLASH = "the period was changed by someone else during the import: nothing was written, import again"


async def import_period(
    session: AsyncSession, actor: Actor, competition_id: int, period: str, sheet: Sheet, data: bytes, filename: str,
    *, today: dt.date | None = None,
) -> ImportReport:  # fmt: skip
    """Import a period's reports or plans (see the module docstring)."""
    require_role(actor, (ORGANISER,), "import a period")
    if sheet not in ("reports", "plans"):
        raise ImportRejected.at("sheet", f"must be 'reports' or 'plans', got {sheet!r}")
    row, c = await store.current(session, competition_id)
    store.period_of(c, period)
    await session.rollback()  # only reads so far: nothing stays open while the worker reads the file
    rows = await _parse(data, filename, encode_labour(c, "json").decode("utf-8"), sheet)
    day = today or china_today()
    async with transaction(session, conflict=CLASH):
        row = await store.competition_row(session, competition_id)
        if sheet == "plans":
            report = await _plans(session, actor, row, c, period, rows)
        else:
            report = await _reports(session, actor, row, c, period, rows, day)
        audit.record(
            session, actor.username, f"labour.{sheet}.import", "labour_period", f"{row.slug}/{period}",
            after={"filename": filename, "rows": len(rows), "participants": [r.participant for r in rows]},
        )  # fmt: skip
    return report


async def _parse(data: bytes, filename: str, definition: str, sheet: Sheet) -> list[SheetRow]:
    limits = spreadsheets.LIMITS  # read at call time: a deployment (or a test) may set its own
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ImportRejected.at("file", "the upload must be the file's bytes")
    try:
        packed = await in_worker(
            partial(parse_period_sheet, limits=limits), bytes(data), filename, definition, sheet, seconds=limits.seconds
        )
    except WorkerTimeout as exc:
        raise spreadsheets.TooLarge.at("file", f"reading the file took longer than {limits.seconds:g} s; split it") from exc
    return msgspec.json.decode(packed, type=list[SheetRow])


async def _reports(session, actor, competition, c, period: str, rows: list[SheetRow], day: dt.date) -> ImportReport:
    problems: list[Problem] = []
    created = resubmitted = 0
    late = []
    p = store.period_of(c, period)
    for r in rows:
        draft = ReportDraft(participant=r.participant, period=period, actuals=r.figures, facts=r.facts, note=r.text)
        if found := report_problems(c, draft, prefix=f"line {r.line}."):
            problems += found
            continue
        report = await store.report_row(session, competition.id, r.participant, period)
        first_day = report.first_reported_on if report is not None else day
        decision = await decide_late(session, competition.id, c, p, r.participant, first_day)
        if not decision.accepted:
            problems.append(Problem(f"line {r.line}", f"{r.participant}: {decision.note}"))
            continue
        try:
            await write_report(session, actor, competition, c, report, draft, decision, first_day)
        except RuleError as exc:
            problems += [Problem(f"line {r.line}", f"{r.participant}: {q.rule}") for q in exc.problems]
            continue
        created, resubmitted = created + (report is None), resubmitted + (report is not None)
        if decision.late:
            late.append(f"{r.participant}: {decision.note}")
    if problems:
        raise ImportRejected(problems)
    return ImportReport(period=period, created=created, resubmitted=resubmitted, late=late)


async def _plans(session, actor, competition, c, period: str, rows: list[SheetRow]) -> ImportReport:
    problems: list[Problem] = []
    written = 0
    for r in rows:
        request = PlanRequest(participant=r.participant, period=period, plans=r.figures, reason=r.text or None)
        if found := plan_problems(c, request, prefix=f"line {r.line}."):
            problems += found
            continue
        try:
            await write_plan(session, actor, competition, request)
        except RuleError as exc:
            problems += [Problem(f"line {r.line}", f"{r.participant}: {q.rule}") for q in exc.problems]
            continue
        written += 1
    if problems:
        raise ImportRejected(problems)
    return ImportReport(period=period, created=written, resubmitted=0, late=[])


__all__ = ["import_period"]
