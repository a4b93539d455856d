"""Honours rounds (评比表彰, issue 13): the stored rounds and their definition versions, the
quota allocation snapshot of each version, unit nominators, candidates' facts, the shared
award history and safety accidents, nominations (head row, append-only versions, state
events), the committee's votes and ballots, the 公示 versions and the final list versions
(revision 0011).

Append-only like labour: a nomination's 事迹, a candidate's facts, a 公示 and a final list are
never overwritten; a change is version n+1 (unique per key, so two concurrent writers of the
same "next" version collide). Head rows (`honours_rounds`, `honours_nominations`,
`honours_votes`) carry a row version (compare-and-set): of two organisers posting the same
list, or a withdrawal racing the vote, only the first commits.

Ballots are secret: a ballot row is kept so the count can be audited (who was present, that
each member voted once), but the API returns who voted how only when the round declares open
voting. The award history (`title_records`) and accidents (`safety_accidents`) are shared with
labour competitions (`contests.titles`): holders are employee, team or unit codes.

Imported by `contests.store` so `Base.metadata` always has these tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import CODE, NAME, USERNAME, Base, _in
from contests.store.types import utcnow

NOMINATION_STATES = ("nominated", "withdrawn", "elected", "not_elected", "on_notice", "removed", "final", "revoked")
ROUND_STAGES = ("nominating", "on_notice", "final")
VOTE_STATES = ("open", "tallied")
CHOICES = ("yes", "no", "abstain")


def _round_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("honours_rounds.id"))


class HonoursRoundRow(Base):
    """A round and where it stands: nominating (and voting), on 公示, final. `notice_version`
    and `final_version` point at the current 公示 and final list (0: none yet)."""

    __tablename__ = "honours_rounds"
    __table_args__ = (CheckConstraint(_in("stage", ROUND_STAGES), name="stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(CODE), unique=True)
    name: Mapped[str] = mapped_column(String(NAME))
    year: Mapped[int] = mapped_column(Integer)
    current_version: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(16))
    notice_version: Mapped[int] = mapped_column(Integer)
    final_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Compare-and-set guard: posting, an objection's decision, finalising and revoking race here
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": row_version}


class HonoursVersionRow(Base):
    """One immutable version of a round's definition (`contests.honours.Round` as JSON)."""

    __tablename__ = "honours_versions"
    __table_args__ = (UniqueConstraint("round_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursAllocationRow(Base):
    """The quota allocation (名额分配) of one title under one definition version, with its
    arithmetic (`contests.honours.Allocation` JSON): the snapshot nominations are checked against."""

    __tablename__ = "honours_allocations"
    __table_args__ = (UniqueConstraint("round_id", "version", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(CODE))
    allocation: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursNominatorRow(Base):
    """A login that nominates for one unit (推荐单位经办人), as labour's unit reporter."""

    __tablename__ = "honours_nominators"
    __table_args__ = (UniqueConstraint("round_id", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    username: Mapped[str] = mapped_column(String(USERNAME))
    unit: Mapped[str] = mapped_column(String(CODE))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursCandidateRow(Base):
    """One version of what biwu holds about a person or collective for eligibility
    (`contests.honours.Candidate` JSON: unit, hire date, disciplinary action, results)."""

    __tablename__ = "honours_candidates"
    __table_args__ = (UniqueConstraint("round_id", "code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    version: Mapped[int] = mapped_column(Integer)
    facts: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TitleRecordRow(Base):
    """One record of the shared award history (`contests.titles.TitleAward`), append-only:
    an award, or (revoked) its revocation with the reason. `source` says where it came from
    (an import, or the round whose final list made it)."""

    __tablename__ = "title_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(CODE))
    title: Mapped[str] = mapped_column(String(NAME))
    year: Mapped[int] = mapped_column(Integer)
    revoked: Mapped[bool] = mapped_column(Boolean)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(NAME))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SafetyAccidentRow(Base):
    """A safety accident (安全事故) charged to a holder in a year (`contests.titles.Accident`)."""

    __tablename__ = "safety_accidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder: Mapped[str] = mapped_column(String(CODE))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(NAME))
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursNominationRow(Base):
    """A nomination (推荐) and its current state; `code` is its id within the round (N001…)."""

    __tablename__ = "honours_nominations"
    __table_args__ = (
        UniqueConstraint("round_id", "code"),
        CheckConstraint(_in("state", NOMINATION_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    code: Mapped[str] = mapped_column(String(CODE))
    title: Mapped[str] = mapped_column(String(CODE))
    unit: Mapped[str] = mapped_column(String(CODE))
    nominee: Mapped[str] = mapped_column(String(CODE))
    state: Mapped[str] = mapped_column(String(16))
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": row_version}


class HonoursNominationVersionRow(Base):
    """One version of a nomination's 事迹 and attachment references (JSON list)."""

    __tablename__ = "honours_nomination_versions"
    __table_args__ = (UniqueConstraint("nomination_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("honours_nominations.id"))
    version: Mapped[int] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(Text)
    attachments: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)  # why an amended version was written (0014); None on version 1


class HonoursNominationEventRow(Base):
    """One state change of a nomination (`contests.honours.workflow`), append-only."""

    __tablename__ = "honours_nomination_events"
    __table_args__ = (UniqueConstraint("nomination_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("honours_nominations.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(USERNAME))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursVoteRow(Base):
    """One sitting of the committee on a title: stage 0 the vote, 1… the run-offs. `present`
    is the members attending (JSON list); `outcome` the counted result once tallied
    (`contests.honours.VoteOutcome` JSON, ballots left out unless voting is open)."""

    __tablename__ = "honours_votes"
    __table_args__ = (
        UniqueConstraint("round_id", "title", "stage"),
        CheckConstraint(_in("state", VOTE_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    title: Mapped[str] = mapped_column(String(CODE))
    stage: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    present: Mapped[str] = mapped_column(Text)
    nominations: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": row_version}


class HonoursBallotRow(Base):
    """A member's choice on one nomination in one sitting; one per (sitting, member, nomination)."""

    __tablename__ = "honours_ballots"
    __table_args__ = (
        UniqueConstraint("vote_id", "member", "nomination"),
        CheckConstraint(_in("choice", CHOICES), name="choice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("honours_votes.id"))
    member: Mapped[str] = mapped_column(String(CODE))
    nomination: Mapped[str] = mapped_column(String(CODE))
    choice: Mapped[str] = mapped_column(String(8))
    cast_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursNoticeRow(Base):
    """One version of the 公示 (`contests.honours.ProvisionalList` JSON): posted, then a new
    version for each objection recorded or decided."""

    __tablename__ = "honours_notices"
    __table_args__ = (UniqueConstraint("round_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    version: Mapped[int] = mapped_column(Integer)
    notice: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursFinalRow(Base):
    """One version of the final list (`contests.honours.FinalList` JSON): 1 when finalised,
    n+1 for each revocation, with its reason."""

    __tablename__ = "honours_finals"
    __table_args__ = (UniqueConstraint("round_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    version: Mapped[int] = mapped_column(Integer)
    final: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HonoursOrganisationRow(Base):
    """One computation of 优秀组织奖 for a title: the unit records it ran on and its lines."""

    __tablename__ = "honours_organisation"
    __table_args__ = (UniqueConstraint("round_id", "title", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = _round_fk()
    title: Mapped[str] = mapped_column(String(CODE))
    version: Mapped[int] = mapped_column(Integer)
    records: Mapped[str] = mapped_column(Text)
    lines: Mapped[str] = mapped_column(Text)
    # computed from biwu's own data (revision 0015): each unit's figures and their source; NULL: from the request
    figures: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = [
    "CHOICES",
    "NOMINATION_STATES",
    "ROUND_STAGES",
    "VOTE_STATES",
    "HonoursAllocationRow",
    "HonoursBallotRow",
    "HonoursCandidateRow",
    "HonoursFinalRow",
    "HonoursNominationEventRow",
    "HonoursNominationRow",
    "HonoursNominationVersionRow",
    "HonoursNominatorRow",
    "HonoursNoticeRow",
    "HonoursOrganisationRow",
    "HonoursRoundRow",
    "HonoursVersionRow",
    "HonoursVoteRow",
    "SafetyAccidentRow",
    "TitleRecordRow",
]
