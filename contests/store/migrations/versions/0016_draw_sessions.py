"""Draws with sessions (场次 × 工位), issue 15 point 5.

A large event runs its competitors in sessions over a limited number of stations. Each
assignment already carries its session number (`draw_assignments.session`, 0001); this adds
the session plan of the draw itself:

- `draws.stations_per_session`: the stations each session seats (NULL for a draw made
  without sessions: one station per competitor, all in session 1, as before).
- `draw_sessions`: one row per session of a draw: its number, how many competitors it
  seats, and the optional declared start and end time (aware, stored as UTC).

Written by hand like 0001–0013 (a migration is frozen history and must not import the models).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draws") as batch:
        batch.add_column(sa.Column("stations_per_session", sa.Integer(), nullable=True))
    t = "draw_sessions"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False), sa.Column("seated", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True), sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("session >= 1", name=op.f(f"ck_{t}_session")),
        sa.CheckConstraint("seated >= 1", name=op.f(f"ck_{t}_seated")),
        sa.ForeignKeyConstraint(["draw_id"], ["draws.id"], name=op.f(f"fk_{t}_draw_id_draws")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("draw_id", "session", name=op.f(f"uq_{t}_draw_id_session")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("draw_sessions")
    with op.batch_alter_table("draws") as batch:
        batch.drop_column("stations_per_session")
