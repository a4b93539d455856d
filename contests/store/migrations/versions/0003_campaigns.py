"""Five-smalls campaigns: campaigns and their definition versions, units with headcounts,
reviewers, submissions (proposers, attachments), the append-only transition history,
review panels and append-only review scores, the published award list, awards and their
per-proposer shares; and three new login roles (employee, reviewer, finance).

Written out by hand like 0001 and 0002 (a migration is frozen history and must not import
the models). See contests/store/models.py.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD_ROLES = "role IN ('organiser', 'chief_judge', 'judge', 'viewer')"
NEW_ROLES = "role IN ('organiser', 'chief_judge', 'judge', 'viewer', 'employee', 'reviewer', 'finance')"
STATES = (
    "state IN ('draft', 'submitted', 'accepted', 'rejected', 'under_review', 'adopted', 'not_adopted', "
    "'in_trial', 'implemented', 'verified', 'awarded', 'archived', 'withdrawn')"
)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _text(name: str, length: int, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def _long_text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fen(name: str) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def _yuan(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(precision=15, scale=2), nullable=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _link(table: str, column: str, target: str) -> tuple[sa.Column, sa.ForeignKeyConstraint]:
    return (_int(column), _fk(table, column, target))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _created() -> list[sa.Column]:
    return [_text("created_by", 64), _utc("created_at")]


def _set_roles(check: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role"), check)


def upgrade() -> None:
    _set_roles(NEW_ROLES)
    op.create_table(
        "campaigns",
        _id(),
        _text("slug", 64),
        _text("name", 200),
        _int("year"),
        _int("current_version"),
        _utc("created_at"),
        _pk("campaigns"),
        _unique("campaigns", "slug"),
    )
    op.create_table(
        "campaign_versions",
        _id(),
        *_link("campaign_versions", "campaign_id", "campaigns"),
        _int("version"),
        _long_text("definition"),
        *_created(),
        _pk("campaign_versions"),
        _unique("campaign_versions", "campaign_id", "version"),
    )
    op.create_table(
        "campaign_units",
        _id(),
        *_link("campaign_units", "campaign_id", "campaigns"),
        _text("code", 64),
        _text("name", 200),
        _int("headcount", nullable=True),
        _pk("campaign_units"),
        _unique("campaign_units", "campaign_id", "code"),
    )
    op.create_table(
        "campaign_reviewers",
        _id(),
        *_link("campaign_reviewers", "campaign_id", "campaigns"),
        _text("code", 64),
        _text("name", 200),
        _text("unit", 64),
        _text("employee_no", 64, nullable=True),
        _text("username", 64, nullable=True),
        _pk("campaign_reviewers"),
        _unique("campaign_reviewers", "campaign_id", "code"),
        _unique("campaign_reviewers", "campaign_id", "username"),
    )
    op.create_table(
        "campaign_submissions",
        _id(),
        *_link("campaign_submissions", "campaign_id", "campaigns"),
        _text("owner", 64),
        _text("state", 20),
        _text("period", 16),
        _text("category", 20),
        _text("title", 200),
        _long_text("problem"),
        _long_text("solution"),
        *_link("campaign_submissions", "unit_id", "campaign_units"),
        _yuan("claimed_benefit_yuan"),
        _yuan("verified_benefit_yuan"),
        _text("verified_by", 200, nullable=True),
        _long_text("reason", nullable=True),
        _long_text("eligibility"),
        _text("blind_code", 12),
        _utc("created_at"),
        _utc("updated_at"),
        sa.CheckConstraint(STATES, name=op.f("ck_campaign_submissions_state")),
        _pk("campaign_submissions"),
        _unique("campaign_submissions", "campaign_id", "blind_code"),
    )
    op.create_index(op.f("ix_campaign_submissions_campaign_id_owner"), "campaign_submissions", ["campaign_id", "owner"])
    op.create_table(
        "campaign_proposers",
        _id(),
        *_link("campaign_proposers", "submission_id", "campaign_submissions"),
        _int("position"),
        _text("employee_no", 64),
        _text("name", 200),
        _text("unit", 64, nullable=True),
        _int("share_bp"),
        _pk("campaign_proposers"),
        _unique("campaign_proposers", "submission_id", "employee_no"),
    )
    op.create_table(
        "campaign_attachments",
        _id(),
        *_link("campaign_attachments", "submission_id", "campaign_submissions"),
        _int("position"),
        _text("filename", 255),
        _int("size_bytes"),
        _text("sha256", 64),
        _text("content_type", 127),
        _pk("campaign_attachments"),
        _unique("campaign_attachments", "submission_id", "position"),
    )
    op.create_table(
        "campaign_transitions",
        _id(),
        *_link("campaign_transitions", "campaign_id", "campaigns"),
        *_link("campaign_transitions", "submission_id", "campaign_submissions"),
        _int("seq"),
        _text("action", 20),
        _text("from_state", 20),
        _text("to_state", 20),
        _text("actor", 64),
        _text("actor_role", 20),
        _long_text("payload"),
        _utc("at"),
        _pk("campaign_transitions"),
        _unique("campaign_transitions", "submission_id", "seq"),
    )
    op.create_index(op.f("ix_campaign_transitions_campaign_id_id"), "campaign_transitions", ["campaign_id", "id"])
    op.create_table(
        "campaign_review_assignments",
        _id(),
        *_link("campaign_review_assignments", "submission_id", "campaign_submissions"),
        *_link("campaign_review_assignments", "reviewer_id", "campaign_reviewers"),
        _int("position"),
        *_created(),
        _pk("campaign_review_assignments"),
        _unique("campaign_review_assignments", "submission_id", "reviewer_id"),
        _unique("campaign_review_assignments", "submission_id", "position"),
    )
    op.create_table(
        "campaign_review_scores",
        _id(),
        *_link("campaign_review_scores", "submission_id", "campaign_submissions"),
        *_link("campaign_review_scores", "reviewer_id", "campaign_reviewers"),
        _int("version"),
        _long_text("marks"),
        *_created(),
        _pk("campaign_review_scores"),
        _unique("campaign_review_scores", "submission_id", "reviewer_id", "version"),
    )
    op.create_table(
        "campaign_award_lists",
        _id(),
        *_link("campaign_award_lists", "campaign_id", "campaigns"),
        _int("definition_version"),
        _long_text("award_list"),
        *_created(),
        _pk("campaign_award_lists"),
        _unique("campaign_award_lists", "campaign_id"),
    )
    op.create_table(
        "campaign_awards",
        _id(),
        *_link("campaign_awards", "submission_id", "campaign_submissions"),
        *_link("campaign_awards", "award_list_id", "campaign_award_lists"),
        _int("grade"),
        _fen("table_fen"),
        _fen("reward_fen"),
        _pk("campaign_awards"),
        _unique("campaign_awards", "submission_id"),
    )
    op.create_table(
        "campaign_award_shares",
        _id(),
        *_link("campaign_award_shares", "award_id", "campaign_awards"),
        _int("position"),
        _text("employee_no", 64),
        _text("name", 200),
        _int("share_bp"),
        _fen("amount_fen"),
        _pk("campaign_award_shares"),
        _unique("campaign_award_shares", "award_id", "employee_no"),
    )


def downgrade() -> None:
    op.drop_table("campaign_award_shares")
    op.drop_table("campaign_awards")
    op.drop_table("campaign_award_lists")
    op.drop_table("campaign_review_scores")
    op.drop_table("campaign_review_assignments")
    op.drop_index(op.f("ix_campaign_transitions_campaign_id_id"), table_name="campaign_transitions")
    op.drop_table("campaign_transitions")
    op.drop_table("campaign_attachments")
    op.drop_table("campaign_proposers")
    op.drop_index(op.f("ix_campaign_submissions_campaign_id_owner"), table_name="campaign_submissions")
    op.drop_table("campaign_submissions")
    op.drop_table("campaign_reviewers")
    op.drop_table("campaign_units")
    op.drop_table("campaign_versions")
    op.drop_table("campaigns")
    op.execute("DELETE FROM users WHERE role IN ('employee', 'reviewer', 'finance')")
    _set_roles(OLD_ROLES)
