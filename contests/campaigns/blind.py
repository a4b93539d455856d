"""What a reviewer reads. Under blind review (the campaign's default) the reviewer sees a
blind code instead of the submission id, and no proposer, employee number or unit: the id
and the units could name the proposers as surely as their names (DESIGN.md, "Blind until
unblinded"). Attachment file names are left out too (they often carry a name); the size,
SHA-256 and content type stay, so the reviewer can fetch and check the file by its hash.

Blind codes come from the lot draw (contests/draw.py): HMAC-seeded, not derived from ids, so
the code → submission table is secret until the organiser unblinds. The free text the
proposers wrote (title, problem, solution) is shown as written; proposers are told not to
sign it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import msgspec

from contests.campaigns.categories import category_label
from contests.campaigns.submission import Attachment, Proposer, Submission
from contests.draw import draw


class BlindAttachment(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    size_bytes: int
    sha256: str
    content_type: str


class BlindSubmission(msgspec.Struct, frozen=True, kw_only=True):
    """A submission as a blind reviewer sees it."""

    code: str
    category: str
    category_label: str
    title: str
    problem: str
    solution: str
    claimed_benefit_yuan: Decimal | None
    attachments: list[BlindAttachment]


class OpenSubmission(msgspec.Struct, frozen=True, kw_only=True):
    """A submission as a reviewer sees it when the campaign does not review blind."""

    id: str
    category: str
    category_label: str
    title: str
    problem: str
    solution: str
    unit: str
    proposers: list[Proposer]
    claimed_benefit_yuan: Decimal | None
    attachments: list[Attachment]


def blind_codes(submission_ids: Sequence[str], seed: int) -> dict[str, str]:
    """submission id → blind code, from a seeded lot draw (keep the seed secret)."""
    return draw(submission_ids, 1, seed).codes()


def blind_view(submission: Submission, code: str) -> BlindSubmission:
    return BlindSubmission(
        code=code,
        category=submission.category,
        category_label=category_label(submission.category),
        title=submission.title,
        problem=submission.problem,
        solution=submission.solution,
        claimed_benefit_yuan=submission.claimed_benefit_yuan,
        attachments=[
            BlindAttachment(number=k + 1, size_bytes=a.size_bytes, sha256=a.sha256, content_type=a.content_type)
            for k, a in enumerate(submission.attachments)
        ],
    )


def open_view(submission: Submission) -> OpenSubmission:
    return OpenSubmission(
        id=submission.id,
        category=submission.category,
        category_label=category_label(submission.category),
        title=submission.title,
        problem=submission.problem,
        solution=submission.solution,
        unit=submission.unit,
        proposers=list(submission.proposers),
        claimed_benefit_yuan=submission.claimed_benefit_yuan,
        attachments=list(submission.attachments),
    )


def reviewer_view(submission: Submission, blind: bool, code: str | None = None) -> BlindSubmission | OpenSubmission:
    """The view the campaign's `blind_review` setting allows; blind needs the blind code."""
    if not blind:
        return open_view(submission)
    if code is None:
        raise ValueError("a blind view needs the submission's blind code")
    return blind_view(submission, code)


__all__ = ["BlindAttachment", "BlindSubmission", "OpenSubmission", "blind_codes", "blind_view", "open_view", "reviewer_view"]
