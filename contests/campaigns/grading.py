"""Grades (等级) per submission from the campaign's grade rules (definition.py):

- score grade: the best grade whose threshold the rubric score reaches, compared as the
  engine's rounded integer units (17.995 rounded to 18.00 reaches "≥ 18"; floats never
  decide a boundary);
- benefit grade: the best band whose lower bound the verified annual benefit reaches,
  compared in integer fen;
- basis "score" / "benefit" take that grade; "better" the better (smaller) of the two that
  exist; "both" the worse (larger) of the two, and none unless both exist.

An ineligible submission (eligibility.py) gets no grade; the reasons say why. Only the
grade is decided here; what it pays is rewards.py's job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import msgspec
import numpy as np

from contests.campaigns.case import Case
from contests.campaigns.definition import Campaign
from contests.campaigns.eligibility import eligibility_problems
from contests.campaigns.money import yuan_to_fen
from contests.campaigns.rubric import RubricScore
from scoring.rounding import to_units

_NONE = 0  # "no grade" in the integer arrays (grades start at 1)


class GradeDecision(msgspec.Struct, frozen=True, kw_only=True):
    submission: str
    score_units: int | None
    benefit_yuan: Decimal | None
    score_grade: int | None
    benefit_grade: int | None
    grade: int | None
    reasons: list[str]  # why there is no grade (empty when there is one)


def threshold_grades(values: np.ndarray, bounds: np.ndarray, grades: np.ndarray) -> np.ndarray:
    """int [N]: for each value, the best grade whose inclusive lower bound it reaches, or 0.

    bounds/grades: one entry per grade; values and bounds are integers (units or fen)."""
    if len(bounds) == 0 or len(values) == 0:
        return np.zeros(len(values), dtype=np.int64)
    order = np.argsort(grades, kind="stable")  # best grade first
    reach = values[:, None] >= bounds[order][None, :]
    first = np.argmax(reach, axis=1)
    return np.where(reach.any(axis=1), grades[order][first], _NONE)


def grade_cases(campaign: Campaign, cases: Sequence[Case], scores: Mapping[str, RubricScore]) -> list[GradeDecision]:
    """One decision per case, in the order given."""
    rules = campaign.grading
    score_units = np.array([scores[c.id].units if c.id in scores else -1 for c in cases], dtype=np.int64)
    benefit_fen = np.array(
        [yuan_to_fen(c.verified_benefit_yuan) if c.verified_benefit_yuan is not None else -1 for c in cases], dtype=np.int64
    )
    s_bounds = np.array([int(to_units(t.min_score, campaign.rounding)) for t in rules.score_thresholds], dtype=np.int64)
    s_grades = np.array([t.grade for t in rules.score_thresholds], dtype=np.int64)
    b_bounds = np.array([yuan_to_fen(b.min_yuan) for b in rules.benefit_bands], dtype=np.int64)
    b_grades = np.array([b.grade for b in rules.benefit_bands], dtype=np.int64)
    # a missing score or benefit (-1) reaches no bound: every bound is ≥ 0
    by_score = threshold_grades(score_units, s_bounds, s_grades) if rules.uses_score else np.zeros(len(cases), np.int64)
    by_benefit = threshold_grades(benefit_fen, b_bounds, b_grades) if rules.uses_benefit else np.zeros(len(cases), np.int64)
    final = _combine(rules.basis, by_score, by_benefit)
    return [_decision(campaign, c, score_units[i], by_score[i], by_benefit[i], final[i]) for i, c in enumerate(cases)]


def _combine(basis: str, by_score: np.ndarray, by_benefit: np.ndarray) -> np.ndarray:
    if basis == "score":
        return by_score
    if basis == "benefit":
        return by_benefit
    has_s, has_b = by_score > 0, by_benefit > 0
    if basis == "better":
        big = np.iinfo(np.int64).max
        best = np.minimum(np.where(has_s, by_score, big), np.where(has_b, by_benefit, big))
        return np.where(has_s | has_b, best, _NONE)
    return np.where(has_s & has_b, np.maximum(by_score, by_benefit), _NONE)  # "both"


def _decision(campaign: Campaign, case: Case, units: int, by_score: int, by_benefit: int, final: int) -> GradeDecision:
    reasons = [p.rule for p in eligibility_problems(case.submission.eligibility, campaign.eligibility)]
    if not reasons and final == _NONE:
        reasons = _why_no_grade(campaign, units, by_score, case.verified_benefit_yuan, by_benefit)
    return GradeDecision(
        submission=case.id,
        score_units=int(units) if units >= 0 else None,
        benefit_yuan=case.verified_benefit_yuan,
        score_grade=int(by_score) or None,
        benefit_grade=int(by_benefit) or None,
        grade=None if reasons else int(final),
        reasons=reasons,
    )


def _why_no_grade(campaign: Campaign, units: int, by_score: int, benefit: Decimal | None, by_benefit: int) -> list[str]:
    rules = campaign.grading
    out = []
    if rules.uses_score and not by_score:
        out.append("no rubric score" if units < 0 else "rubric score below every grade threshold")
    if rules.uses_benefit and not by_benefit:
        out.append("no verified benefit" if benefit is None else "verified benefit below every benefit band")
    return out


__all__ = ["GradeDecision", "grade_cases", "threshold_grades"]
