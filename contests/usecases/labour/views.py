"""What the labour use-cases take and return: request bodies and views (msgspec Structs).
Figures are `{id: value}` maps keyed by the definition's indicator and veto ids."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from contests.fields import VISIBLE_TEXT_PATTERN, Code
from contests.labour.definition import LabourCompetition

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=VISIBLE_TEXT_PATTERN)]
Figure = Annotated[float, msgspec.Meta(ge=0, le=1e15)]
Figures = Annotated[dict[Code, Figure], msgspec.Meta(max_length=200)]
State = Literal["submitted", "verified", "returned"]


class CompetitionView(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    year: int
    version: int
    current_version: int
    definition: LabourCompetition


class ReporterAssignment(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A login that reports for one unit (填报员)."""

    username: str
    unit: Code


class PlanRequest(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A participant's plan (计划) for a period: `{indicator id: plan}` for the completion
    indicators; `reason` is required once a report of that period exists."""

    participant: Code
    period: Code
    plans: Figures
    reason: Reason | None = None


class PlanView(msgspec.Struct, kw_only=True, frozen=True):
    participant: str
    period: str
    version: int
    plans: dict[str, float]
    reason: str | None
    created_by: str
    created_at: dt.datetime


class ReportDraft(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A period report (报送) for one participant: `actuals` {indicator id: actual} for every
    indicator the panel does not mark (incidents are the actuals of per-incident indicators),
    `facts` {veto id: count or measured value} for the vetoes, an optional note."""

    participant: Code
    period: Code
    actuals: Figures
    facts: Figures = {}
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class ReportVersionView(msgspec.Struct, kw_only=True, frozen=True):
    version: int
    actuals: dict[str, float]
    facts: dict[str, float]
    note: str | None
    days_late: int
    late_deduction: float
    late_note: str
    submitted_by: str
    submitted_at: dt.datetime


class ReportEventView(msgspec.Struct, kw_only=True, frozen=True):
    seq: int
    action: str
    from_state: str | None
    to_state: str
    version: int
    actor: str
    reason: str | None
    at: dt.datetime


class ReportView(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    participant: str
    period: str
    unit: str
    state: State
    version: int
    first_reported_on: dt.date
    versions: list[ReportVersionView]
    history: list[ReportEventView]


class InspectionRequest(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The inspection panel's marks (检查评分) of a judged indicator, one per inspector."""

    participant: Code
    period: Code
    indicator: Code
    marks: Annotated[list[Figure], msgspec.Meta(min_length=1, max_length=100)]
    reason: Reason | None = None


class PeriodRowView(msgspec.Struct, kw_only=True, frozen=True):
    participant: str
    name: str
    unit: str
    total: float
    rank: int
    eligible: bool
    vetoes: list[str]
    not_reported: list[str]
    late_deduction: float
    awards: list[str]


class PeriodStandingsView(msgspec.Struct, kw_only=True, frozen=True):
    period: str
    name: str
    verified: int  # participants with a verified report
    rows: list[PeriodRowView]


class AnnualRowView(msgspec.Struct, kw_only=True, frozen=True):
    participant: str
    name: str
    unit: str
    total: float
    rank: int
    red_flags: int
    eligible: bool
    vetoes: list[str]  # annual-barring vetoes that fired, with their period: the reason shown
    awards: list[str]


class AnnualStandingsView(msgspec.Struct, kw_only=True, frozen=True):
    competition: str
    rows: list[AnnualRowView]


class ImportReport(msgspec.Struct, kw_only=True, frozen=True):
    """What a whole-period import wrote: one report version per row."""

    period: str
    created: int  # first reports
    resubmitted: int  # new versions of reports not yet verified
    late: list[str]  # participants reported late, with the policy's note


__all__ = [
    "AnnualRowView",
    "AnnualStandingsView",
    "CompetitionView",
    "ImportReport",
    "InspectionRequest",
    "PeriodRowView",
    "PeriodStandingsView",
    "PlanRequest",
    "PlanView",
    "Reason",
    "ReportDraft",
    "ReportEventView",
    "ReportVersionView",
    "ReportView",
    "ReporterAssignment",
    "State",
]
