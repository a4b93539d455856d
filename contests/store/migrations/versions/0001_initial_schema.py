"""Initial schema: users, contests and their versions, people, panels, draws, marks, audit.

Written out by hand (drafted with autogenerate, then reviewed): a migration is frozen
history and must not import the models, which will move on. Constraint names follow the
naming convention in contests/store/models.py.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _contest(table: str) -> tuple[sa.Column, sa.ForeignKeyConstraint]:
    return (
        _int("contest_id"),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name=op.f(f"fk_{table}_contest_id_contests")),
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def upgrade() -> None:
    op.create_table(
        "contests",
        _id(),
        _text("slug", 64),
        _text("name", 200),
        _int("current_version"),
        _utc("created_at"),
        _pk("contests"),
        _unique("contests", "slug"),
    )
    op.create_table(
        "users",
        _id(),
        _text("username", 64),
        _text("password_hash", 255),
        _text("role", 20),
        _utc("created_at"),
        sa.CheckConstraint("role IN ('organiser', 'chief_judge', 'judge', 'viewer')", name=op.f("ck_users_role")),
        _pk("users"),
        _unique("users", "username"),
    )
    op.create_table(
        "audit_events",
        _id(),
        _utc("at"),
        _text("actor", 64),
        _text("action", 64),
        _text("entity", 64),
        _text("entity_key", 200),
        _int("contest_id", nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _fk("audit_events", "contest_id", "contests"),
        _pk("audit_events"),
    )
    op.create_index(op.f("ix_audit_events_contest_id_id"), "audit_events", ["contest_id", "id"])
    op.create_table(
        "contest_versions",
        _id(),
        *_contest("contest_versions"),
        _int("version"),
        sa.Column("definition", sa.Text(), nullable=False),
        _text("created_by", 64),
        _utc("created_at"),
        _pk("contest_versions"),
        _unique("contest_versions", "contest_id", "version"),
    )
    op.create_table(
        "draws",
        _id(),
        *_contest("draws"),
        _text("event_id", 64),
        _text("seed", 64),
        _text("commitment", 64),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=True),
        _text("created_by", 64),
        _utc("created_at"),
        _pk("draws"),
        _unique("draws", "contest_id", "event_id", "is_current"),
    )
    op.create_table(
        "units",
        _id(),
        *_contest("units"),
        _text("code", 64),
        _text("name", 200),
        _int("headcount", nullable=True),
        _pk("units"),
        _unique("units", "contest_id", "code"),
    )
    op.create_table(
        "judges",
        _id(),
        *_contest("judges"),
        _text("code", 64),
        _text("name", 200),
        _int("unit_id"),
        _text("role", 20),
        _int("user_id", nullable=True),
        sa.CheckConstraint("role IN ('judge', 'chief_judge')", name=op.f("ck_judges_role")),
        _fk("judges", "unit_id", "units"),
        _fk("judges", "user_id", "users"),
        _pk("judges"),
        _unique("judges", "contest_id", "code"),
        _unique("judges", "contest_id", "user_id"),
    )
    op.create_table(
        "teams",
        _id(),
        *_contest("teams"),
        _text("code", 64),
        _text("name", 200),
        _int("unit_id"),
        _fk("teams", "unit_id", "units"),
        _pk("teams"),
        _unique("teams", "contest_id", "code"),
    )
    op.create_table(
        "competitors",
        _id(),
        *_contest("competitors"),
        _text("employee_no", 64),
        _text("name", 200),
        _int("unit_id"),
        _int("team_id", nullable=True),
        _text("event_id", 64),
        _fk("competitors", "team_id", "teams"),
        _fk("competitors", "unit_id", "units"),
        _pk("competitors"),
        _unique("competitors", "contest_id", "employee_no"),
    )
    op.create_index(op.f("ix_competitors_contest_id_event_id"), "competitors", ["contest_id", "event_id"])
    op.create_table(
        "panel_members",
        _id(),
        *_contest("panel_members"),
        _text("event_id", 64),
        _text("module_id", 64),
        _int("judge_id"),
        _int("position"),
        _fk("panel_members", "judge_id", "judges"),
        _pk("panel_members"),
        _unique("panel_members", "contest_id", "event_id", "module_id", "judge_id"),
    )
    op.create_table(
        "draw_assignments",
        _id(),
        _int("draw_id"),
        *_contest("draw_assignments"),
        _text("event_id", 64),
        _int("competitor_id"),
        _text("station", 64),
        _int("session"),
        _int("position"),
        _text("blind_code", 12),
        _fk("draw_assignments", "competitor_id", "competitors"),
        _fk("draw_assignments", "draw_id", "draws"),
        _pk("draw_assignments"),
        _unique("draw_assignments", "contest_id", "event_id", "blind_code"),
        _unique("draw_assignments", "draw_id", "competitor_id"),
    )
    op.create_table(
        "marks",
        _id(),
        *_contest("marks"),
        _text("event_id", 64),
        _text("module_id", 64),
        _int("competitor_id"),
        _text("aspect_id", 64),
        _int("judge_id"),
        sa.Column("value", sa.Numeric(precision=12, scale=4), nullable=False),
        _int("version"),
        sa.Column("reason", sa.Text(), nullable=True),
        _text("created_by", 64),
        _utc("created_at"),
        _fk("marks", "competitor_id", "competitors"),
        _fk("marks", "judge_id", "judges"),
        _pk("marks"),
        _unique("marks", "competitor_id", "module_id", "aspect_id", "judge_id", "version"),
    )
    op.create_index(op.f("ix_marks_contest_id_event_id_module_id"), "marks", ["contest_id", "event_id", "module_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_marks_contest_id_event_id_module_id"), table_name="marks")
    op.drop_table("marks")
    op.drop_table("draw_assignments")
    op.drop_table("panel_members")
    op.drop_index(op.f("ix_competitors_contest_id_event_id"), table_name="competitors")
    op.drop_table("competitors")
    op.drop_table("teams")
    op.drop_table("judges")
    op.drop_table("units")
    op.drop_table("draws")
    op.drop_table("contest_versions")
    op.drop_index(op.f("ix_audit_events_contest_id_id"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("users")
    op.drop_table("contests")
