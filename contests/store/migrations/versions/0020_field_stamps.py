"""Field stamps (issue 15): each worker holds the drawn field between rankings.

- `field_stamps`: one row per contest, bumped by triggers on `competitors`, `units`, `teams`, `draws`
  and `draw_assignments` for every insert, update and delete, in the writer's transaction:
  `version` counts the changes, `token` is random at each, so two databases never share a stamp.
  SQLite: row triggers. PostgreSQL: statement triggers with transition tables, one bump per
  statement and contest (a 100,000-row COPY is one bump, not 100,000).

Written by hand like 0001–0019 (a migration is frozen history and must not import the models).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("competitors", "units", "teams", "draws", "draw_assignments")
OPERATIONS = ("insert", "update", "delete")

_SQLITE = """CREATE TRIGGER field_stamp_{table}_{op} AFTER {OP} ON {table}
FOR EACH ROW WHEN {row}.contest_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO field_stamps (contest_id, version, token) VALUES ({row}.contest_id, 0, '');
  UPDATE field_stamps SET version = version + 1, token = lower(hex(randomblob(16)))
  WHERE contest_id = {row}.contest_id;
END"""

_POSTGRES_FUNCTION = """CREATE FUNCTION field_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO field_stamps (contest_id, version, token)
    SELECT contest_id, 1, md5(random()::text || clock_timestamp()::text)
    FROM (SELECT DISTINCT contest_id FROM gone WHERE contest_id IS NOT NULL) AS changed
    ON CONFLICT (contest_id) DO UPDATE SET version = field_stamps.version + 1, token = excluded.token;
  ELSE
    INSERT INTO field_stamps (contest_id, version, token)
    SELECT contest_id, 1, md5(random()::text || clock_timestamp()::text)
    FROM (SELECT DISTINCT contest_id FROM came WHERE contest_id IS NOT NULL) AS changed
    ON CONFLICT (contest_id) DO UPDATE SET version = field_stamps.version + 1, token = excluded.token;
  END IF;
  RETURN NULL;
END $$"""

_POSTGRES = """CREATE TRIGGER field_stamp_{table}_{op} AFTER {OP} ON {table}
REFERENCING {which} TABLE AS {alias} FOR EACH STATEMENT EXECUTE FUNCTION field_stamp_bump()"""


def upgrade() -> None:
    op.create_table(
        "field_stamps",
        sa.Column("contest_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("contest_id", name=op.f("pk_field_stamps")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(_POSTGRES_FUNCTION)
    for table in TABLES:
        for operation in OPERATIONS:
            row = "OLD" if operation == "delete" else "NEW"
            if postgres:
                which, alias = ("OLD", "gone") if operation == "delete" else ("NEW", "came")
                op.execute(_POSTGRES.format(table=table, op=operation, OP=operation.upper(), which=which, alias=alias))
            else:
                op.execute(_SQLITE.format(table=table, op=operation, OP=operation.upper(), row=row))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER field_stamp_{table}_{operation}" + (f" ON {table}" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION field_stamp_bump()")
    op.drop_table("field_stamps")
