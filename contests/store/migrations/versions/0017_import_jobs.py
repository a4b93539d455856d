"""Imports at scale (issue 15, point 2): a large import over HTTP runs as a job.

- `import_jobs`: one row per import job: its public id (a random token, the job's URL), the
  contest, the kind of import (`competitors`, `theory_marks`), the state
  (queued → running → done | refused | failed), the phase and the counts of rows read and
  written (the progress any app worker can answer, not kept in one process's memory), the
  final row report as JSON (the same report the synchronous import answers), who started it
  and when it was created, last updated and finished.

Written by hand like 0001–0010 (a migration is frozen history and must not import the models).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _utc(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    t = "import_jobs"
    op.create_table(
        t, sa.Column("id", sa.Integer(), nullable=False), _text("token", 32), _int("contest_id"), _text("kind", 32), _text("state", 16),
        _text("phase", 16), _int("rows_read"), _int("rows_written"), sa.Column("report", sa.Text(), nullable=True),
        _text("created_by", 64), _utc("created_at"), _utc("updated_at"), _utc("finished_at", nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'refused', 'failed')", name=op.f(f"ck_{t}_state")),
        sa.CheckConstraint("rows_read >= 0 AND rows_written >= 0", name=op.f(f"ck_{t}_counts")),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name=op.f(f"fk_{t}_contest_id_contests")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("token", name=op.f(f"uq_{t}_token")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("import_jobs")
