"""Shared counts (issue 15, point 7): the login limits hold across app workers.

- `shared_counts`: one row per counted key (a client address's login attempts this minute,
  an account's failed logins): the key, its JSON value and when it expires. Every worker
  reads and writes the same rows, so N workers allow the limit once, not N times.

Written by hand like 0001–0018 (a migration is frozen history and must not import the models).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shared_counts",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_shared_counts")),
    )
    op.create_index("ix_shared_counts_expires_at", "shared_counts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_shared_counts_expires_at", table_name="shared_counts")
    op.drop_table("shared_counts")
