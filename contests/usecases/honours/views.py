"""Request bodies and answers of the honours use-cases (msgspec Structs, the API's schema)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from contests.fields import FREE_TEXT_PATTERN, Code
from contests.honours import (
    Allocation,
    AttachmentRef,
    Candidate,
    FinalList,
    Ineligible,
    NoticePeriod,
    OrganisationLine,
    ProvisionalList,
    Recusal,
    Round,
    UnitRecord,
    VoteOutcome,
)
from contests.honours.nomination import Record
from contests.honours.organisation_figures import UnitFigures
from contests.honours.vote import Choice
from contests.titles import Accident, TitleAward

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, pattern=FREE_TEXT_PATTERN)]


class _Body(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class RoundView(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    year: int
    version: int
    current_version: int
    stage: str
    definition: Round


class AllocationsView(msgspec.Struct, kw_only=True, frozen=True):
    """Every nominated title's places per unit with the arithmetic, as snapshotted for the version."""

    round: str
    version: int
    titles: list[Allocation]


class NominatorAssignment(_Body):
    username: Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    unit: Code


class CandidatesBody(_Body):
    """People and collectives biwu holds for eligibility; a code sent again is a new version."""

    candidates: Annotated[list[Candidate], msgspec.Meta(min_length=1, max_length=5000)]


class HistoryBody(_Body):
    """Past titles and safety accidents for the shared award history (all or nothing)."""

    awards: Annotated[list[TitleAward], msgspec.Meta(max_length=10_000)] = []
    accidents: Annotated[list[Accident], msgspec.Meta(max_length=10_000)] = []


class HistoryView(msgspec.Struct, kw_only=True, frozen=True):
    awards_added: int
    accidents_added: int


class NominationDraft(_Body):
    title: Code
    nominee: Code
    record: Record  # 事迹
    unit: Code | None = None  # the organiser names it; a nominator nominates for their own unit
    attachments: Annotated[list[AttachmentRef], msgspec.Meta(max_length=50)] = []


class NominationEventView(msgspec.Struct, kw_only=True, frozen=True):
    seq: int
    action: str
    from_state: str
    to_state: str
    actor: str
    reason: str | None
    at: str


class NominationView(msgspec.Struct, kw_only=True, frozen=True):
    id: str
    title: str
    unit: str
    nominee: str
    name: str
    state: str
    state_label: str
    version: int
    record: str
    attachments: list[AttachmentRef]
    events: list[NominationEventView] = []


class WithdrawBody(_Body):
    reason: Reason | None = None


class SittingBody(_Body):
    """Open a sitting of the committee on a title: the members present (the others are absent)."""

    present: Annotated[list[Code], msgspec.Meta(min_length=1, max_length=200)]


class BallotLine(_Body):
    nomination: Code
    choice: Choice


class BallotBody(_Body):
    """A member's votes in a sitting: one per nomination the member is not recused from."""

    ballots: Annotated[list[BallotLine], msgspec.Meta(min_length=1, max_length=500)]


class SittingView(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    stage: int
    state: str
    places: int
    present: list[str]
    absent: list[str]
    nominations: list[str]
    recusals: list[Recusal]
    voted: list[str]  # members who have cast their ballots (not how)
    outcome: VoteOutcome | None = None


class BallotReceipt(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    stage: int
    member: str
    counted: int
    recused: list[str]


class NoticeBody(_Body):
    period: NoticePeriod


class ObjectionBody(_Body):
    nomination: Code
    received: date
    grounds: Record


class DecisionBody(_Body):
    upheld: bool
    reason: Reason
    on: date


class FinaliseBody(_Body):
    on: date


class RevokeBody(_Body):
    nomination: Code
    reason: Reason
    on: date


class NoticeView(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    name: str
    version: int
    notice: ProvisionalList


class FinalView(msgspec.Struct, kw_only=True, frozen=True):
    round: str
    name: str
    version: int
    final: FinalList


class OrganisationBody(_Body):
    """What biwu holds per unit for the award: competitors, awards won, on-time work."""

    records: Annotated[list[UnitRecord], msgspec.Meta(min_length=1, max_length=10_000)]


class OrganisationView(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    name: str
    version: int
    quota: int
    threshold: str
    lines: list[OrganisationLine]
    source: Literal["body", "data"] = "body"  # figures from the request, or from biwu's contest and labour data
    figures: list[UnitFigures] = []  # from data: each unit's figures and where they came from


class EligibilityLine(msgspec.Struct, kw_only=True, frozen=True):
    code: str
    name: str
    unit: str
    reasons: list[Ineligible]


class BoardLine(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    unit: str
    places: int
    used: int


class BoardView(msgspec.Struct, kw_only=True, frozen=True):
    """The organiser's board: quota use per title and unit, counts by state."""

    round: str
    stage: str
    quota_use: list[BoardLine]
    states: dict[str, int]


Format = Literal["json", "toml"]

__all__ = [
    "AllocationsView",
    "BallotBody",
    "BallotLine",
    "BallotReceipt",
    "BoardLine",
    "BoardView",
    "CandidatesBody",
    "DecisionBody",
    "EligibilityLine",
    "FinalView",
    "FinaliseBody",
    "Format",
    "HistoryBody",
    "HistoryView",
    "NominationDraft",
    "NominationEventView",
    "NominationView",
    "NominatorAssignment",
    "NoticeBody",
    "NoticeView",
    "ObjectionBody",
    "OrganisationBody",
    "OrganisationView",
    "Reason",
    "RevokeBody",
    "RoundView",
    "SittingBody",
    "SittingView",
    "WithdrawBody",
]
