"""Judge analytics (裁判分析) for the chief judge: per module, each judge's severity (offset
from the panel's trimmed mean), judgement spreads beyond the aspect's limit and panel
agreement (ICC(3,1), Kendall's W), all from `scoring.judge_report` on the current marks.
Competitors appear by blind code. Missing marks (owed or recused) are simply absent."""

from __future__ import annotations

import math

from sqlalchemy.ext.asyncio import AsyncSession

from contests.accounts import Actor
from contests.judging.module_day import ModuleDay
from contests.usecases.core import access
from contests.usecases.judging.cells import module_cells
from contests.usecases.judging.loading import load_event_day
from contests.usecases.judging.state import require_drawn
from contests.usecases.judging.views import AnalyticsView, JudgeSeverityView, ModuleAnalytics, SpreadView
from scoring.judge_report import JudgeReport, judge_report


async def judge_analytics(session: AsyncSession, actor: Actor, contest_id: int, event_id: str, *, threshold: float = 0.5) -> AnalyticsView:
    """Analytics of every module of the event that has a panel (organiser or chief judge).
    `threshold`: the severity offset (in marks) above which a judge is flagged."""
    access.require_role(actor, access.STAFF, "read judge analytics")
    day = await load_event_day(session, contest_id, event_id)
    require_drawn(day.field, event_id)
    modules = []
    for module in day.event.modules:
        cells = await module_cells(session, day.contest.id, day.definition, event_id, module, day.field)
        if cells.judges:
            report = judge_report(module, cells.marks, [j.code for j in cells.judges], threshold=threshold, compiled=cells.compiled)
            modules.append(_view(cells, report))
    return AnalyticsView(event_id=event_id, modules=modules)


def _view(cells: ModuleDay, report: JudgeReport) -> ModuleAnalytics:
    sev = report.severity
    judges = [
        JudgeSeverityView(judge=code, offset=_number(sev.offset[k]), marks_counted=int(sev.marks_counted[k]), flagged=bool(sev.flagged[k]))
        for k, code in enumerate(sev.judge_ids)
    ]
    spreads = [SpreadView(blind_code=cells.field.codes[s.competitor], aspect_id=s.aspect, marks=list(s.marks)) for s in report.spreads]
    agreement = report.agreement
    return ModuleAnalytics(
        module_id=report.module_id,
        trim=sev.trim,
        judges=judges,
        spreads=spreads,
        spread_count=report.spread_count,
        icc=_number(agreement.icc),
        kendall_w=_number(agreement.kendall_w),
        rows=agreement.n,
        raters=agreement.k,
    )


def _number(x) -> float | None:
    value = float(x)
    return None if math.isnan(value) or math.isinf(value) else value


__all__ = ["judge_analytics"]
