"""Accounts that can be managed (issue 10, item 9).

- `users.disabled`: a disabled account neither logs in nor keeps its tokens;
- `users.token_generation`: every token carries the generation it was issued under;
  disabling, a password change or reset, and a judge login leaving its last panel move it
  on, which revokes every older token at once;
- `signing_keys`: the token-signing key generated once when BIWU_SECRET is not set, so a
  restart (or a second worker) accepts the tokens already handed out.

Written by hand like 0001–0005 (a migration is frozen history and must not import the models).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("token_generation", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "signing_keys",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_signing_keys")),
    )


def downgrade() -> None:
    op.drop_table("signing_keys")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_generation")
        batch.drop_column("disabled")
