"""The relational store: one typed SQLAlchemy model per table.

Rows are named `…Row` so they never shadow the domain Structs (`contests.people.Unit` …).
People refer to each other through integer foreign keys, while the API and files speak in
codes: renaming a unit code therefore touches one row. Event, module and aspect ids are
the definition's string ids: the definition is a versioned JSON document, not tables.

Numbers are exact: marks are `Numeric(12, 4)`, counts are integers, never floats. Every
timestamp is timezone-aware UTC (`UTCDateTime`). Constraint names come from the naming
convention so Alembic can address them (SQLite batch migrations need names).

Change a model only together with a new Alembic revision: `tests/db/test_migrations.py`
fails when the two disagree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from contests.store.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# lengths match the Struct bounds in contests.fields / scoring.scheme
CODE = 64
NAME = 200
USERNAME = 64
ROLES = ("organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance")  # contests.accounts.Role
JUDGE_ROLES = ("judge", "chief_judge")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _contest_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("contests.id"))


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # 0006: a disabled account neither logs in nor keeps its tokens; every token carries the
    # generation it was issued under, and disabling, a password change or a judge leaving
    # the last panel moves it on, which revokes every older token at once
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    token_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SigningKeyRow(Base):
    """The key that signs login tokens when BIWU_SECRET is not set (0006): generated once by
    the first server and shared by every later one and every worker, so a restart does not
    log every judge out in the middle of a contest day."""

    __tablename__ = "signing_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ContestRow(Base):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ContestVersionRow(Base):
    """One immutable version of a definition, as `contests.definition.encode_contest` JSON."""

    __tablename__ = "contest_versions"
    __table_args__ = (UniqueConstraint("contest_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class UnitRow(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    headcount: Mapped[int | None] = mapped_column(Integer)


class TeamRow(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))

    # many-to-one links are loaded with the row: async sessions cannot lazy-load later
    unit: Mapped[UnitRow] = relationship(lazy="joined", innerjoin=True)


class CompetitorRow(Base):
    __tablename__ = "competitors"
    __table_args__ = (
        UniqueConstraint("contest_id", "employee_no"),
        Index(None, "contest_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    employee_no: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    event_id: Mapped[str] = mapped_column(String(CODE))

    unit: Mapped[UnitRow] = relationship(lazy="joined", innerjoin=True)
    team: Mapped[TeamRow | None] = relationship(lazy="joined")


class JudgeRow(Base):
    """A judge; `user_id` links the login account a judge marks with (optional)."""

    __tablename__ = "judges"
    __table_args__ = (
        UniqueConstraint("contest_id", "code"),
        UniqueConstraint("contest_id", "user_id"),
        CheckConstraint(_in("role", JUDGE_ROLES), name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[UnitRow] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[UserRow | None] = relationship(lazy="joined")


class PanelMemberRow(Base):
    """A judge on the panel of one module; `position` keeps the order the panel was given in."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("contest_id", "event_id", "module_id", "judge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id"))
    position: Mapped[int] = mapped_column(Integer)

    judge: Mapped[JudgeRow] = relationship(lazy="joined", innerjoin=True)


class DrawRow(Base):
    """A lot draw with its full `contests.draw.DrawRecord` (JSON; holds the secret seed).

    Superseded draws are kept for the record. `is_current` is True for the event's current
    draw and NULL otherwise: NULLs are distinct in a unique constraint on SQLite and
    PostgreSQL alike, so the constraint allows one current draw per event and any history.
    """

    __tablename__ = "draws"
    __table_args__ = (UniqueConstraint("contest_id", "event_id", "is_current"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    seed: Mapped[str] = mapped_column(String(64))
    commitment: Mapped[str] = mapped_column(String(64))
    record: Mapped[str] = mapped_column(Text)
    is_current: Mapped[bool | None] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    stations_per_session: Mapped[int | None] = mapped_column(Integer)  # None: drawn without sessions (revision 0016)


class DrawSessionRow(Base):
    """One session (场次) of a draw made in sessions: how many it seats and, if the event
    declares them, when it starts and ends (revision 0016)."""

    __tablename__ = "draw_sessions"
    __table_args__ = (
        UniqueConstraint("draw_id", "session"),
        CheckConstraint("session >= 1", name="session"),
        CheckConstraint("seated >= 1", name="seated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"))
    session: Mapped[int] = mapped_column(Integer)
    seated: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.datetime | None] = mapped_column()
    ends_at: Mapped[dt.datetime | None] = mapped_column()


class DrawAssignmentRow(Base):
    """One competitor's outcome in the event's current draw (superseded ones are deleted)."""

    __tablename__ = "draw_assignments"
    __table_args__ = (
        UniqueConstraint("contest_id", "event_id", "blind_code"),
        UniqueConstraint("draw_id", "competitor_id"),
        Index(None, "competitor_id"),  # is a competitor in the draw (standings, revision 0008)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draws.id"))
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id"))
    station: Mapped[str] = mapped_column(String(CODE))
    session: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # round-1 drawing order ("order" is SQL)
    blind_code: Mapped[str] = mapped_column(String(12))

    competitor: Mapped[CompetitorRow] = relationship(lazy="joined", innerjoin=True)


class MarkRow(Base):
    """One version of one judge's mark for one competitor on one aspect. Append-only: a
    correction is a new row with the next version and a reason, never an UPDATE."""

    __tablename__ = "marks"
    __table_args__ = (
        UniqueConstraint("competitor_id", "module_id", "aspect_id", "judge_id", "version"),
        # a judge's current marks read straight from the index (migration 0018); its prefix serves a module's marks
        Index("ix_marks_judge_cells", "contest_id", "event_id", "module_id", "judge_id", "competitor_id", "aspect_id", "version", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id"))
    aspect_id: Mapped[str] = mapped_column(String(CODE))
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id"))
    value: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEventRow(Base):
    """Who did what, when. `before` / `after` are JSON text (msgspec-encoded) of the
    changed record; `actor` is a username, not a foreign key, so the log outlives accounts."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "contest_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(USERNAME))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(NAME))
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id"))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- judging day (revision 0002)
#
# Every table below is append-only: a state change is a new row, never an UPDATE, so the
# history a contest day leaves behind is the history that happened. Current states are
# the newest row (highest `seq` / `version`); unique constraints make concurrent writers of
# the same "next" row collide instead of both succeeding.

LOCK_STATES = ("locked", "unlocked")
DECISIONS = ("upheld", "rejected")


class IdempotencyKeyRow(Base):
    """The first answer to a request sent with an `Idempotency-Key`: a retry with the same
    key (per account) returns `response` instead of running again. `request_hash` is the
    SHA-256 of the canonical request, so the same key with another body is refused."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("actor", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(USERNAME))
    key: Mapped[str] = mapped_column(String(NAME))
    operation: Mapped[str] = mapped_column(String(64))
    contest_id: Mapped[int] = _contest_fk()
    request_hash: Mapped[str] = mapped_column(String(64))
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SignOffRow(Base):
    """A judge signed their sheet of one module. `marks_seen` counts the judge's own mark
    rows of the module at signing: a later correction makes the count differ, and the
    sheet has to be signed again."""

    __tablename__ = "sign_offs"
    __table_args__ = (
        Index(None, "contest_id", "event_id", "module_id"),
        # a judge's signatures of a module are numbered: two racing signatures collide (0005)
        UniqueConstraint("contest_id", "event_id", "module_id", "judge_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    judge_id: Mapped[int] = mapped_column(ForeignKey("judges.id"))
    seq: Mapped[int] = mapped_column(Integer)
    marks_seen: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ModuleLockRow(Base):
    """One lock or unlock of a module by the chief judge; the highest `seq` is the state.
    A forced lock records how many cells were still owed and sheets unsigned."""

    __tablename__ = "module_locks"
    __table_args__ = (
        UniqueConstraint("contest_id", "event_id", "module_id", "seq"),
        CheckConstraint(_in("state", LOCK_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    forced: Mapped[bool] = mapped_column(Boolean)
    owed: Mapped[int] = mapped_column(Integer)
    unsigned: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ModuleStateRow(Base):
    """The compare-and-set guard of one module's judging-day state (0005). Every change of
    that state (lock, unlock, an appeal decision) and every change that depends on the
    state of all an event's modules (unblinding, publishing) moves `version` on with
    `UPDATE … WHERE version = <the version read>`: of two racing changes, the second finds
    another version and loses, inside its own writing transaction."""

    __tablename__ = "module_states"
    __table_args__ = (UniqueConstraint("contest_id", "event_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    version: Mapped[int] = mapped_column(Integer)


class UnblindingRow(Base):
    """The chief judge opened the code → name table of an event. Once per event, for good."""

    __tablename__ = "unblindings"
    __table_args__ = (UniqueConstraint("contest_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AppealRow(Base):
    """A written appeal about one competitor's marks in one module (申诉)."""

    __tablename__ = "appeals"
    __table_args__ = (Index(None, "contest_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id"))
    grounds: Mapped[str] = mapped_column(Text)
    appellant: Mapped[str] = mapped_column(String(NAME))
    lock_id: Mapped[int] = mapped_column(ForeignKey("module_locks.id"))  # the lock it challenges
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AppealDecisionRow(Base):
    """The decision on an appeal; unique per appeal, so an appeal is decided exactly once
    even when two decisions race."""

    __tablename__ = "appeal_decisions"
    __table_args__ = (
        UniqueConstraint("appeal_id"),
        CheckConstraint(_in("decision", DECISIONS), name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AppealCorrectionRow(Base):
    """A mark version written by an upheld appeal (the link; the mark is in `marks`)."""

    __tablename__ = "appeal_corrections"
    __table_args__ = (UniqueConstraint("mark_id"), Index(None, "appeal_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"))
    mark_id: Mapped[int] = mapped_column(ForeignKey("marks.id"))


class CompletionTimeRow(Base):
    """One version of a competitor's completion time in a module, in seconds (tie-breaks).
    Append-only like marks: a correction is the next version with a reason."""

    __tablename__ = "completion_times"
    __table_args__ = (
        UniqueConstraint("competitor_id", "module_id", "version"),
        Index(None, "contest_id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    module_id: Mapped[str] = mapped_column(String(CODE))
    competitor_id: Mapped[int] = mapped_column(ForeignKey("competitors.id"))
    seconds: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SnapshotRow(Base):
    """A published, immutable standings snapshot (`contests.results.Standings` JSON), its
    per-competitor breakdowns and the change list against the previous number."""

    __tablename__ = "standings_snapshots"
    __table_args__ = (UniqueConstraint("contest_id", "event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = _contest_fk()
    event_id: Mapped[str] = mapped_column(String(CODE))
    number: Mapped[int] = mapped_column(Integer)
    definition_version: Mapped[int] = mapped_column(Integer)
    standings: Mapped[str] = mapped_column(Text)
    breakdowns: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = [
    "AppealCorrectionRow",
    "AppealDecisionRow",
    "AppealRow",
    "AuditEventRow",
    "CompletionTimeRow",
    "Base",
    "CompetitorRow",
    "ContestRow",
    "ContestVersionRow",
    "DrawAssignmentRow",
    "DrawRow",
    "IdempotencyKeyRow",
    "JudgeRow",
    "MarkRow",
    "ModuleLockRow",
    "NAMING_CONVENTION",
    "PanelMemberRow",
    "SignOffRow",
    "SnapshotRow",
    "TeamRow",
    "UnblindingRow",
    "UnitRow",
    "UserRow",
]


# ---------------------------------------------------------------- five-smalls campaigns (revision 0003)
#
# A campaign (评选活动) is not a contest: it has its own definition versions, its own units
# (with the headcounts its participation rates divide by) and its own reviewers. A
# submission row holds the current state and the fields the workflow folded into it
# (verified benefit, reason); `campaign_transitions` is its append-only history (one row
# per transition, `seq` unique per submission, so two concurrent transitions of the same
# submission collide instead of both succeeding). Review scores are append-only versions.
# Money: benefits are Numeric(15, 2) yuan (≤ 10^12 yuan to the fen), rewards BigInteger fen.

SUBMISSION_STATES = (
    "draft",
    "submitted",
    "accepted",
    "rejected",
    "under_review",
    "adopted",
    "not_adopted",
    "in_trial",
    "implemented",
    "verified",
    "awarded",
    "archived",
    "withdrawn",
)  # contests.campaigns.workflow.STATES (a test keeps them equal)
YUAN = Numeric(15, 2)


def _campaign_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("campaigns.id"))


def _submission_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("campaign_submissions.id"))


class CampaignRow(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    year: Mapped[int] = mapped_column(Integer)
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CampaignVersionRow(Base):
    """One immutable version of a campaign definition (`contests.campaigns.Campaign` JSON)."""

    __tablename__ = "campaign_versions"
    __table_args__ = (UniqueConstraint("campaign_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CampaignUnitRow(Base):
    """A unit taking part in a campaign, with the headcount its participation rate uses."""

    __tablename__ = "campaign_units"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    headcount: Mapped[int | None] = mapped_column(Integer)


class CampaignReviewerRow(Base):
    """An expert reviewer of a campaign. `unit` is a code, not a link: outside experts come
    from units that submit nothing. `username` links the login the reviewer scores with."""

    __tablename__ = "campaign_reviewers"
    __table_args__ = (UniqueConstraint("campaign_id", "code"), UniqueConstraint("campaign_id", "username"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit: Mapped[str] = mapped_column(String(CODE))
    employee_no: Mapped[str | None] = mapped_column(String(CODE))
    username: Mapped[str | None] = mapped_column(String(USERNAME))


class SubmissionRow(Base):
    """A submission and its current state; `owner` is the employee login that wrote it."""

    __tablename__ = "campaign_submissions"
    __table_args__ = (
        UniqueConstraint("campaign_id", "blind_code"),
        Index(None, "campaign_id", "owner"),
        CheckConstraint(_in("state", SUBMISSION_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    owner: Mapped[str] = mapped_column(String(USERNAME))
    state: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(NAME))
    problem: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int] = mapped_column(ForeignKey("campaign_units.id"))
    claimed_benefit_yuan: Mapped[Decimal | None] = mapped_column(YUAN)
    verified_benefit_yuan: Mapped[Decimal | None] = mapped_column(YUAN)
    verified_by: Mapped[str | None] = mapped_column(String(NAME))
    reason: Mapped[str | None] = mapped_column(Text)
    eligibility: Mapped[str] = mapped_column(Text)  # EligibilityDeclaration JSON
    blind_code: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Compare-and-set guard: every ORM UPDATE says `WHERE id = ? AND version = <as read>`, so of
    # two writers that read the same state only the first commits; the second raises
    # StaleDataError, which `transaction` turns into a 409 (two racing transitions, one winner).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    unit: Mapped[CampaignUnitRow] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}


class ProposerRow(Base):
    """A proposer (完成人) of a submission with their agreed share in basis points."""

    __tablename__ = "campaign_proposers"
    __table_args__ = (UniqueConstraint("submission_id", "employee_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()
    position: Mapped[int] = mapped_column(Integer)
    employee_no: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit: Mapped[str | None] = mapped_column(String(CODE))
    share_bp: Mapped[int] = mapped_column(Integer)


class AttachmentRow(Base):
    """An attachment's metadata (the file itself lives in storage, found by its SHA-256)."""

    __tablename__ = "campaign_attachments"
    __table_args__ = (UniqueConstraint("submission_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(127))


class FileVersionColumns:
    """The columns of one version of an uploaded file, shared by the file tables of
    submissions, labour reports and honours nominations. A table declares `id` and its
    owner's key, then these (declared after the class's own columns: the migrated order);
    its constraints are `file_version_constraints(owner)`. Append-only: replacing file
    `number` adds version n+1 pointing at its new content; the bytes live in the attachment
    store under the content key of `sha256` (contests.attachments). `kind` is the type read
    from the bytes, `filename` the original name (NFC), `uploaded_by` the login."""

    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def file_version_constraints(owner: str) -> tuple[UniqueConstraint, CheckConstraint, CheckConstraint]:
    """One row per (owner, number, version); numbers and versions count from 1."""
    return (
        UniqueConstraint(owner, "number", "version"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint("version >= 1", name="version"),
    )


class SubmissionFileRow(FileVersionColumns, Base):
    """One version of an uploaded file (附件) of a submission (FileVersionColumns)."""

    __tablename__ = "campaign_files"
    __table_args__ = file_version_constraints("submission_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()


class TransitionRow(Base):
    """One workflow transition (`contests.campaigns.TransitionRecord`). Append-only."""

    __tablename__ = "campaign_transitions"
    __table_args__ = (UniqueConstraint("submission_id", "seq"), Index(None, "campaign_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    submission_id: Mapped[int] = _submission_fk()
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(USERNAME))
    actor_role: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)  # TransitionPayload JSON
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewAssignmentRow(Base):
    """A reviewer on a submission's panel; `position` is the panel slot (the judge axis)."""

    __tablename__ = "campaign_review_assignments"
    __table_args__ = (UniqueConstraint("submission_id", "reviewer_id"), UniqueConstraint("submission_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("campaign_reviewers.id"))
    position: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReviewScoreRow(Base):
    """One version of one reviewer's rubric marks for one submission (aspect → mark JSON).
    Append-only: a correction is the next version."""

    __tablename__ = "campaign_review_scores"
    __table_args__ = (UniqueConstraint("submission_id", "reviewer_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("campaign_reviewers.id"))
    version: Mapped[int] = mapped_column(Integer)
    marks: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AwardListRow(Base):
    """The published award list of a campaign (`contests.campaigns.AwardList` JSON), with the
    definition version it was computed under. Once per campaign: publication is final."""

    __tablename__ = "campaign_award_lists"
    __table_args__ = (UniqueConstraint("campaign_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = _campaign_fk()
    definition_version: Mapped[int] = mapped_column(Integer)
    award_list: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AwardRow(Base):
    """The award of one submission: grade, the reward table's amount and what is paid (fen)."""

    __tablename__ = "campaign_awards"
    __table_args__ = (UniqueConstraint("submission_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = _submission_fk()
    award_list_id: Mapped[int] = mapped_column(ForeignKey("campaign_award_lists.id"))
    grade: Mapped[int] = mapped_column(Integer)
    table_fen: Mapped[int] = mapped_column(BigInteger)
    reward_fen: Mapped[int] = mapped_column(BigInteger)


class AwardShareRow(Base):
    """One proposer's part of an award, in fen (largest remainder: the parts sum exactly)."""

    __tablename__ = "campaign_award_shares"
    __table_args__ = (UniqueConstraint("award_id", "employee_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("campaign_awards.id"))
    position: Mapped[int] = mapped_column(Integer)
    employee_no: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    share_bp: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(BigInteger)


__all__ += [
    "AttachmentRow",
    "SubmissionFileRow",
    "AwardListRow",
    "AwardRow",
    "AwardShareRow",
    "CampaignReviewerRow",
    "CampaignRow",
    "CampaignUnitRow",
    "CampaignVersionRow",
    "ProposerRow",
    "ReviewAssignmentRow",
    "ReviewScoreRow",
    "SUBMISSION_STATES",
    "SubmissionRow",
    "TransitionRow",
]


# ---------------------------------------------------------------- certificates (revision 0007)


class CertificateRow(Base):
    """A certificate (获奖证书) issued for one award of a published list, with what was
    printed on it; `scope` names the list so each holder gets one certificate per list."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("(contest_id IS NULL) <> (campaign_id IS NULL)", name="one_source"),
        UniqueConstraint("scope", "holder"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    scope: Mapped[str] = mapped_column(String(128))
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contests.id"), nullable=True)
    event_id: Mapped[str | None] = mapped_column(String(CODE), nullable=True)
    snapshot_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), nullable=True)
    holder: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(NAME))
    unit: Mapped[str] = mapped_column(String(NAME))
    award: Mapped[str] = mapped_column(String(NAME))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CertificateRevocationRow(Base):
    """The revocation of a certificate, with the organiser's reason. Append-only and final:
    one per certificate."""

    __tablename__ = "certificate_revocations"
    __table_args__ = (UniqueConstraint("certificate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ += ["CertificateRevocationRow", "CertificateRow"]
