"""Marks at venue speed (issue 15 point 4): an index that serves a judge's current-marks read.

A judge's batch reads that judge's current marks on the batch's competitors (is each mark
new, unchanged or a correction?). With only `marks (contest_id, event_id, module_id)` the
database found them by scanning the module's marks and grouping them in a temporary B-tree
(SQLite), so each 500-mark batch grew from 25 to 106 ms as the module filled up.

`ix_marks_judge_cells (contest_id, event_id, module_id, judge_id, competitor_id, aspect_id,
version, value)` finds them directly: one index range per competitor, the cells in order,
the newest version last and the value in the index itself (no table lookups). It replaces
the old index, which is its prefix: every query that used the old one (a module's or an
event's marks) reads the new one the same way, and each mark written updates one index
fewer.

Written by hand like 0001–0017 (a migration is frozen history and must not import the models).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CELLS = ["contest_id", "event_id", "module_id", "judge_id", "competitor_id", "aspect_id", "version", "value"]


def upgrade() -> None:
    op.create_index("ix_marks_judge_cells", "marks", CELLS)
    op.drop_index("ix_marks_contest_id_event_id_module_id", table_name="marks")


def downgrade() -> None:
    op.create_index("ix_marks_contest_id_event_id_module_id", "marks", ["contest_id", "event_id", "module_id"])
    op.drop_index("ix_marks_judge_cells", table_name="marks")
