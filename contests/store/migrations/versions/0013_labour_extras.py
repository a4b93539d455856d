"""Labour competitions, issue 12 extras: evidence attachments on period reports and the
organiser's reopenings of a period for one participant after a refused late report.

- `labour_report_files`: one row per version of an uploaded file of a report (like
  `campaign_files`): the file's number within the report, the version (a replacement is
  version n+1, nothing is overwritten), the SHA-256 of its bytes (the content key in the
  attachment store), its size, the type read from its bytes, the original name (NFC), who
  uploaded it and when.
- `labour_reopenings`: the organiser reopened (participant, period) after the deadline,
  with the reason; one per participant and period, written with its audit entry.

Written by hand like 0001–0010 (a migration is frozen history and must not import the models).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    t = "labour_report_files"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), _int("report_id"), _int("number"), _int("version"), _text("sha256", 64),
        _int("size_bytes"), _text("kind", 16), _text("filename", 255), _text("uploaded_by", 64), _utc("created_at"),
        sa.CheckConstraint("number >= 1", name=op.f(f"ck_{t}_number")),
        sa.CheckConstraint("version >= 1", name=op.f(f"ck_{t}_version")),
        sa.ForeignKeyConstraint(["report_id"], ["labour_reports.id"], name=op.f(f"fk_{t}_report_id_labour_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("report_id", "number", "version", name=op.f(f"uq_{t}_report_id_number_version")),
    )  # fmt: skip
    t = "labour_reopenings"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), _int("competition_id"), _text("participant", 64), _text("period", 64),
        sa.Column("reason", sa.Text(), nullable=False), _text("created_by", 64), _utc("created_at"),
        sa.ForeignKeyConstraint(["competition_id"], ["labour_competitions.id"], name=op.f(f"fk_{t}_competition_id_labour_competitions")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("competition_id", "participant", "period", name=op.f(f"uq_{t}_competition_id_participant_period")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("labour_reopenings")
    op.drop_table("labour_report_files")
