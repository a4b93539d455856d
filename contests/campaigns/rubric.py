"""Rubric scores: reviewers' marks → the marks tensor [submission, aspect, panel slot] →
the scoring engine (`scoring.event.EventScorer` over the one rubric module), so aspect
checks, the panel rule (trimmed mean for 5+), vetoes and the declared rounding are exactly
the engine's. Nothing is aggregated here.

The judge axis is the panel slot: slot k of a submission holds the mark of the k-th
reviewer of its assignment, so the tensor is as narrow as a panel and a missing mark is a
reviewer who has not scored yet (the rubric's missing-mark policy decides what that means).
Submissions nobody has scored yet are left out: they have no score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated

import msgspec
import numpy as np

from contests.campaigns.definition import Campaign
from contests.campaigns.errors import ReviewError
from contests.campaigns.review import ReviewAssignment
from contests.campaigns.total_trim import score_by_totals
from contests.fields import Code
from scoring.errors import MarksError, Problem
from scoring.event import EventRules, EventScorer
from scoring.marks import marks_tensor
from scoring.scheme import Ident

Mark = Annotated[float, msgspec.Meta(ge=-1_000_000, le=1_000_000)]


class ReviewScore(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One reviewer's marks for one submission: aspect id → mark (as the rubric's aspect kind
    reads it: direct marks, 0–3 judgement levels, deduction counts, veto flags)."""

    submission: Code
    reviewer: Code
    marks: dict[Ident, Mark]


class RubricScore(msgspec.Struct, frozen=True, kw_only=True):
    submission: str
    score: Decimal  # exact: units / 10**places
    units: int  # the rounded score in 10**-places, what thresholds compare
    reviewers: int  # reviewers who scored


class RubricTensor(msgspec.Struct, frozen=True):
    submissions: list[str]  # row order
    panels: list[list[str]]  # reviewer codes per row, slot order
    marks: np.ndarray  # float [S, A, max panel], NaN = not scored


def rubric_tensor(campaign: Campaign, assignments: Sequence[ReviewAssignment], reviews: Sequence[ReviewScore]) -> RubricTensor:
    """Scatter reviews into the tensor; refuse a review by an unassigned reviewer, for an
    unknown aspect, or twice for the same submission."""
    panels = {a.submission: list(a.reviewers) for a in assignments}
    aspect_ids = campaign.rubric.scheme.aspect_ids()
    aspect_index = {a: i for i, a in enumerate(aspect_ids)}
    problems = _review_problems(reviews, panels, aspect_index)
    if problems:
        raise ReviewError(problems)
    rows = list(dict.fromkeys(r.submission for r in reviews))
    row = {s: i for i, s in enumerate(rows)}
    width = max((len(panels[s]) for s in rows), default=1)
    cells = [
        (row[r.submission], aspect_index[aspect], panels[r.submission].index(r.reviewer), value)
        for r in reviews
        for aspect, value in r.marks.items()
    ]
    c, a, j, v = (np.array(x) for x in zip(*cells)) if cells else (np.zeros(0, np.int64),) * 3 + (np.zeros(0),)
    tensor = marks_tensor(len(rows), len(aspect_ids), width, c, a, j, v)
    return RubricTensor(rows, [panels[s] for s in rows], tensor)


def _review_problems(reviews: Sequence[ReviewScore], panels: dict[str, list[str]], aspect_index: dict[str, int]) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(reviews):
        at = f"reviews[{i}]"
        if r.submission not in panels:
            problems.append(Problem(f"{at}.submission", f"submission {r.submission!r} has no review panel"))
        elif r.reviewer not in panels[r.submission]:
            problems.append(Problem(f"{at}.reviewer", f"reviewer {r.reviewer!r} is not assigned to submission {r.submission!r}"))
        key = (r.submission, r.reviewer)
        if key in seen:
            problems.append(Problem(at, f"reviewer {r.reviewer!r} already scored {r.submission!r} at reviews[{seen[key]}]"))
        seen.setdefault(key, i)
        problems += [Problem(f"{at}.marks.{a}", f"unknown aspect {a!r} of the rubric") for a in r.marks if a not in aspect_index]
    return problems


def score_rubric(campaign: Campaign, assignments: Sequence[ReviewAssignment], reviews: Sequence[ReviewScore]) -> dict[str, RubricScore]:
    """submission id → its rubric score, for every submission at least one reviewer scored.
    The panel rule applies per aspect, or to each reviewer's total (`campaign.trim_on`,
    total_trim.py)."""
    t = rubric_tensor(campaign, assignments, reviews)
    rubric = campaign.rubric
    try:
        if campaign.trim_on == "reviewer_total":
            total_units = score_by_totals(campaign, t.marks, t.submissions)
        else:
            total_units = EventScorer([rubric], EventRules(rounding=campaign.rounding)).score({rubric.id: t.marks}).total_units
    except MarksError as exc:
        raise ReviewError([_reroot(p, t) for p in exc.problems]) from exc
    scored = (~np.isnan(t.marks)).any(axis=1).sum(axis=1)
    places = campaign.rounding.places
    return {
        sid: RubricScore(
            submission=sid,
            score=Decimal(int(units)).scaleb(-places),
            units=int(units),
            reviewers=int(n),
        )
        for sid, units, n in zip(t.submissions, total_units.tolist(), scored.tolist())
    }


_ROW = re.compile(r"^marks(?:\[[^\]]*\])?\[(\d+)\]")
_SLOT = re.compile(r"\[judge (\d+)\]")


def _reroot(problem: Problem, t: RubricTensor) -> Problem:
    """The engine names rows and judge slots by index; name the submission and reviewer."""
    m = _ROW.match(problem.path)
    if not m:
        return problem
    row = int(m.group(1))
    path = f"reviews[{t.submissions[row]}]" + problem.path[m.end() :]
    path = _SLOT.sub(lambda s: f"[{t.panels[row][int(s.group(1))]}]", path)
    return Problem(path, problem.rule)


__all__ = ["ReviewScore", "RubricScore", "RubricTensor", "rubric_tensor", "score_rubric"]
