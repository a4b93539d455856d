"""People of a campaign (revision 0012): the employee register and the co-proposers' share
confirmations.

A login belongs to one registered employee of a campaign (`campaign_employees.username`,
unique per campaign), the way a labour reporter's login belongs to one unit
(`labour_reporters`): the register lives with the campaign because the campaign owns its
units, and an employee's home unit is one of them. Employee logins stay plain accounts
(`users`); the register says who they are in this campaign.

Confirmations are append-only: a co-proposer's confirmation counts while their share on the
submission is still the confirmed `share_bp` (editing a draft's shares asks again).

Imported by `contests.store` so `Base.metadata` always has these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import CODE, NAME, USERNAME, Base
from contests.store.types import utcnow


class CampaignEmployeeRow(Base):
    """An employee of the campaign's register (员工名册): 工号, name, home unit (a campaign
    unit code) and the employee login tied to them, if any."""

    __tablename__ = "campaign_employees"
    __table_args__ = (UniqueConstraint("campaign_id", "employee_no"), UniqueConstraint("campaign_id", "username"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    employee_no: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(String(NAME))
    unit: Mapped[str] = mapped_column(String(CODE))
    username: Mapped[str | None] = mapped_column(String(USERNAME))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ShareConfirmationRow(Base):
    """A co-proposer's confirmation of their share of a submission. `confirmed_by` is their
    own login, or the organiser's with `reason` (a signature collected on paper)."""

    __tablename__ = "campaign_share_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("campaign_submissions.id"), index=True)
    employee_no: Mapped[str] = mapped_column(String(CODE))
    share_bp: Mapped[int] = mapped_column(Integer)
    confirmed_by: Mapped[str] = mapped_column(String(USERNAME))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = ["CampaignEmployeeRow", "ShareConfirmationRow"]
