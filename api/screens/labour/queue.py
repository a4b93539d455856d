"""The organiser's verification queue as data (审核): every report awaiting verification, with
its team, plan, figures, late note and history, and the chosen period's state per team.
Read through the labour use-cases only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.screens.labour.common import open_period, pick, unit_names
from api.screens.labour.report_form import Field, input_fields
from contests.accounts import Actor
from contests.labour.periods import Period
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import reports as reports_uc
from contests.usecases.labour.listing import plans_of_period
from contests.usecases.labour.views import ReportView


@dataclass(frozen=True)
class QueueItem:
    report: ReportView
    team: str
    unit: str
    period: str
    plan: dict[str, float]


@dataclass(frozen=True)
class PeriodLine:
    team_id: str
    team: str
    unit: str
    report: ReportView | None


@dataclass(frozen=True)
class Queue:
    competition_id: int
    name: str
    periods: list[Period]
    period: Period
    fields: list[Field]
    waiting: list[QueueItem]  # submitted, in every period
    lines: list[PeriodLine]  # the chosen period: every team and its report's state


async def verification_queue(session: AsyncSession, actor: Actor, competition_id: int, period: str | None, lang: str) -> Queue:
    view = await competition_uc.get_competition(session, competition_id)
    c = view.definition
    chosen = open_period(c, reports_uc.china_today(), period)
    units = unit_names(c, lang)
    teams = {p.id: (pick(lang, p.name, p.name_en), units.get(p.unit, p.unit)) for p in c.participants}
    periods = {p.id: p.name for p in c.periods}
    waiting = await reports_uc.list_reports(session, actor, view.id, state="submitted")
    plans = {p.id: await plans_of_period(session, actor, view.id, p.id) for p in c.periods if any(r.period == p.id for r in waiting)}
    items = [
        QueueItem(
            r, *teams.get(r.participant, (r.participant, r.unit)), periods.get(r.period, r.period), plans[r.period].get(r.participant, {})
        )
        for r in sorted(waiting, key=lambda r: (c.period_index(r.period) or 0, r.unit, r.participant))
    ]
    shown = {r.participant: r for r in await reports_uc.list_reports(session, actor, view.id, period=chosen.id)}
    lines = [PeriodLine(p.id, *teams[p.id], shown.get(p.id)) for p in c.participants]
    return Queue(view.id, pick(lang, c.name, c.name_en), list(c.periods), chosen, input_fields(c, lang), items, lines)


__all__ = ["Queue", "QueueItem", "verification_queue"]
