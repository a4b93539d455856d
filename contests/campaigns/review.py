"""Reviewers (评审专家) and their assignment to submissions, with conflicts of interest
enforced, not advised (DESIGN.md): a reviewer never reviews

- a submission of their own unit: the submission's unit or any proposer's unit;
- their own submission: their employee number is among the proposers'.

A panel (`ReviewAssignment.reviewers`) is ordered: position k is the k-th judge slot of the
rubric's marks tensor (rubric.py). Every panel has exactly the campaign's `panel_size`, so
the rubric's aggregation rule (trimmed mean for 5 or more) holds for every submission.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import msgspec
import numpy as np

from contests.campaigns.errors import ReviewError
from contests.campaigns.submission import Submission
from contests.fields import Code, Name
from scoring.errors import Problem


class Reviewer(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """An expert reviewer. `employee_no` is set when the reviewer is an employee, so their own
    submissions can be recognised; an outside expert has none."""

    code: Code
    name: Name
    unit: Code
    employee_no: Code | None = None


class ReviewAssignment(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    submission: Code
    reviewers: Annotated[list[Code], msgspec.Meta(min_length=1, max_length=50)]


def conflict_matrix(reviewers: Sequence[Reviewer], submissions: Sequence[Submission]) -> np.ndarray:
    """bool [R, S]: True where the reviewer may not review the submission."""
    unit_pairs = [(s, u) for s, sub in enumerate(submissions) for u in sorted(sub.units)]
    own_pairs = [(s, p.employee_no) for s, sub in enumerate(submissions) for p in sub.proposers]
    units = np.array([r.unit for r in reviewers], dtype=object)
    employees = np.array([r.employee_no for r in reviewers], dtype=object)
    return _hits(units, unit_pairs, len(submissions)) | _hits(employees, own_pairs, len(submissions))


def _hits(keys: np.ndarray, pairs: list[tuple[int, str]], n: int) -> np.ndarray:
    """[R, S]: reviewer key equals any key of the submission (pairs = (submission, key))."""
    if not pairs or len(keys) == 0:
        return np.zeros((len(keys), n), dtype=bool)
    sub = np.array([s for s, _ in pairs], dtype=np.int64)
    value = np.array([k for _, k in pairs], dtype=object)
    onehot = np.zeros((len(pairs), n), dtype=np.int64)
    onehot[np.arange(len(pairs)), sub] = 1
    return ((keys[:, None] == value[None, :]).astype(np.int64) @ onehot) > 0


def conflict_reasons(reviewer: Reviewer, submission: Submission) -> list[str]:
    """Why the reviewer may not review the submission, in words; empty when they may."""
    out = []
    if reviewer.unit in submission.units:
        out.append(f"reviewer {reviewer.code!r} is from unit {reviewer.unit!r}, a unit of submission {submission.id!r}")
    if reviewer.employee_no is not None and reviewer.employee_no in {p.employee_no for p in submission.proposers}:
        out.append(f"reviewer {reviewer.code!r} is a proposer of submission {submission.id!r}")
    return out


def validate_assignments(
    assignments: Sequence[ReviewAssignment],
    reviewers: Sequence[Reviewer],
    submissions: Sequence[Submission],
    panel_size: int,
) -> None:
    problems = assignment_problems(assignments, reviewers, submissions, panel_size)
    if problems:
        raise ReviewError(problems)


def assignment_problems(
    assignments: Sequence[ReviewAssignment],
    reviewers: Sequence[Reviewer],
    submissions: Sequence[Submission],
    panel_size: int,
) -> list[Problem]:
    by_code = {r.code: r for r in reviewers}
    by_id = {s.id: s for s in submissions}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, a in enumerate(assignments):
        at = f"assignments[{i}]"
        if a.submission in seen:
            problems.append(
                Problem(f"{at}.submission", f"submission {a.submission!r} already has a panel at assignments[{seen[a.submission]}]")
            )
        seen.setdefault(a.submission, i)
        submission = by_id.get(a.submission)
        if submission is None:
            problems.append(Problem(f"{at}.submission", f"unknown submission {a.submission!r}"))
        if len(set(a.reviewers)) != panel_size:
            problems.append(
                Problem(f"{at}.reviewers", f"the campaign's panels have {panel_size} reviewers, this one has {len(set(a.reviewers))}")
            )
        problems += _member_problems(a, at, by_code, submission)
    return problems


def _member_problems(a: ReviewAssignment, at: str, by_code: dict[str, Reviewer], submission: Submission | None) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for k, code in enumerate(a.reviewers):
        where = f"{at}.reviewers[{k}]"
        reviewer = by_code.get(code)
        if reviewer is None:
            problems.append(Problem(where, f"unknown reviewer {code!r}"))
        elif code in first:
            problems.append(Problem(where, f"reviewer {code!r} is already on this panel at reviewers[{first[code]}]"))
        elif submission is not None:
            problems += [Problem(where, why) for why in conflict_reasons(reviewer, submission)]
        first.setdefault(code, k)
    return problems


__all__ = [
    "ReviewAssignment",
    "Reviewer",
    "assignment_problems",
    "conflict_matrix",
    "conflict_reasons",
    "validate_assignments",
]
