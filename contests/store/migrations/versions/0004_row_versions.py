"""Row versions for compare-and-set: a submission's state changes only if nobody changed the
row since it was read (`version_id_col` in contests/store/models.py). Without it two racing
transitions read the same state and both committed (issue 10, item 0).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign_submissions") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("campaign_submissions") as batch:
        batch.drop_column("version")
