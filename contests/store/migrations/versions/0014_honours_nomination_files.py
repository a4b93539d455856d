"""Honours, issue 13 extras: uploaded attachments of a unit's nomination (推荐附件).

- `honours_nomination_files`: one row per version of an uploaded file of a nomination (like
  `labour_report_files`): the file's number within the nomination, the version (a replacement
  is version n+1, nothing is overwritten), the SHA-256 of its bytes (the content key in the
  attachment store), its size, the type read from its bytes, the original name (NFC), who
  uploaded it and when.

- `honours_nomination_versions.note`: why a version of the 事迹 was written (an amendment
  before the vote needs one; version 1, the nomination itself, has none). An amendment is a
  new version row, so the earlier text stays.

Written by hand like 0001–0013 (a migration is frozen history and must not import the models).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    t = "honours_nomination_files"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), _int("nomination_id"), _int("number"), _int("version"), _text("sha256", 64),
        _int("size_bytes"), _text("kind", 16), _text("filename", 255), _text("uploaded_by", 64),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f(f"ck_{t}_number")),
        sa.CheckConstraint("version >= 1", name=op.f(f"ck_{t}_version")),
        sa.ForeignKeyConstraint(["nomination_id"], ["honours_nominations.id"], name=op.f(f"fk_{t}_nomination_id_honours_nominations")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("nomination_id", "number", "version", name=op.f(f"uq_{t}_nomination_id_number_version")),
    )  # fmt: skip
    with op.batch_alter_table("honours_nomination_versions") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("honours_nomination_versions") as batch:
        batch.drop_column("note")
    op.drop_table("honours_nomination_files")
