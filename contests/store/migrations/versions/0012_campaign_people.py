"""People of a campaign (issue 11 item 5): the employee register and co-proposers' share
confirmations.

- `campaign_employees`: the campaign's register (员工名册): an employee number (工号), name and
  home unit, optionally tied to the employee login they use. One row per number and at most
  one per login in a campaign: a login belongs to one registered employee.
- `campaign_share_confirmations`: append-only; a co-proposer confirms their share of a
  submission (their own login, or the organiser recording a signature on paper, with the
  reason). A confirmation counts while the proposer's share is still the confirmed one.

Written by hand like 0001–0011 (a migration is frozen history and must not import the models).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_employees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_campaign_employees_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_employees")),
        sa.UniqueConstraint("campaign_id", "employee_no", name=op.f("uq_campaign_employees_campaign_id_employee_no")),
        sa.UniqueConstraint("campaign_id", "username", name=op.f("uq_campaign_employees_campaign_id_username")),
    )
    op.create_table(
        "campaign_share_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(64), nullable=False),
        sa.Column("share_bp", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["campaign_submissions.id"], name=op.f("fk_campaign_share_confirmations_submission_id_campaign_submissions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_share_confirmations")),
    )
    op.create_index(op.f("ix_campaign_share_confirmations_submission_id"), "campaign_share_confirmations", ["submission_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_campaign_share_confirmations_submission_id"), table_name="campaign_share_confirmations")
    op.drop_table("campaign_share_confirmations")
    op.drop_table("campaign_employees")
