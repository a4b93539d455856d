"""Honours rounds (评比表彰, issue 13): rounds and their definition versions, the quota
allocation snapshots, unit nominators, candidates' facts, the shared award history and
safety accidents, nominations (head row, versions, state events), the committee's sittings
and ballots, the 公示 versions, the final list versions and 优秀组织奖 computations.
See contests/store/honours.py.

Written by hand like 0001–0010 (a migration is frozen history and must not import the models).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOMINATION_STATES = "state IN ('nominated', 'withdrawn', 'elected', 'not_elected', 'on_notice', 'removed', 'final', 'revoked')"
ROUND_STAGES = "stage IN ('nominating', 'on_notice', 'final')"
VOTE_STATES = "state IN ('open', 'tallied')"
CHOICES = "choice IN ('yes', 'no', 'abstain')"
TABLES = (
    "honours_organisation", "honours_finals", "honours_notices", "honours_ballots", "honours_votes",
    "honours_nomination_events", "honours_nomination_versions", "honours_nominations", "safety_accidents", "title_records",
    "honours_candidates", "honours_nominators", "honours_allocations", "honours_versions", "honours_rounds",
)  # fmt: skip


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


def _row_version() -> sa.Column:
    return sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _uq(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _ck(table: str, name: str, rule: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(rule, name=op.f(f"ck_{table}_{name}"))


def _round(table: str) -> list:
    return [_int("round_id"), _fk(table, "round_id", "honours_rounds")]


def upgrade() -> None:
    t = "honours_rounds"
    op.create_table(
        t, _id(), _text("slug", 64), _text("name", 200), _int("year"), _int("current_version"), _text("stage", 16),
        _int("notice_version"), _int("final_version"), _utc("created_at"), _row_version(),
        _ck(t, "stage", ROUND_STAGES), _pk(t), _uq(t, "slug"),
    )  # fmt: skip
    t = "honours_versions"
    op.create_table(
        t, _id(), *_round(t), _int("version"), _long("definition"), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "round_id", "version"),
    )  # fmt: skip
    t = "honours_allocations"
    op.create_table(
        t, _id(), *_round(t), _int("version"), _text("title", 64), _long("allocation"), _utc("created_at"),
        _pk(t), _uq(t, "round_id", "version", "title"),
    )  # fmt: skip
    t = "honours_nominators"
    op.create_table(
        t, _id(), *_round(t), _text("username", 64), _text("unit", 64), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "round_id", "username"),
    )  # fmt: skip
    t = "honours_candidates"
    op.create_table(
        t, _id(), *_round(t), _text("code", 64), _int("version"), _long("facts"), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "round_id", "code", "version"),
    )  # fmt: skip
    _history()
    _nominations()
    _votes()
    _lists()


def _history() -> None:
    t = "title_records"
    op.create_table(
        t, _id(), _text("holder", 64), _text("title", 200), _int("year"), sa.Column("revoked", sa.Boolean(), nullable=False),
        _long("revoked_reason", nullable=True), _text("source", 200), _text("created_by", 64), _utc("created_at"), _pk(t),
    )  # fmt: skip
    t = "safety_accidents"
    op.create_table(
        t, _id(), _text("holder", 64), _int("year"), _text("kind", 200), _text("created_by", 64), _utc("created_at"), _pk(t),
    )  # fmt: skip


def _nominations() -> None:
    t = "honours_nominations"
    op.create_table(
        t, _id(), *_round(t), _text("code", 64), _text("title", 64), _text("unit", 64), _text("nominee", 64), _text("state", 16),
        _int("current_version"), _utc("created_at"), _utc("updated_at"), _row_version(),
        _ck(t, "state", NOMINATION_STATES), _pk(t), _uq(t, "round_id", "code"),
    )  # fmt: skip
    t = "honours_nomination_versions"
    op.create_table(
        t, _id(), _int("nomination_id"), _int("version"), _long("record"), _long("attachments"), _text("created_by", 64),
        _utc("created_at"), _fk(t, "nomination_id", "honours_nominations"), _pk(t), _uq(t, "nomination_id", "version"),
    )  # fmt: skip
    t = "honours_nomination_events"
    op.create_table(
        t, _id(), _int("nomination_id"), _int("seq"), _text("action", 16), _text("from_state", 16), _text("to_state", 16),
        _text("actor", 64), _long("reason", nullable=True), _utc("at"),
        _fk(t, "nomination_id", "honours_nominations"), _pk(t), _uq(t, "nomination_id", "seq"),
    )  # fmt: skip


def _votes() -> None:
    t = "honours_votes"
    op.create_table(
        t, _id(), *_round(t), _text("title", 64), _int("stage"), _text("state", 16), _long("present"), _long("nominations"),
        _long("outcome", nullable=True), _text("created_by", 64), _utc("created_at"), _row_version(),
        _ck(t, "state", VOTE_STATES), _pk(t), _uq(t, "round_id", "title", "stage"),
    )  # fmt: skip
    t = "honours_ballots"
    op.create_table(
        t, _id(), _int("vote_id"), _text("member", 64), _text("nomination", 64), _text("choice", 8), _utc("cast_at"),
        _ck(t, "choice", CHOICES), _fk(t, "vote_id", "honours_votes"), _pk(t), _uq(t, "vote_id", "member", "nomination"),
    )  # fmt: skip


def _lists() -> None:
    t = "honours_notices"
    op.create_table(
        t, _id(), *_round(t), _int("version"), _long("notice"), _text("created_by", 64), _utc("created_at"),
        _pk(t), _uq(t, "round_id", "version"),
    )  # fmt: skip
    t = "honours_finals"
    op.create_table(
        t, _id(), *_round(t), _int("version"), _long("final"), _long("reason", nullable=True), _text("created_by", 64),
        _utc("created_at"), _pk(t), _uq(t, "round_id", "version"),
    )  # fmt: skip
    t = "honours_organisation"
    op.create_table(
        t, _id(), *_round(t), _text("title", 64), _int("version"), _long("records"), _long("lines"), _text("created_by", 64),
        _utc("created_at"), _pk(t), _uq(t, "round_id", "title", "version"),
    )  # fmt: skip


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
