"""A submission (成果 / 建议): what the employee writes and declares.

Proposers (完成人) share the reward by agreed shares in basis points (1 bp = 0.01%), which
must sum to exactly 10,000 (100%): integers, so "33.33 + 33.33 + 33.34" is exact and a
share that does not add up is refused, never normalised.

Money is exact: the claimed annual benefit is a Decimal in yuan to the fen. The *verified*
benefit is not part of the submission: only finance sets it, through the workflow's
"verify" action (see case.py), so an employee's body can never carry it.

Attachments are metadata only (the file itself lives in storage): name, size, SHA-256 and
content type. Eligibility is declared by the proposers, fact by fact, and checked against
the campaign's rules in eligibility.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from contests.campaigns.categories import Category
from contests.campaigns.definition import Campaign, PeriodCode
from contests.campaigns.errors import SubmissionError
from contests.campaigns.money import yuan_problem
from contests.fields import Code, Name, Slug, validation_problem
from scoring.errors import Problem

FULL_SHARE_BP = 10_000
MAX_PROPOSERS = 20
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024

LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
ShareBp = Annotated[int, msgspec.Meta(ge=1, le=FULL_SHARE_BP)]
FileName = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=r"^[^/\\\x00-\x1f\x7f-\x9f]+(?![\s\S])")]
Sha256 = Annotated[str, msgspec.Meta(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}(?![\s\S])")]
ContentType = Annotated[str, msgspec.Meta(min_length=3, max_length=127, pattern=r"^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*(?![\s\S])")]


class _Rec(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class Proposer(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A proposer (完成人). `unit` defaults to the submission's unit (a co-proposer may come
    from another unit); it decides reviewer conflicts and the unit's participation rate."""

    employee_no: Code
    name: Name
    unit: Code | None = None
    share_bp: ShareBp


class Attachment(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    filename: FileName
    size_bytes: Annotated[int, msgspec.Meta(ge=0, le=MAX_ATTACHMENT_BYTES)]
    sha256: Sha256
    content_type: ContentType


class EligibilityDeclaration(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Facts the proposers declare (RULES.md, Eligibility); every one must be answered."""

    in_use: bool
    already_rewarded: bool
    ip_dispute: bool
    secret: bool
    government_funded: bool


class Submission(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    id: Code
    campaign: Slug
    period: PeriodCode
    category: Category
    title: Name
    problem: LongText
    solution: LongText
    unit: Code
    proposers: Annotated[list[Proposer], msgspec.Meta(min_length=1, max_length=MAX_PROPOSERS)]
    claimed_benefit_yuan: Decimal | None = None
    attachments: Annotated[list[Attachment], msgspec.Meta(max_length=MAX_ATTACHMENTS)] = []
    eligibility: EligibilityDeclaration

    def proposer_unit(self, proposer: Proposer) -> str:
        return proposer.unit if proposer.unit is not None else self.unit

    @property
    def units(self) -> set[str]:
        """Every unit the submission belongs to: its own and its proposers'."""
        return {self.unit} | {self.proposer_unit(p) for p in self.proposers}


def validate_submission(submission: Submission, campaign: Campaign | None = None) -> None:
    problems = submission_problems(submission, campaign)
    if problems:
        raise SubmissionError(problems)


def submission_problems(submission: Submission, campaign: Campaign | None = None) -> list[Problem]:
    """Every problem of the submission on its own and, when given, against its campaign."""
    typed = _type_problems(submission)
    if typed:
        return typed
    problems = share_problems(submission.proposers)
    if submission.claimed_benefit_yuan is not None and (why := yuan_problem(submission.claimed_benefit_yuan)):
        problems.append(Problem("claimed_benefit_yuan", why))
    if campaign is not None:
        problems += _campaign_problems(submission, campaign)
    return problems


def share_problems(proposers: list[Proposer], path: str = "proposers") -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, p in enumerate(proposers):
        if p.employee_no in seen:
            problems.append(
                Problem(f"{path}[{i}].employee_no", f"proposer {p.employee_no!r} is already listed at {path}[{seen[p.employee_no]}]")
            )
        seen.setdefault(p.employee_no, i)
    total = sum(p.share_bp for p in proposers)
    if total != FULL_SHARE_BP:
        problems.append(Problem(path, f"shares sum to {_percent(total)}, need exactly 100% (10000 basis points)"))
    return problems


def _percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}%"


def _campaign_problems(submission: Submission, campaign: Campaign) -> list[Problem]:
    problems = []
    if submission.campaign != campaign.id:
        problems.append(Problem("campaign", f"submission is for campaign {submission.campaign!r}, not {campaign.id!r}"))
    if submission.category not in campaign.categories:
        allowed = ", ".join(campaign.categories)
        problems.append(Problem("category", f"campaign {campaign.id!r} does not accept {submission.category!r} (accepts: {allowed})"))
    if submission.period not in campaign.period_codes:
        problems.append(Problem("period", f"{submission.period!r} is not a period of the campaign ({', '.join(campaign.period_codes)})"))
    return problems


def _type_problems(submission: Submission) -> list[Problem]:
    try:
        msgspec.convert(msgspec.to_builtins(submission), Submission)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc))]
    except (TypeError, ValueError) as exc:
        return [Problem("", f"not a submission: {exc}")]
    return []


def decode_submission(data: bytes | str, campaign: Campaign | None = None) -> Submission:
    try:
        submission = msgspec.json.decode(data, type=Submission)
    except msgspec.ValidationError as exc:
        raise SubmissionError.at(*validation_problem(exc)) from exc
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise SubmissionError.at("", f"not valid JSON: {exc}") from exc
    validate_submission(submission, campaign)
    return submission


__all__ = [
    "Attachment",
    "EligibilityDeclaration",
    "FULL_SHARE_BP",
    "Proposer",
    "Submission",
    "decode_submission",
    "share_problems",
    "submission_problems",
    "validate_submission",
]
