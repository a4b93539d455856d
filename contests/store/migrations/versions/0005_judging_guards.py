"""Race guards of the judging day (issue 10, item 0): two concurrent requests never both win.

- `module_states`: one row per module with a `version` that every change of the module's
  judging-day state moves on by compare-and-set (`UPDATE … WHERE version = <read>`): locks,
  unlocks and appeal decisions of the module, and unblinding and publishing, which depend
  on all the event's modules;
- `sign_offs.seq`: a judge's signatures of a module are numbered, unique per (module,
  judge), so two racing signatures of one sheet collide. Existing rows are numbered in id
  order.

Written by hand like 0001–0004 (a migration is frozen history and must not import the models).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIGN_OFF_KEY = ("contest_id", "event_id", "module_id", "judge_id", "seq")
MODULE_KEY = ("contest_id", "event_id", "module_id")


def upgrade() -> None:
    op.create_table(
        "module_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name=op.f("fk_module_states_contest_id_contests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_states")),
        sa.UniqueConstraint(*MODULE_KEY, name=op.f("uq_module_states_contest_id_event_id_module_id")),
    )
    with op.batch_alter_table("sign_offs") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    # number each judge's signatures of a module in the order they were made
    op.execute(
        "UPDATE sign_offs SET seq = (SELECT count(*) FROM sign_offs AS earlier"
        " WHERE earlier.contest_id = sign_offs.contest_id AND earlier.event_id = sign_offs.event_id"
        " AND earlier.module_id = sign_offs.module_id AND earlier.judge_id = sign_offs.judge_id"
        " AND earlier.id <= sign_offs.id)"
    )
    with op.batch_alter_table("sign_offs") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(op.f("uq_sign_offs_contest_id_event_id_module_id_judge_id_seq"), list(SIGN_OFF_KEY))


def downgrade() -> None:
    with op.batch_alter_table("sign_offs") as batch:
        batch.drop_constraint(op.f("uq_sign_offs_contest_id_event_id_module_id_judge_id_seq"), type_="unique")
        batch.drop_column("seq")
    op.drop_table("module_states")
