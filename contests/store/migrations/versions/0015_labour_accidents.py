"""Issue 13: labour safety-accident records (安全事故记录, for 安康杯) and the figures of an
优秀组织奖 computed from biwu's own data.

- `labour_accidents`: one row per version of an accident recorded in a labour competition:
  its number within the competition, the version (a correction is version n+1 with its
  reason, nothing is overwritten; a withdrawn record is a version with `withdrawn` true), the
  unit, team and person it is charged to (team and person optional), the day it happened, the
  severity class (one of the declared list, e.g. 轻伤/重伤/死亡), the description, who
  reported it, who recorded it and when.
- `honours_organisation.figures` (nullable): when the award was computed from biwu's own
  contest and labour data, each unit's figures and where they came from (JSON); NULL for a
  computation from figures given in the request.

Written by hand like 0001–0013 (a migration is frozen history and must not import the models).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    t = "labour_accidents"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), _int("competition_id"), _int("number"), _int("version"),
        _text("unit", 64), _text("team", 64, nullable=True), _text("person", 64, nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False), _text("severity", 16),
        sa.Column("description", sa.Text(), nullable=False), _text("reporter", 200),
        sa.Column("withdrawn", sa.Boolean(), nullable=False), sa.Column("reason", sa.Text(), nullable=True),
        _text("created_by", 64), sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f(f"ck_{t}_number")),
        sa.CheckConstraint("version >= 1", name=op.f(f"ck_{t}_version")),
        sa.ForeignKeyConstraint(["competition_id"], ["labour_competitions.id"], name=op.f(f"fk_{t}_competition_id_labour_competitions")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("competition_id", "number", "version", name=op.f(f"uq_{t}_competition_id_number_version")),
    )  # fmt: skip
    op.create_index(op.f(f"ix_{t}_unit"), t, ["unit"])
    with op.batch_alter_table("honours_organisation") as batch:
        batch.add_column(sa.Column("figures", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("honours_organisation") as batch:
        batch.drop_column("figures")
    op.drop_index(op.f("ix_labour_accidents_unit"), table_name="labour_accidents")
    op.drop_table("labour_accidents")
