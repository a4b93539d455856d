"""Period reports (报送): a unit reporter enters a participant's actuals, incidents and veto
facts for a period; the organiser may enter them too (e.g. retyping a paper form).

The first submission creates the report (state "submitted", version 1). Sending again while
it is submitted or after the organiser returned it appends version n+1 and makes it
"submitted" again; a verified report is final for the reporter (the organiser returns it
first). Every version is kept; each is audited with its state event.

Late reports follow the competition's declared policy (`contests.labour.periods.late_decision`)
on the day of the *first* submission, in China time: a return and a resubmission do not
make a report late. Under "refuse" a late first report is refused (409) unless the organiser
reopened the period for that participant (`reopenings`); under "deduct" the version records
the points off; under "flag" it is marked late.

Evidence files (佐证材料) are attached to a report after it exists (`evidence`, migration 0013).
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.labour.definition import LabourCompetition
from contests.labour.periods import LateDecision
from contests.store.labour import LabourCompetitionRow, LabourReportEventRow, LabourReportRow, LabourReportVersionRow
from contests.store.types import utcnow
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.lookup import _valid_id
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.lateness import decide_late
from contests.usecases.labour.reporters import check_participant, reporter_unit
from contests.usecases.labour.views import ReportDraft, ReportView
from scoring.errors import Problem, RuleError
from scoring.kpi import KIND_INCIDENT, KIND_JUDGED

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")  # report deadlines are Beijing dates (no DST)


class ReportError(RuleError):
    """Figures that do not fit the competition (→ 400)."""


class LateRefused(Conflict):
    """A first report after the deadline under the "refuse" policy (→ 409)."""


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def submit_report(
    session: AsyncSession, actor: Actor, competition_id: int, draft: ReportDraft, *, today: dt.date | None = None
) -> ReportView:
    """Submit or resubmit a participant's report (see the module docstring). `today` is the
    reporting day (default: today in China)."""
    row, c = await store.current(session, competition_id)
    unit = await reporter_unit(session, row.id, actor)
    check_participant(c, unit, draft.participant)
    period = store.period_of(c, draft.period)
    problems = report_problems(c, draft)
    if problems:
        raise ReportError(problems)
    clash = f"the report of {draft.participant!r} for {draft.period!r} was changed at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        report = await store.report_row(session, row.id, draft.participant, draft.period)
        first_day = report.first_reported_on if report is not None else (today or china_today())
        decision = await decide_late(session, row.id, c, period, draft.participant, first_day)
        if not decision.accepted:
            raise LateRefused.at("period", decision.note + "; the organiser may reopen the period for this participant")
        report = await write_report(session, actor, row, c, report, draft, decision, first_day)
    return await store.report_view(session, report)


async def write_report(
    session: AsyncSession, actor: Actor, competition: LabourCompetitionRow, c: LabourCompetition,
    report: LabourReportRow | None, draft: ReportDraft, decision: LateDecision, first_day: dt.date,
) -> LabourReportRow:  # fmt: skip
    """Append the version, the state event and the audit entry (the caller commits)."""
    if report is not None and report.state == "verified":
        raise Conflict.at(
            "", f"the report of {draft.participant!r} for {draft.period!r} is verified: the organiser returns it before it changes"
        )
    before = None if report is None else {"state": report.state, "version": report.current_version}
    if report is None:
        unit = next(p.unit for p in c.participants if p.id == draft.participant)
        report = LabourReportRow(
            competition_id=competition.id, participant=draft.participant, period=draft.period, unit=unit, state="submitted",
            current_version=1, first_reported_on=first_day,
        )  # fmt: skip
        session.add(report)
        await session.flush()
        action, seq = "submit", 1
    else:
        action, seq = "resubmit", await store.next_seq(session, report.id)
        report.current_version += 1
        report.state, report.updated_at = "submitted", utcnow()
    figures = {"actuals": dict(draft.actuals), "facts": dict(draft.facts), "late_deduction": decision.deduction}
    session.add(
        LabourReportVersionRow(
            report_id=report.id, version=report.current_version, figures=store.encode(figures), note=draft.note or None,
            days_late=decision.days_late, late_note=decision.note, submitted_by=actor.username,
        )
    )  # fmt: skip
    add_event(session, report, seq, action, None if before is None else before["state"], actor, None)
    key = f"{competition.slug}/{draft.period}/{draft.participant}"
    audit.record(
        session, actor.username, f"labour.report.{action}", "labour_report", key, before=before, after={**figures, "late": decision.note}
    )
    return report


def add_event(session: AsyncSession, report: LabourReportRow, seq: int, action: str, from_state: str | None, actor: Actor, reason):
    session.add(
        LabourReportEventRow(
            report_id=report.id, seq=seq, action=action, from_state=from_state, to_state=report.state,
            version=report.current_version, actor=actor.username, reason=reason,
        )
    )  # fmt: skip


def report_problems(c: LabourCompetition, draft: ReportDraft, prefix: str = "") -> list[Problem]:
    """Every non-judged indicator has its actual (incidents as whole numbers); no unknown
    indicator or veto; panel-marked indicators are not reported (the panel marks them)."""
    problems = []
    by_id = {i.id: i for i in c.indicators}
    for key, value in draft.actuals.items():
        ind = by_id.get(key)
        if ind is None:
            problems.append(Problem(f"{prefix}actuals.{key}", f"unknown indicator (known: {', '.join(c.indicator_ids)})"))
        elif ind.kind == KIND_JUDGED:
            problems.append(Problem(f"{prefix}actuals.{key}", "marked by the inspection panel, not reported"))
        elif not math.isfinite(value):
            problems.append(Problem(f"{prefix}actuals.{key}", "must be a finite number"))
        elif ind.kind == KIND_INCIDENT and value != int(value):
            problems.append(Problem(f"{prefix}actuals.{key}", "incidents are counted in whole numbers"))
    for ind in c.indicators:
        if ind.kind != KIND_JUDGED and ind.id not in draft.actuals:
            problems.append(Problem(f"{prefix}actuals.{ind.id}", f"the actual of {ind.name} is missing"))
    vetoes = {v.id for v in c.vetoes}
    for key, value in draft.facts.items():
        if key not in vetoes:
            problems.append(Problem(f"{prefix}facts.{key}", f"unknown veto (known: {', '.join(sorted(vetoes)) or 'none'})"))
        elif not math.isfinite(value):
            problems.append(Problem(f"{prefix}facts.{key}", "must be a finite number"))
    return problems


async def visible_report(session: AsyncSession, actor: Actor, competition_id: int, report_id: int) -> LabourReportRow:
    """The report if the login may read it: the organiser all, a reporter their unit's only."""
    unit = await reporter_unit(session, competition_id, actor)
    report = await session.get(LabourReportRow, report_id) if _valid_id(report_id) else None
    if report is None or report.competition_id != competition_id or (unit is not None and report.unit != unit):
        raise NotFound.at("report_id", f"no report {report_id!r} in this competition")
    return report


async def get_report(session: AsyncSession, actor: Actor, competition_id: int, report_id: int) -> ReportView:
    row = await store.competition_row(session, competition_id)
    return await store.report_view(session, await visible_report(session, actor, row.id, report_id))


async def list_reports(
    session: AsyncSession, actor: Actor, competition_id: int, *, period: str | None = None, state: str | None = None
) -> list[ReportView]:
    """The organiser's queue (every unit; `state="submitted"`: awaiting verification) or a
    reporter's own unit's reports."""
    row = await store.competition_row(session, competition_id)
    unit = await reporter_unit(session, row.id, actor)
    rows = await store.report_rows(session, row.id, period=period, states=[state] if state else [], units=None if unit is None else [unit])
    return await store.report_views(session, rows)


__all__ = [
    "CHINA",
    "LateRefused",
    "ReportError",
    "china_today",
    "get_report",
    "list_reports",
    "report_problems",
    "submit_report",
    "visible_report",
]
