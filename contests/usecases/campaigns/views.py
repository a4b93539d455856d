"""What the campaign use-cases take and return (五小 / 合理化建议): msgspec Structs, safe to
decode from and encode as API bodies.

Money in request bodies is text in yuan (`"120000.50"`), matched by a strict pattern: at
most 12 integer digits and 2 decimal places, no sign, no exponent. Every string the pattern
accepts is a valid amount to the fen (so the published schema and the rule agree), and
anything else (a JSON number, "1e5", "NaN", "0.001") is refused at decode time. Responses
carry the exact `Decimal`s. The domain's Campaign takes a Decimal band bound; `CampaignBody`
is the same Struct with that bound as text, converted by `campaign_from_body`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import msgspec

from contests.campaigns.award_list import AwardList
from contests.campaigns.blind import BlindSubmission, OpenSubmission
from contests.campaigns.categories import Category
from contests.campaigns.definition import BenefitBand, Campaign, GradeRules, GradingPreset, PeriodCode
from contests.campaigns.errors import CampaignError
from contests.campaigns.submission import (
    MAX_ATTACHMENTS,
    MAX_PROPOSERS,
    Attachment,
    EligibilityDeclaration,
    LongText,
    Proposer,
    ShareBp,
    Submission,
)
from contests.campaigns.workflow import Action, Reason, State, TransitionPayload
from contests.fields import Code, Name, validation_problem
from scoring.scheme import Ident

YUAN_PATTERN = r"^(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,2})?(?![\s\S])"
Yuan = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=15, pattern=YUAN_PATTERN, examples=["120000.50"],
        description="yuan as exact decimal text: up to 12 digits, at most 2 decimal places (fen)",
    ),
]  # fmt: skip
Username = Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern="^[A-Za-z0-9_.\\-]{3,64}(?![\\s\\S])")]
Mark = Annotated[float, msgspec.Meta(ge=-1_000_000, le=1_000_000)]


class _In(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class _View(msgspec.Struct, kw_only=True, frozen=True):
    pass


# ---------------------------------------------------------------- inputs


class BenefitBandBody(BenefitBand, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A verified annual benefit ≥ `min_yuan` earns `grade`."""

    min_yuan: Yuan  # type: ignore[assignment]


class GradeRulesBody(GradeRules, kw_only=True, frozen=True, forbid_unknown_fields=True):
    benefit_bands: list[BenefitBandBody] = []  # type: ignore[assignment]


class CampaignBody(Campaign, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A campaign definition as an API body (`contests.campaigns.Campaign`, band bounds as text)."""

    grading: GradeRulesBody | GradingPreset  # type: ignore[assignment]


def campaign_from_body(body: Campaign) -> Campaign:
    """The domain Campaign of a body (a Campaign passes through unchanged)."""
    if type(body) is Campaign:
        return body
    try:
        return msgspec.json.decode(msgspec.json.encode(body), type=Campaign)
    except msgspec.ValidationError as exc:
        raise CampaignError.at(*validation_problem(exc)) from exc


class SubmissionDraft(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """What an employee writes (the id, campaign and owner are the service's)."""

    period: PeriodCode
    category: Category
    title: Name
    problem: LongText
    solution: LongText
    unit: Code
    proposers: Annotated[list[Proposer], msgspec.Meta(min_length=1, max_length=MAX_PROPOSERS)]
    claimed_benefit_yuan: Yuan | None = None
    attachments: Annotated[list[Attachment], msgspec.Meta(max_length=MAX_ATTACHMENTS)] = []
    eligibility: EligibilityDeclaration

    def claimed(self) -> Decimal | None:
        return None if self.claimed_benefit_yuan is None else Decimal(self.claimed_benefit_yuan)


class TransitionRequest(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One workflow action and what it carries (`reason` for reject / decline / abandon,
    `verified_benefit_yuan` and `verified_by` for verify). Awards are given by publishing
    the award list, not here."""

    action: Action
    reason: Reason | None = None
    note: Reason | None = None
    verified_benefit_yuan: Yuan | None = None
    verified_by: Name | None = None

    def payload(self) -> TransitionPayload:
        benefit = None if self.verified_benefit_yuan is None else Decimal(self.verified_benefit_yuan)
        return TransitionPayload(reason=self.reason, note=self.note, verified_benefit_yuan=benefit, verified_by=self.verified_by)


class CampaignReviewer(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """An expert reviewer of the campaign. `employee_no` (when the reviewer is an employee)
    and `unit` decide conflicts of interest; `username` links the login they score with."""

    code: Code
    name: Name
    unit: Code
    employee_no: Code | None = None
    username: Username | None = None


class PanelBody(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The reviewers of one submission, by code, in panel order (exactly the campaign's panel size)."""

    reviewers: Annotated[list[Code], msgspec.Meta(min_length=1, max_length=50)]


class ScoreBody(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One reviewer's rubric marks: aspect id → mark (as the aspect's kind reads it)."""

    marks: Annotated[dict[Ident, Mark], msgspec.Meta(max_length=500)]


# ---------------------------------------------------------------- views


class CampaignView(_View, kw_only=True, frozen=True):
    id: int
    slug: str
    version: int
    definition: Campaign
    published: bool  # the award list is published: the campaign is closed
    created_at: dt.datetime


class CampaignSummary(_View, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    year: int
    version: int
    published: bool


class TransitionView(_View, kw_only=True, frozen=True):
    seq: int
    action: str
    from_state: str
    to_state: str
    actor: str
    actor_role: str
    at: dt.datetime
    payload: TransitionPayload


class AwardView(_View, kw_only=True, frozen=True):
    grade: int
    table_fen: int
    reward_fen: int
    shares: dict[str, int]  # employee number → fen


class SubmissionView(_View, kw_only=True, frozen=True):
    """A submission and where it stands. `blind_code` only for the organiser (who forms panels);
    `allowed_actions` are those the reader's role may take now."""

    id: int
    campaign_id: int
    owner: str
    state: State
    submission: Submission
    blind_code: str | None
    verified_benefit_yuan: Decimal | None
    verified_by: str | None
    reason: str | None
    award: AwardView | None
    allowed_actions: list[str]
    history: list[TransitionView]
    created_at: dt.datetime
    updated_at: dt.datetime


class PanelView(_View, kw_only=True, frozen=True):
    submission_id: int
    reviewers: list[str]  # codes in slot order


class ReviewTask(_View, kw_only=True, frozen=True):
    """A submission assigned to the reviewer: `blind_view` (code, no names, no unit) when
    the campaign reviews blind, else `open_view`. `open` is True while scores are taken
    (state under review)."""

    code: str
    open: bool
    blind: bool
    blind_view: BlindSubmission | None
    open_view: OpenSubmission | None
    my_version: int | None
    my_marks: dict[str, float] | None


class ScoreRecord(_View, kw_only=True, frozen=True):
    code: str
    reviewer: str
    version: int
    marks: dict[str, float]
    created_at: dt.datetime


class ReviewerMarks(_View, kw_only=True, frozen=True):
    reviewer: str
    name: str
    version: int | None
    marks: dict[str, float] | None


class SubmissionScores(_View, kw_only=True, frozen=True):
    """The panel's latest marks and, once every reviewer has scored, the engine's score."""

    submission_id: int
    complete: bool
    score: Decimal | None
    panel: list[ReviewerMarks]


class AwardListView(_View, kw_only=True, frozen=True):
    """The published award list, or a live preview (`published` False) before publication."""

    campaign_id: int
    published: bool
    definition_version: int
    published_at: dt.datetime | None
    published_by: str | None
    award_list: AwardList


class CampaignAuditEntry(_View, kw_only=True, frozen=True):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    before: Any
    after: Any
    reason: str | None


# ---------------------------------------------------------------- people


class EmployeeBody(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """An employee of the campaign's register (员工名册): 工号, name, home unit (a unit of the
    campaign) and, optionally, the employee login that belongs to them."""

    employee_no: Code
    name: Name
    unit: Code
    username: Username | None = None


class ShareConfirmationBody(_In, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A co-proposer confirms the share they were shown. An employee confirms their own
    (`employee_no` left out or their own 工号); the organiser records a confirmation signed on
    paper for `employee_no`, with the `reason` (e.g. "书面签字确认，2025-06-01")."""

    share_bp: ShareBp
    employee_no: Code | None = None
    reason: Reason | None = None


class ShareConfirmationView(_View, kw_only=True, frozen=True):
    """Where a proposer's share stands: `writer` is the proposer who wrote the submission
    (their share needs no confirmation); `confirmed` is true when the latest confirmation
    is of the current share."""

    employee_no: str
    name: str
    share_bp: int
    writer: bool
    confirmed: bool
    confirmed_share_bp: int | None
    confirmed_by: str | None
    reason: str | None
    confirmed_at: dt.datetime | None


class PayLine(_View, kw_only=True, frozen=True):
    """One proposer's part of a published award, as the pay office pays it."""

    place: int
    submission: str
    title: str
    unit: str
    unit_name: str
    grade: int
    grade_name: str
    reward_fen: int
    employee_no: str
    name: str
    proposer_unit: str
    share_bp: int
    amount_fen: int
    amount_yuan: Decimal


class PaySheet(_View, kw_only=True, frozen=True):
    """The pay office's sheet of a published award list (organiser and finance only):
    every proposer's part in fen, summing exactly to each award and to `total_paid_fen`."""

    campaign_id: int
    campaign: str
    name: str
    year: int
    definition_version: int
    published_at: dt.datetime
    lines: list[PayLine]
    total_paid_fen: int
    total_paid_yuan: Decimal


__all__ = [
    "AwardListView",
    "EmployeeBody",
    "PayLine",
    "PaySheet",
    "ShareConfirmationBody",
    "ShareConfirmationView",
    "AwardView",
    "BenefitBandBody",
    "CampaignAuditEntry",
    "CampaignBody",
    "CampaignReviewer",
    "CampaignSummary",
    "CampaignView",
    "GradeRulesBody",
    "Mark",
    "PanelBody",
    "PanelView",
    "ReviewTask",
    "ReviewerMarks",
    "ScoreBody",
    "ScoreRecord",
    "SubmissionDraft",
    "SubmissionScores",
    "SubmissionView",
    "TransitionRequest",
    "TransitionView",
    "YUAN_PATTERN",
    "Yuan",
    "campaign_from_body",
]
