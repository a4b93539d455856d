"""Labour competitions (劳动竞赛, issue 12 item 3): competitions and their definition
versions, unit reporters, append-only plan versions, period reports (head row with a row
version for compare-and-set, append-only figure versions and state events) and the
inspection panel's marks. See contests/store/labour.py.

Written by hand like 0001–0009 (a migration is frozen history and must not import the models).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = "state IN ('submitted', 'verified', 'returned')"
ACTIONS = "action IN ('submit', 'resubmit', 'verify', 'return')"


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _long(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _competition(table: str) -> list:
    return [_int("competition_id"), _fk(table, "competition_id", "labour_competitions")]


def upgrade() -> None:
    t = "labour_competitions"
    op.create_table(
        t, _id(), _text("slug", 64), _text("name", 200), _int("year"), _int("current_version"), _utc("created_at"),
        _pk(t), _uq(t, "slug"),
    )  # fmt: skip
    t = "labour_versions"
    op.create_table(
        t, _id(), *_competition(t), _int("version"), _long("definition"), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "competition_id", "version"),
    )  # fmt: skip
    t = "labour_reporters"
    op.create_table(
        t, _id(), *_competition(t), _text("username", 64), _text("unit", 64), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "competition_id", "username"),
    )  # fmt: skip
    t = "labour_plans"
    op.create_table(
        t, _id(), *_competition(t), _text("participant", 64), _text("period", 64), _int("version"), _long("figures"),
        _long("reason", nullable=True), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "competition_id", "participant", "period", "version"),
    )  # fmt: skip
    _reports()
    t = "labour_inspections"
    op.create_table(
        t, _id(), *_competition(t), _text("participant", 64), _text("period", 64), _text("indicator", 64), _int("version"),
        _long("marks"), _long("reason", nullable=True), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "competition_id", "participant", "period", "indicator", "version"),
    )  # fmt: skip


def _reports() -> None:
    t = "labour_reports"
    op.create_table(
        t, _id(), *_competition(t), _text("participant", 64), _text("period", 64), _text("unit", 64), _text("state", 16),
        _int("current_version"), sa.Column("first_reported_on", sa.Date(), nullable=False), _utc("created_at"), _utc("updated_at"),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(STATES, name=op.f("ck_labour_reports_state")),
        _pk(t), _uq(t, "competition_id", "participant", "period"),
    )  # fmt: skip
    op.create_index(op.f("ix_labour_reports_competition_id_period_state"), t, ["competition_id", "period", "state"])
    t = "labour_report_versions"
    op.create_table(
        t, _id(), _int("report_id"), _int("version"), _long("figures"), _long("note", nullable=True), _int("days_late"),
        _long("late_note"), _text("submitted_by", 64), _utc("submitted_at"),
        _fk(t, "report_id", "labour_reports"), _pk(t), _uq(t, "report_id", "version"),
    )  # fmt: skip
    t = "labour_report_events"
    op.create_table(
        t, _id(), _int("report_id"), _int("seq"), _text("action", 16), _text("from_state", 16, nullable=True), _text("to_state", 16),
        _int("version"), _text("actor", 64), _long("reason", nullable=True), _utc("at"),
        sa.CheckConstraint(ACTIONS, name=op.f("ck_labour_report_events_action")),
        _fk(t, "report_id", "labour_reports"), _pk(t), _uq(t, "report_id", "seq"),
    )  # fmt: skip


def downgrade() -> None:
    for table in (
        "labour_inspections", "labour_report_events", "labour_report_versions", "labour_reports",
        "labour_plans", "labour_reporters", "labour_versions", "labour_competitions",
    ):  # fmt: skip
        if table == "labour_reports":
            op.drop_index(op.f("ix_labour_reports_competition_id_period_state"), table_name=table)
        op.drop_table(table)
