"""The exported standings of a labour competition (`contests.labour.exports`): a period's
and the year's, computed from verified reports exactly as the standings endpoints are, plus
each indicator's points, unit names and the titles.

Titles are decided by `contests.labour.decide_titles` on the year's standings and the shared
award history (`title_records`, `safety_accidents`, shared with honours rounds; the holder is
the participant's code): a cooldown counts past awards of the same title (a revoked one does
not bar), an accident bar counts the recorded safety accidents, and this year's vetoes bar
as declared.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour import decide_titles
from contests.labour.definition import LabourCompetition
from contests.labour.exports import (
    AnnualExport,
    AnnualExportRow,
    IndicatorHead,
    PeriodExport,
    PeriodExportRow,
    PeriodHead,
    TitleCandidateRow,
    TitleExport,
)
from contests.labour.standings import LabourResult
from contests.labour.titles import TitleOutcome
from contests.store.honours import SafetyAccidentRow, TitleRecordRow
from contests.titles import Accident, TitleAward, TitleHistory
from contests.usecases.labour import store
from contests.usecases.labour.standings import annual_rows, verified_result


async def period_export(session: AsyncSession, competition_id: int, period: str) -> PeriodExport:
    _, c = await store.current(session, competition_id)
    index = c.period_index(store.period_of(c, period).id)
    c, result, verified = await verified_result(session, competition_id)
    units = {u.code: u.name for u in c.units}
    t_of = {p.id: t for t, p in enumerate(c.participants)}
    points, missing = result.points.points[:, :, index], result.points.missing[:, :, index]
    best = result.standings.period.best[:, index]
    rows = []
    for r in result.period_rows(index):
        t = t_of[r.participant]
        shown = {i.id: None if missing[t, k] else float(points[t, k]) for k, i in enumerate(c.indicators)}
        rows.append(
            PeriodExportRow(
                rank=r.rank, participant=r.participant, name=r.name, unit=r.unit, unit_name=units.get(r.unit, r.unit), points=shown,
                late_deduction=r.late_deduction, total=r.total, eligible=r.eligible, vetoes=r.vetoes, not_reported=r.not_reported,
                red_flag=bool(best[t]), awards=r.awards,
            )
        )  # fmt: skip
    return PeriodExport(
        competition=c.id, name=c.name, participant_kind=c.participant_kind, period=period, period_name=c.periods[index].name,
        verified=verified.get(period, 0), indicators=[IndicatorHead(i.id, i.name) for i in c.indicators], rows=rows,
    )  # fmt: skip


async def award_history(session: AsyncSession) -> tuple[TitleHistory, list[Accident]]:
    """The shared award history (oldest first) and the recorded safety accidents."""
    records = await session.scalars(select(TitleRecordRow).order_by(TitleRecordRow.id))
    awards = [TitleAward(holder=r.holder, title=r.title, year=r.year, revoked=r.revoked, revoked_reason=r.revoked_reason) for r in records]
    accidents = await session.scalars(select(SafetyAccidentRow).order_by(SafetyAccidentRow.id))
    return TitleHistory(records=awards), [Accident(holder=a.holder, year=a.year, kind=a.kind) for a in accidents]


async def titles_of(session: AsyncSession, c: LabourCompetition, result: LabourResult) -> list[TitleOutcome]:
    if not c.titles:
        return []
    history, accidents = await award_history(session)
    return decide_titles(c.titles, c.participants, result.standings.annual, c.rules.rounding, c.year, history=history, accidents=accidents)


async def annual_export(session: AsyncSession, competition_id: int) -> AnnualExport:
    c, result, _ = await verified_result(session, competition_id)
    units = {u.code: u.name for u in c.units}
    names = {p.id: p.name for p in c.participants}
    t_of = {p.id: t for t, p in enumerate(c.participants)}
    totals = result.standings.period.total
    outcomes = await titles_of(session, c, result)
    won = {p.id: [o.title for o in outcomes if p.id in o.granted] for p in c.participants}
    rows = [
        AnnualExportRow(
            rank=r.rank, participant=r.participant, name=r.name, unit=r.unit, unit_name=units.get(r.unit, r.unit),
            periods={p.id: float(totals[t_of[r.participant], k]) for k, p in enumerate(c.periods)}, total=r.total,
            red_flags=r.red_flags, eligible=r.eligible, vetoes=r.vetoes, awards=r.awards, titles=won[r.participant],
        )
        for r in annual_rows(c, result)
    ]  # fmt: skip
    titles = [
        TitleExport(
            title=o.title, year=o.year, granted=o.granted,
            candidates=[TitleCandidateRow(participant=k.participant, name=names[k.participant], granted=k.granted, reasons=k.reasons)
                        for k in _by_rank(o, result, t_of)],
        )
        for o in outcomes
    ]  # fmt: skip
    return AnnualExport(
        competition=c.id, name=c.name, year=c.year, participant_kind=c.participant_kind,
        periods=[PeriodHead(p.id, p.name) for p in c.periods], rows=rows, titles=titles,
    )  # fmt: skip


def _by_rank(outcome: TitleOutcome, result: LabourResult, t_of: dict[str, int]):
    rank = result.standings.annual.rank
    keys = np.array([rank[t_of[k.participant]] for k in outcome.candidates])
    return [outcome.candidates[i] for i in np.argsort(keys, kind="stable").tolist()]


__all__ = ["annual_export", "award_history", "period_export", "titles_of"]
