"""Standings at scale (issue 15): an index on `draw_assignments (competitor_id)`.

Provisional standings ask which registered competitors are outside the current draw
(`contests.usecases.setup.after_draw`): a NOT EXISTS per competitor on `draw_assignments` by
competitor id. Without an index each probe scanned the contest's assignments, so the check
grew with the square of the field (4.9 s of a 5 s ranking at 3,000 competitors on SQLite);
with it, each probe is one index lookup (2 ms in all at 3,000). Removing a competitor's
assignments (`people.py`) uses it too. PostgreSQL does not index a foreign key by itself.

The marks need no new index: the ranking reads a module's marks by one range scan of
`marks (contest_id, event_id, module_id)` and picks the newest version of each cell in numpy.

Written by hand like 0001–0007 (a migration is frozen history and must not import the models).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_draw_assignments_competitor_id", "draw_assignments", ["competitor_id"])


def downgrade() -> None:
    op.drop_index("ix_draw_assignments_competitor_id", table_name="draw_assignments")
