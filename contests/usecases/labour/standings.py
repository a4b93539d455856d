"""Period and annual standings of a labour competition, from verified reports only.

The verified version of each report, the current plans and the panel's marks (for the
participant-periods with a verified report) become the engine's columns; the pure domain
(`contests.labour.figures`, `contests.labour.score_labour`) does the rest. A report that
is submitted or returned counts as not reported; so its participant is not eligible for
that period's awards. A veto keeps the score visible and is named as the reason.
"""

from __future__ import annotations

from collections import Counter

import msgspec
import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour import figures as to_figures
from contests.labour import score_labour
from contests.labour.definition import LabourCompetition
from contests.labour.standings import LabourResult
from contests.usecases.labour import store
from contests.usecases.labour.views import AnnualRowView, AnnualStandingsView, PeriodRowView, PeriodStandingsView
from scoring.kpi import KIND_JUDGED

NAN = float("nan")


async def verified_result(session: AsyncSession, competition_id: int) -> tuple[LabourCompetition, LabourResult, Counter]:
    """The competition scored from its verified reports, and how many each period has."""
    row, c = await store.current(session, competition_id)
    reports = await store.report_rows(session, row.id, states=["verified"])
    versions = await store.current_versions(session, reports)
    plans = await store.latest_plans(session, row.id)
    verified = {(r.participant, r.period): store.decode(versions[r.id].figures) for r in reports}
    values, facts = _columns(verified, plans, c)
    marks = _marks(await store.latest_inspections(session, row.id), verified)
    fig = to_figures(c, values=values, marks=marks, facts=facts)
    late = _late(c, verified)
    return (
        c,
        score_labour(c, fig.plan, fig.actual, marks=fig.marks, facts=fig.facts, late_deduction=late),
        Counter(period for _, period in verified),
    )


def _columns(verified: dict, plans: dict, c: LabourCompetition) -> tuple[dict | None, dict | None]:
    # figures of an indicator or veto a later version no longer has (or now has the panel
    # mark) are kept in the store but no longer scored
    reported = {i.id for i in c.indicators if i.kind != KIND_JUDGED}
    vetoes = {v.id for v in c.vetoes}
    values = {k: [] for k in ("participant", "period", "indicator", "plan", "actual")}
    facts = {k: [] for k in ("participant", "period", "veto", "value")}
    for (participant, period), fig in verified.items():
        plan = store.decode(plans[(participant, period)].figures) if (participant, period) in plans else {}
        for indicator, actual in fig["actuals"].items():
            if indicator not in reported:
                continue
            for key, value in zip(values, (participant, period, indicator, plan.get(indicator, NAN), actual)):
                values[key].append(value)
        for veto, value in fig["facts"].items():
            if veto not in vetoes:
                continue
            for key, item in zip(facts, (participant, period, veto, value)):
                facts[key].append(item)
    return (values if values["participant"] else None), (facts if facts["participant"] else None)


def _marks(rows, verified: dict) -> dict | None:
    marks = {k: [] for k in ("participant", "period", "indicator", "judge", "mark")}
    for r in rows:
        if (r.participant, r.period) not in verified:
            continue  # the panel's marks count with the verified report they belong to
        for judge, mark in enumerate(store.decode(r.marks)):
            for key, value in zip(marks, (r.participant, r.period, r.indicator, judge, mark)):
                marks[key].append(value)
    return marks if marks["participant"] else None


def _late(c: LabourCompetition, verified: dict) -> np.ndarray:
    late = np.zeros((len(c.participants), len(c.periods)))
    t = {p.id: k for k, p in enumerate(c.participants)}
    for (participant, period), fig in verified.items():
        late[t[participant], c.period_index(period)] = fig["late_deduction"]
    return late


async def period_standings(session: AsyncSession, competition_id: int, period: str) -> PeriodStandingsView:
    """One period's standings, best place first, with vetoes and their reasons."""
    _, c = await store.current(session, competition_id)
    index = c.period_index(store.period_of(c, period).id)
    c, result, verified = await verified_result(session, competition_id)
    return _period_view(c, result, verified, index)


async def every_period_standings(session: AsyncSession, competition_id: int) -> list[PeriodStandingsView]:
    """Every period's standings in the definition's order, from one scoring of the year (a
    board showing twelve months scored the whole year once per month before)."""
    c, result, verified = await verified_result(session, competition_id)
    return [_period_view(c, result, verified, index) for index in range(len(c.periods))]


def _period_view(c: LabourCompetition, result: LabourResult, verified: Counter, index: int) -> PeriodStandingsView:
    period = c.periods[index].id
    rows = [PeriodRowView(**msgspec.structs.asdict(r)) for r in result.period_rows(index)]
    return PeriodStandingsView(period=period, name=c.periods[index].name, verified=verified.get(period, 0), rows=rows)


async def annual_standings(session: AsyncSession, competition_id: int) -> AnnualStandingsView:
    """The year: totals by the declared method, red flags, annual vetoes with their period, awards."""
    c, result, _ = await verified_result(session, competition_id)
    return AnnualStandingsView(competition=c.id, rows=annual_rows(c, result))


def annual_rows(c: LabourCompetition, result: LabourResult) -> list[AnnualRowView]:
    """The annual lines, best place first (also read by the exports)."""
    a, fired = result.standings.annual, result.standings.period.fired
    awards = c.rules.annual.awards
    order = np.lexsort((np.arange(len(c.participants)), a.rank))
    rows = []
    for t in order.tolist():
        reasons = [
            f"{v.name}（{c.periods[p].name}）"
            for k, v in enumerate(c.vetoes)
            if v.bars_annual
            for p in np.flatnonzero(fired[t, k]).tolist()
        ]
        won = ([awards.best_name] if a.best[t] else []) + ([awards.thresholds[int(a.threshold[t])].name] if a.threshold[t] >= 0 else [])
        p = c.participants[t]
        rows.append(
            AnnualRowView(
                participant=p.id, name=p.name, unit=p.unit, total=float(a.total[t]), rank=int(a.rank[t]), red_flags=int(a.red_flags[t]),
                eligible=bool(a.eligible_rank[t] > 0), vetoes=reasons, awards=won,
            )
        )  # fmt: skip
    return rows


__all__ = ["annual_rows", "annual_standings", "every_period_standings", "period_standings", "verified_result"]
