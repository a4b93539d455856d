"""Uploaded files of campaign submissions (附件, issue 11 item 2).

- `campaign_files`: one row per version of an uploaded file: the submission, the file's
  number within it, the version (replacing a file appends version n+1; nothing is
  overwritten), the SHA-256 of its bytes (the content key in the attachment store), its
  size, the type read from its bytes, the original file name (NFC) and who uploaded it when.
  The audit entry is written in the same transaction.

Written by hand like 0001–0007 (a migration is frozen history and must not import the models).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_campaign_files_number")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_campaign_files_version")),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["campaign_submissions.id"], name=op.f("fk_campaign_files_submission_id_campaign_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_files")),
        sa.UniqueConstraint("submission_id", "number", "version", name=op.f("uq_campaign_files_submission_id_number_version")),
    )


def downgrade() -> None:
    op.drop_table("campaign_files")
