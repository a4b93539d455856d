"""The organiser's verification (审核) of period reports: verify a submitted report, or
return it with a reason (a submitted one, or a verified one that needs correcting). A
returned report is resubmitted by its reporter as a new version (`reports.submit_report`).

Race guard: the report's head row carries a row version (compare-and-set, as campaign
submissions) and its state events a per-report sequence, both checked by the database, so of
a "verify" and a "return" sent together exactly one is applied; the other gets 409.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contests import audit
from contests.accounts import Actor
from contests.fields import is_visible_text
from contests.store.labour import LabourReportRow
from contests.store.types import utcnow
from contests.usecases.core.access import ORGANISER, require_role
from contests.usecases.core.errors import Conflict
from contests.usecases.core.transaction import transaction
from contests.usecases.labour import store
from contests.usecases.labour.reports import ReportError, add_event, visible_report
from contests.usecases.labour.views import ReportView

FROM = {"verify": ("submitted",), "return": ("submitted", "verified")}
TO = {"verify": "verified", "return": "returned"}


async def verify_report(session: AsyncSession, actor: Actor, competition_id: int, report_id: int) -> ReportView:
    """Verify a submitted report: its current version counts in the standings."""
    return await _decide(session, actor, competition_id, report_id, "verify", None)


async def return_report(session: AsyncSession, actor: Actor, competition_id: int, report_id: int, reason: str) -> ReportView:
    """Return a report to its reporter with the reason (required, visible text)."""
    if not isinstance(reason, str) or not is_visible_text(reason) or len(reason) > 2000:
        raise ReportError.at("reason", "a returned report needs the reason: 1 to 2000 characters, visible text")
    return await _decide(session, actor, competition_id, report_id, "return", reason)


async def _decide(session: AsyncSession, actor: Actor, competition_id: int, report_id: int, action: str, reason: str | None) -> ReportView:
    require_role(actor, (ORGANISER,), f"{action} reports")
    competition = await store.competition_row(session, competition_id)
    clash = f"report {report_id} was changed by someone else at the same time: reload and retry"
    async with transaction(session, conflict=clash):
        report: LabourReportRow = await visible_report(session, actor, competition.id, report_id)
        if report.state not in FROM[action]:
            raise Conflict.at("", f"report {report.id} is {report.state!r}: {action} takes a report that is {' or '.join(FROM[action])}")
        before = report.state
        seq = await store.next_seq(session, report.id)
        report.state, report.updated_at = TO[action], utcnow()
        add_event(session, report, seq, action, before, actor, reason)
        key = f"{competition.slug}/{report.period}/{report.participant}"
        audit.record(
            session, actor.username, f"labour.report.{action}", "labour_report", key,
            before={"state": before, "version": report.current_version}, after={"state": report.state, "version": report.current_version},
            reason=reason,
        )  # fmt: skip
    return await store.report_view(session, report)


__all__ = ["return_report", "verify_report"]
