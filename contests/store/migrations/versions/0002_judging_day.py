"""Judging day: idempotency keys, sign-offs, module locks, unblindings, appeals (with their
decisions and corrections), completion times and published standings snapshots.

Written out by hand like 0001 (a migration is frozen history and must not import the
models). Every table is append-only; see contests/store/models.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _long_text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _contest(table: str) -> tuple[sa.Column, sa.ForeignKeyConstraint]:
    return (_int("contest_id"), _fk(table, "contest_id", "contests"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _module(table: str) -> list:
    """contest_id, event_id, module_id: where a judging-day row belongs."""
    return [*_contest(table), _text("event_id", 64), _text("module_id", 64)]


def _created() -> list[sa.Column]:
    return [_text("created_by", 64), _utc("created_at")]


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        _id(),
        _text("actor", 64),
        _text("key", 200),
        _text("operation", 64),
        *_contest("idempotency_keys"),
        _text("request_hash", 64),
        _long_text("response"),
        _utc("created_at"),
        _pk("idempotency_keys"),
        _unique("idempotency_keys", "actor", "key"),
    )
    op.create_table(
        "sign_offs",
        _id(),
        *_module("sign_offs"),
        _int("judge_id"),
        _int("marks_seen"),
        *_created(),
        _fk("sign_offs", "judge_id", "judges"),
        _pk("sign_offs"),
    )
    op.create_index(op.f("ix_sign_offs_contest_id_event_id_module_id"), "sign_offs", ["contest_id", "event_id", "module_id"])
    op.create_table(
        "module_locks",
        _id(),
        *_module("module_locks"),
        _int("seq"),
        _text("state", 10),
        sa.Column("forced", sa.Boolean(), nullable=False),
        _int("owed"),
        _int("unsigned"),
        _long_text("reason", nullable=True),
        *_created(),
        sa.CheckConstraint("state IN ('locked', 'unlocked')", name=op.f("ck_module_locks_state")),
        _pk("module_locks"),
        _unique("module_locks", "contest_id", "event_id", "module_id", "seq"),
    )
    op.create_table(
        "unblindings",
        _id(),
        *_contest("unblindings"),
        _text("event_id", 64),
        *_created(),
        _pk("unblindings"),
        _unique("unblindings", "contest_id", "event_id"),
    )
    op.create_table(
        "appeals",
        _id(),
        *_module("appeals"),
        _int("competitor_id"),
        _long_text("grounds"),
        _text("appellant", 200),
        _int("lock_id"),
        *_created(),
        _fk("appeals", "competitor_id", "competitors"),
        _fk("appeals", "lock_id", "module_locks"),
        _pk("appeals"),
    )
    op.create_index(op.f("ix_appeals_contest_id_event_id"), "appeals", ["contest_id", "event_id"])
    op.create_table(
        "appeal_decisions",
        _id(),
        _int("appeal_id"),
        _text("decision", 10),
        _long_text("reason"),
        *_created(),
        sa.CheckConstraint("decision IN ('upheld', 'rejected')", name=op.f("ck_appeal_decisions_decision")),
        _fk("appeal_decisions", "appeal_id", "appeals"),
        _pk("appeal_decisions"),
        _unique("appeal_decisions", "appeal_id"),
    )
    op.create_table(
        "appeal_corrections",
        _id(),
        _int("appeal_id"),
        _int("mark_id"),
        _fk("appeal_corrections", "appeal_id", "appeals"),
        _fk("appeal_corrections", "mark_id", "marks"),
        _pk("appeal_corrections"),
        _unique("appeal_corrections", "mark_id"),
    )
    op.create_index(op.f("ix_appeal_corrections_appeal_id"), "appeal_corrections", ["appeal_id"])
    op.create_table(
        "completion_times",
        _id(),
        *_module("completion_times"),
        _int("competitor_id"),
        sa.Column("seconds", sa.Numeric(precision=12, scale=3), nullable=False),
        _int("version"),
        _long_text("reason", nullable=True),
        *_created(),
        _fk("completion_times", "competitor_id", "competitors"),
        _pk("completion_times"),
        _unique("completion_times", "competitor_id", "module_id", "version"),
    )
    op.create_index(op.f("ix_completion_times_contest_id_event_id"), "completion_times", ["contest_id", "event_id"])
    op.create_table(
        "standings_snapshots",
        _id(),
        *_contest("standings_snapshots"),
        _text("event_id", 64),
        _int("number"),
        _int("definition_version"),
        _long_text("standings"),
        _long_text("breakdowns"),
        _long_text("changes"),
        *_created(),
        _pk("standings_snapshots"),
        _unique("standings_snapshots", "contest_id", "event_id", "number"),
    )


def downgrade() -> None:
    op.drop_table("standings_snapshots")
    op.drop_index(op.f("ix_completion_times_contest_id_event_id"), table_name="completion_times")
    op.drop_table("completion_times")
    op.drop_index(op.f("ix_appeal_corrections_appeal_id"), table_name="appeal_corrections")
    op.drop_table("appeal_corrections")
    op.drop_table("appeal_decisions")
    op.drop_index(op.f("ix_appeals_contest_id_event_id"), table_name="appeals")
    op.drop_table("appeals")
    op.drop_table("unblindings")
    op.drop_table("module_locks")
    op.drop_index(op.f("ix_sign_offs_contest_id_event_id_module_id"), table_name="sign_offs")
    op.drop_table("sign_offs")
    op.drop_table("idempotency_keys")
