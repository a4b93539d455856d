"""Labour competitions (劳动竞赛, issue 12 item 3): the stored competitions and their
definition versions, the unit reporters, plans, period reports with their versions and
state history, and the inspection panel's marks (revision 0010).

Append-only like the judging day: a plan, a report's figures and a panel's marks are never
overwritten; a change is version n+1 (unique per key, so two concurrent writers of the same
"next" version collide). The report head row (`labour_reports`) holds the current state and
is guarded by a row version (compare-and-set, as `campaign_submissions`): of two organisers
verifying and returning the same report at once only the first commits. Figures are JSON text
(`{indicator id: value}`), read back into the engine's arrays by `contests.labour.figures`.

Imported by `contests.store` so `Base.metadata` always has these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import CODE, NAME, USERNAME, Base, FileVersionColumns, _in, file_version_constraints
from contests.store.types import utcnow

REPORT_STATES = ("submitted", "verified", "returned")
REPORT_ACTIONS = ("submit", "resubmit", "verify", "return")


def _competition_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("labour_competitions.id"))


class LabourCompetitionRow(Base):
    __tablename__ = "labour_competitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    year: Mapped[int] = mapped_column(Integer)
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourVersionRow(Base):
    """One immutable version of a definition, as `contests.labour.encode_labour` JSON."""

    __tablename__ = "labour_versions"
    __table_args__ = (UniqueConstraint("competition_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourReporterRow(Base):
    """A login that reports for one unit (填报员) of a competition: it sees and edits the
    reports of that unit's participants only. One unit per login and competition."""

    __tablename__ = "labour_reporters"
    __table_args__ = (UniqueConstraint("competition_id", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    username: Mapped[str] = mapped_column(String(USERNAME))
    unit: Mapped[str] = mapped_column(String(CODE))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourPlanRow(Base):
    """One version of a participant's plan (计划) for a period: `{indicator id: plan}` JSON.
    A version written after a report of the period exists carries the reason."""

    __tablename__ = "labour_plans"
    __table_args__ = (UniqueConstraint("competition_id", "participant", "period", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    participant: Mapped[str] = mapped_column(String(CODE))
    period: Mapped[str] = mapped_column(String(CODE))
    version: Mapped[int] = mapped_column(Integer)
    figures: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourReportRow(Base):
    """A participant's report for a period and its current state; `first_reported_on` is the
    day the first version came in (lateness is judged on it, a return does not make a report late)."""

    __tablename__ = "labour_reports"
    __table_args__ = (
        UniqueConstraint("competition_id", "participant", "period"),
        Index(None, "competition_id", "period", "state"),
        CheckConstraint(_in("state", REPORT_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    participant: Mapped[str] = mapped_column(String(CODE))
    period: Mapped[str] = mapped_column(String(CODE))
    unit: Mapped[str] = mapped_column(String(CODE))
    state: Mapped[str] = mapped_column(String(16))
    current_version: Mapped[int] = mapped_column(Integer)
    first_reported_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Compare-and-set guard: two racing transitions that read the same state, one winner
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": row_version}


class LabourReportVersionRow(Base):
    """One version of a report's figures: `{"actuals": {indicator: value}, "facts": {veto:
    value}, "late_deduction": points}` JSON, the late decision, who sent it and when."""

    __tablename__ = "labour_report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("labour_reports.id"))
    version: Mapped[int] = mapped_column(Integer)
    figures: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    days_late: Mapped[int] = mapped_column(Integer)
    late_note: Mapped[str] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(USERNAME))
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourReportEventRow(Base):
    """One state change of a report (submit, resubmit, verify, return), append-only; `seq` is
    unique per report, so two concurrent changes cannot both be written."""

    __tablename__ = "labour_report_events"
    __table_args__ = (
        UniqueConstraint("report_id", "seq"),
        CheckConstraint(_in("action", REPORT_ACTIONS), name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("labour_reports.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(USERNAME))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourInspectionRow(Base):
    """One version of the inspection panel's marks (检查评分) of a judged indicator for a
    participant and period: a JSON list, one mark per inspector."""

    __tablename__ = "labour_inspections"
    __table_args__ = (UniqueConstraint("competition_id", "participant", "period", "indicator", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    participant: Mapped[str] = mapped_column(String(CODE))
    period: Mapped[str] = mapped_column(String(CODE))
    indicator: Mapped[str] = mapped_column(String(CODE))
    version: Mapped[int] = mapped_column(Integer)
    marks: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourReportFileRow(FileVersionColumns, Base):
    """One version of an evidence file (佐证材料) of a period report (revision 0013). Append-only
    like `campaign_files`: replacing file `number` adds version n+1; the bytes live in the
    attachment store under the content key of `sha256` (contests.attachments)."""

    __tablename__ = "labour_report_files"
    __table_args__ = file_version_constraints("report_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("labour_reports.id"))


class LabourReopeningRow(Base):
    """The organiser reopened a period for one participant after its deadline (revision
    0013): a first report the late policy refuses is accepted from then on, marked late with
    this reason. One per participant and period; never deleted (the audit log has who and why)."""

    __tablename__ = "labour_reopenings"
    __table_args__ = (UniqueConstraint("competition_id", "participant", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    participant: Mapped[str] = mapped_column(String(CODE))
    period: Mapped[str] = mapped_column(String(CODE))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LabourAccidentRow(Base):
    """One version of a safety-accident record (安全事故记录, revision 0015) of a competition:
    `contests.labour.accidents.AccidentRecord`. Append-only: a correction or a withdrawal is
    version n+1 of the same number with its reason; unique per (competition, number, version),
    so two concurrent writers of the same next version collide."""

    __tablename__ = "labour_accidents"
    __table_args__ = (
        UniqueConstraint("competition_id", "number", "version"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint("version >= 1", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = _competition_fk()
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(CODE), index=True)
    team: Mapped[str | None] = mapped_column(String(CODE))
    person: Mapped[str | None] = mapped_column(String(CODE))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    severity: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    reporter: Mapped[str] = mapped_column(String(NAME))
    withdrawn: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = [
    "REPORT_ACTIONS",
    "REPORT_STATES",
    "LabourAccidentRow",
    "LabourCompetitionRow",
    "LabourInspectionRow",
    "LabourPlanRow",
    "LabourReopeningRow",
    "LabourReportFileRow",
    "LabourReportEventRow",
    "LabourReportRow",
    "LabourReporterRow",
    "LabourReportVersionRow",
    "LabourVersionRow",
]
