"""The award list (获奖名单) of a campaign: graded submissions with their rewards after the
budget rule and each proposer's part, plus the ones not awarded and why.

Candidates are the cases whose benefit has been verified (state "verified", or "awarded"
when the list is rebuilt after the awards were recorded).

The declared order (排序规则), which is also the tie order of the budget's largest-remainder
scaling, so it decides who gets a leftover fen:
1. grade (一等奖 first);
2. rubric score, higher first (no score counts as below every score);
3. verified benefit, higher first (none counts as below every benefit);
4. submission number, smaller (earlier) first. Ids are compared as numbers, never as text:
   submission 99 comes before submission 100. An id with letters (a library caller's "S10")
   is compared by its runs of digits as numbers and its letters as text ("S9" before "S10").
The not-awarded list follows rule 4 alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import msgspec

from contests.campaigns.case import Case
from contests.campaigns.definition import Campaign
from contests.campaigns.grading import GradeDecision, grade_cases
from contests.campaigns.money import fen_to_yuan
from contests.campaigns.rewards import BudgetOutcome, apply_budget, split_reward, table_amounts
from contests.campaigns.rubric import RubricScore
from contests.people import Unit

CANDIDATE_STATES = ("verified", "awarded")


class ShareLine(msgspec.Struct, frozen=True, kw_only=True):
    employee_no: str
    name: str
    unit: str
    share_bp: int
    amount_fen: int
    amount_yuan: Decimal


class AwardEntry(msgspec.Struct, frozen=True, kw_only=True):
    place: int
    submission: str
    title: str
    category: str
    unit: str
    unit_name: str
    grade: int
    grade_name: str
    grade_name_en: str
    score: Decimal | None
    verified_benefit_yuan: Decimal | None
    table_fen: int  # what the grade pays by the reward table
    reward_fen: int  # what is paid after the budget rule
    reward_yuan: Decimal
    shares: list[ShareLine]


class NotAwarded(msgspec.Struct, frozen=True, kw_only=True):
    submission: str
    title: str
    category: str
    unit: str
    score: Decimal | None
    verified_benefit_yuan: Decimal | None
    reasons: list[str]


class GradeSummary(msgspec.Struct, frozen=True, kw_only=True):
    grade: int
    name: str
    name_en: str
    count: int
    requested_fen: int
    paid_fen: int


class AwardList(msgspec.Struct, frozen=True, kw_only=True):
    campaign: str
    name: str
    name_en: str
    year: int
    budget: BudgetOutcome
    grades: list[GradeSummary]
    entries: list[AwardEntry]
    not_awarded: list[NotAwarded]
    total_paid_fen: int
    total_paid_yuan: Decimal


def build_award_list(campaign: Campaign, cases: Sequence[Case], scores: Mapping[str, RubricScore], units: Sequence[Unit] = ()) -> AwardList:
    """`units` give the unit names the public list shows (a unit not given shows its code)."""
    names = {u.code: u.name for u in units}
    candidates = [c for c in cases if c.state in CANDIDATE_STATES]
    by_id = {c.id: c for c in candidates}
    decisions = grade_cases(campaign, candidates, scores)
    graded = sorted((d for d in decisions if d.grade is not None), key=_order)
    grades = [d.grade for d in graded]
    table = table_amounts(campaign, grades)
    paid, outcome = apply_budget(campaign.budget, grades, table)
    entries = [_entry(campaign, k + 1, by_id[d.submission], d, scores, t, p, names) for k, (d, t, p) in enumerate(zip(graded, table, paid))]
    refused = sorted((d for d in decisions if d.grade is None), key=lambda d: submission_order(d.submission))
    return AwardList(
        campaign=campaign.id,
        name=campaign.name,
        name_en=campaign.name_en,
        year=campaign.year,
        budget=outcome,
        grades=_summaries(campaign, entries),
        entries=entries,
        not_awarded=[_not_awarded(by_id[d.submission], d, scores) for d in refused],
        total_paid_fen=outcome.paid_fen,
        total_paid_yuan=fen_to_yuan(outcome.paid_fen),
    )


def _order(d: GradeDecision):
    score = d.score_units if d.score_units is not None else -1
    benefit = d.benefit_yuan if d.benefit_yuan is not None else Decimal(-1)
    return (d.grade, -score, -benefit, submission_order(d.submission))


_DIGITS = re.compile(r"(\d+)")


def submission_order(submission_id: str) -> tuple:
    """Rule 4's key: runs of digits as numbers ("99" < "100", "S9" < "S10"), then the id
    itself so that "007" and "7" still have a fixed order."""
    parts = _DIGITS.split(submission_id)  # text at even positions, digits at odd ones
    return (tuple(int(p) if k % 2 else p for k, p in enumerate(parts)), submission_id)


def _score(sid: str, scores: Mapping[str, RubricScore]) -> Decimal | None:
    return scores[sid].score if sid in scores else None


def _entry(campaign: Campaign, place: int, case: Case, d: GradeDecision, scores, table_fen: int, paid_fen: int, names) -> AwardEntry:
    sub = case.submission
    row = campaign.reward(d.grade)
    parts = split_reward(paid_fen, sub.proposers)
    return AwardEntry(
        place=place,
        submission=sub.id,
        title=sub.title,
        category=sub.category,
        unit=sub.unit,
        unit_name=names.get(sub.unit, sub.unit),
        grade=d.grade,
        grade_name=row.name,
        grade_name_en=row.name_en,
        score=_score(sub.id, scores),
        verified_benefit_yuan=case.verified_benefit_yuan,
        table_fen=table_fen,
        reward_fen=paid_fen,
        reward_yuan=fen_to_yuan(paid_fen),
        shares=[
            ShareLine(
                employee_no=p.employee_no,
                name=p.name,
                unit=sub.proposer_unit(p),
                share_bp=p.share_bp,
                amount_fen=part,
                amount_yuan=fen_to_yuan(part),
            )
            for p, part in zip(sub.proposers, parts)
        ],
    )


def _not_awarded(case: Case, d: GradeDecision, scores) -> NotAwarded:
    sub = case.submission
    return NotAwarded(
        submission=sub.id,
        title=sub.title,
        category=sub.category,
        unit=sub.unit,
        score=_score(sub.id, scores),
        verified_benefit_yuan=case.verified_benefit_yuan,
        reasons=d.reasons,
    )


def _summaries(campaign: Campaign, entries: list[AwardEntry]) -> list[GradeSummary]:
    return [
        GradeSummary(
            grade=row.grade,
            name=row.name,
            name_en=row.name_en,
            count=sum(1 for e in entries if e.grade == row.grade),
            requested_fen=sum(e.table_fen for e in entries if e.grade == row.grade),
            paid_fen=sum(e.reward_fen for e in entries if e.grade == row.grade),
        )
        for row in sorted(campaign.rewards, key=lambda r: r.grade)
    ]


__all__ = ["AwardEntry", "AwardList", "CANDIDATE_STATES", "GradeSummary", "NotAwarded", "ShareLine", "build_award_list", "submission_order"]
