"""The unit reporter's form as data (填报表): the period's teams of the reporter's unit, each
with its plan, its report's state and figures, the reason it was returned, and the late
policy's word on a report sent today. Read through the labour use-cases only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from api.screens.labour.common import open_period, pick, unit_names
from contests.accounts import Actor
from contests.labour.definition import LabourCompetition
from contests.labour.periods import LateDecision, Period, late_decision
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import reports as reports_uc
from contests.usecases.labour.listing import plans_of_period
from contests.usecases.labour.reporters import reporter_unit
from contests.usecases.labour.views import ReportView
from scoring.kpi import KIND_COMPLETION, KIND_INCIDENT, KIND_JUDGED


@dataclass(frozen=True)
class Field:
    """One input: an indicator's actual (`actuals.<id>`) or a veto's fact (`facts.<id>`)."""

    name: str
    label: str
    unit: str
    whole: bool  # incidents are counted in whole numbers
    planned: bool  # a completion indicator: its plan is shown beside it


@dataclass(frozen=True)
class TeamCard:
    id: str
    name: str
    unit: str
    report: ReportView | None
    plan: dict[str, float]
    values: dict[str, str]  # field name → the text in the input (the current version, or what was typed)
    returned_reason: str | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.report is None or self.report.state != "verified"


@dataclass(frozen=True)
class ReportForm:
    competition_id: int
    name: str
    unit: str | None  # the reporter's unit name (None: the organiser, every unit)
    periods: list[Period]
    period: Period
    today: LateDecision  # the late policy applied to a first report sent today
    policy: str  # the competition's late action: accept, flag, deduct, refuse
    fields: list[Field]
    teams: list[TeamCard]


def input_fields(c: LabourCompetition, lang: str) -> list[Field]:
    """The actuals of every indicator the panel does not mark, then the vetoes' facts."""
    actuals = [
        Field(f"actuals.{i.id}", pick(lang, i.name, i.name_en), i.unit, i.kind == KIND_INCIDENT, i.kind == KIND_COMPLETION)
        for i in c.indicators
        if i.kind != KIND_JUDGED
    ]
    facts = [Field(f"facts.{v.id}", pick(lang, v.name, v.name_en), "", False, False) for v in c.vetoes]
    return actuals + facts


def shown_values(report: ReportView | None) -> dict[str, str]:
    if report is None or not report.versions:
        return {}
    last = report.versions[-1]
    return {f"actuals.{k}": f"{v:g}" for k, v in last.actuals.items()} | {f"facts.{k}": f"{v:g}" for k, v in last.facts.items()}


def returned_reason(report: ReportView | None) -> str | None:
    if report is None or report.state != "returned":
        return None
    return next((e.reason for e in reversed(report.history) if e.action == "return"), None)


async def report_form(
    session: AsyncSession, actor: Actor, competition_id: int, period: str | None, lang: str, *, typed: dict[str, dict] | None = None
) -> ReportForm:
    """The form for `period` (default: the open one); `typed` {team: {"values", "errors"}} refills a refused team."""
    view = await competition_uc.get_competition(session, competition_id)
    c = view.definition
    unit = await reporter_unit(session, view.id, actor)  # Forbidden for a login reporting for no unit of it
    today = reports_uc.china_today()
    chosen = open_period(c, today, period)
    reports = {r.participant: r for r in await reports_uc.list_reports(session, actor, view.id, period=chosen.id)}
    plans = await plans_of_period(session, actor, view.id, chosen.id)
    units = unit_names(c, lang)
    teams = []
    for p in c.participants:
        if unit is not None and p.unit != unit:
            continue
        refill = (typed or {}).get(p.id, {})
        report = reports.get(p.id)
        teams.append(
            TeamCard(
                id=p.id, name=pick(lang, p.name, p.name_en), unit=units.get(p.unit, p.unit), report=report, plan=plans.get(p.id, {}),
                values=refill.get("values") or shown_values(report), returned_reason=returned_reason(report), errors=refill.get("errors", {}),
            )
        )  # fmt: skip
    return ReportForm(
        competition_id=view.id, name=pick(lang, c.name, c.name_en), unit=None if unit is None else units.get(unit, unit),
        periods=list(c.periods), period=chosen, today=late_decision(c.late, chosen, today), policy=c.late.action,
        fields=input_fields(c, lang), teams=teams,
    )  # fmt: skip


__all__ = ["Field", "ReportForm", "TeamCard", "input_fields", "report_form"]
