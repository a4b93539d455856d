"""Certificates (获奖证书) and their revocations (issue 14, item 5).

- `certificates`: one row per certificate issued for an award, with its public serial
  number, the published snapshot (contest, event, snapshot number) or the campaign award
  list it was issued from, and what was printed on it (holder key, name, unit, award), so
  the public verification page can confirm the paper against the published list. `scope`
  names the list ("contest/<id>/<event>/<snapshot>" or "campaign/<id>"): one certificate per
  holder and list, also when contest_id or campaign_id is NULL.
- `certificate_revocations`: append-only, at most one per certificate (revocation is final),
  with the organiser's reason; the audit entry is written in the same transaction.

Written by hand like 0001–0006 (a migration is frozen history and must not import the models).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_SOURCE = "(contest_id IS NULL) <> (campaign_id IS NULL)"


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(128), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(64), nullable=True),
        sa.Column("snapshot_number", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("award", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ONE_SOURCE, name=op.f("ck_certificates_one_source")),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name=op.f("fk_certificates_contest_id_contests")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_certificates_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("serial", name=op.f("uq_certificates_serial")),
        sa.UniqueConstraint("scope", "holder", name=op.f("uq_certificates_scope_holder")),
    )
    op.create_table(
        "certificate_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"], ["certificates.id"], name=op.f("fk_certificate_revocations_certificate_id_certificates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_revocations")),
        sa.UniqueConstraint("certificate_id", name=op.f("uq_certificate_revocations_certificate_id")),
    )


def downgrade() -> None:
    op.drop_table("certificate_revocations")
    op.drop_table("certificates")
