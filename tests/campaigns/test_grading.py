"""Grades: the 1986 regulation bands at every boundary (RULES.md; bounds inclusive, "以上"
includes the number), the company score prizes (RULES.md: ≥18 → 1,500 yuan, ≥15 → 1,000,
≥13 → 500) through the real engine, and how score and benefit grades combine."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from contests.campaigns.award_list import build_award_list
from contests.campaigns.case import Case
from contests.campaigns.definition import BenefitBand, GradeRules, ScoreThreshold
from contests.campaigns.grading import grade_cases, threshold_grades
from contests.campaigns.presets import rewards_1986
from contests.campaigns.review import ReviewAssignment
from contests.campaigns.rubric import ReviewScore, RubricScore, score_rubric
from tests.campaigns.factories import ELIGIBLE, campaign_1986, campaign_score_prizes, drive, replace, submission

# RULES.md (1986 revision): grade 1 ≥ 1,000,000 yuan; 2: 500k–1M; 3: 100k–500k; 4: 10k–100k; 5: < 10k
BAND_CASES = [
    ("5000000", 1),
    ("1000000.01", 1),
    ("1000000", 1),  # "100万元以上" includes 1,000,000
    ("999999.99", 2),
    ("500000", 2),
    ("499999.99", 3),
    ("100000", 3),
    ("99999.99", 4),
    ("10000", 4),
    ("9999.99", 5),  # "不足一万元"
    ("0.01", 5),
    ("0", None),  # no measurable benefit: no benefit grade
]


def verified(sid: str, benefit: str, campaign=None, **changes) -> Case:
    campaign = campaign or campaign_1986()
    return drive(Case(submission=submission(sid, campaign=campaign, **changes)), "verified", benefit=benefit)


@pytest.mark.parametrize(("benefit", "grade"), BAND_CASES)
def test_1986_bands_and_boundaries(benefit, grade):
    [d] = grade_cases(campaign_1986(), [verified("S1", benefit)], {})
    assert d.benefit_grade == grade and d.grade == grade
    if grade is None:
        assert d.reasons == ["verified benefit below every benefit band"]


def test_1986_bands_in_one_vectorised_pass():
    cases = [verified(f"S{i}", b) for i, (b, _) in enumerate(BAND_CASES)]
    assert [d.grade for d in grade_cases(campaign_1986(), cases, {})] == [g for _, g in BAND_CASES]


def test_1986_rewards_follow_the_grade():
    # amounts chosen inside the 1986 ranges: 4,000 / 2,500 / 1,500 / 500 / 300 yuan (the tops)
    c = campaign_1986(rewards=rewards_1986((4000, 2500, 1500, 500, 300)))
    cases = [verified(f"S{i}", b) for i, (b, _) in enumerate(BAND_CASES)]
    award = build_award_list(c, cases, {})
    paid = {e.submission: e.reward_fen for e in award.entries}
    assert paid["S2"] == 400_000 and paid["S3"] == 250_000 and paid["S5"] == 150_000
    assert paid["S7"] == 50_000 and paid["S9"] == 30_000 and paid["S10"] == 30_000
    assert [n.submission for n in award.not_awarded] == ["S11"]


def threshold_scores(campaign, marks_by_submission):
    """Score submissions through the engine: 3 reviewers, marks (value, novelty, effect) each."""
    panels = [ReviewAssignment(submission=s, reviewers=["R1", "R2", "R3"]) for s in marks_by_submission]
    reviews = [
        ReviewScore(submission=s, reviewer=r, marks=dict(zip(("value", "novelty", "effect"), m)))
        for s, per in marks_by_submission.items()
        for r, m in zip(("R1", "R2", "R3"), per)
    ]
    return score_rubric(campaign, panels, reviews)


def test_score_threshold_prizes_through_the_engine():
    c = campaign_score_prizes()
    marks = {
        "A": [(8, 6, 4)] * 3,  # 18.00 → ≥ 18 → 1,500 yuan
        "B": [(8, 6, 4), (8, 6, 4), (8, 6, 3.99)],  # 17.9967 → 18.00 after rounding half up → 1,500
        "C": [(8, 6, 4), (8, 6, 4), (8, 6, 3.97)],  # 17.99 → 1,000
        "D": [(7, 5, 3)] * 3,  # 15.00 → 1,000
        "E": [(7, 5, 2.98)] * 3,  # 14.98 → 500
        "F": [(6, 4, 3)] * 3,  # 13.00 → 500
        "G": [(6, 4, 2.99)] * 3,  # 12.99 → none
    }
    scores = threshold_scores(c, marks)
    assert [str(scores[s].score) for s in "ABCDEFG"] == ["18.00", "18.00", "17.99", "15.00", "14.98", "13.00", "12.99"]
    cases = [drive(Case(submission=submission(s, campaign=c, period="2025-H1")), "verified") for s in "ABCDEFG"]
    award = build_award_list(c, cases, scores)
    paid = {e.submission: e.reward_fen // 100 for e in award.entries}
    assert paid == {"A": 1500, "B": 1500, "C": 1000, "D": 1000, "E": 500, "F": 500}
    assert award.not_awarded[0].submission == "G"
    assert award.not_awarded[0].reasons == ["rubric score below every grade threshold"]


def test_threshold_grades_take_the_best_grade_reached_whatever_the_listing_order():
    bounds, grades = np.array([1300, 1800, 1500]), np.array([3, 1, 2])
    values = np.array([1800, 1799, 1500, 1300, 1299, -1])
    assert threshold_grades(values, bounds, grades).tolist() == [1, 2, 2, 3, 0, 0]


def _rules(basis):
    return GradeRules(
        basis=basis,
        score_thresholds=[
            ScoreThreshold(grade=1, min_score=18),
            ScoreThreshold(grade=2, min_score=15),
            ScoreThreshold(grade=3, min_score=13),
        ],
        benefit_bands=[
            BenefitBand(grade=1, min_yuan=Decimal(100_000)),
            BenefitBand(grade=2, min_yuan=Decimal(10_000)),
            BenefitBand(grade=3, min_yuan=Decimal(1)),
        ],
    )


@pytest.mark.parametrize(
    ("units", "benefit", "better", "both"),
    [
        (1800, "1", 1, 3),  # score grade 1, benefit grade 3
        (1300, "100000", 1, 3),  # score grade 3, benefit grade 1
        (1500, "10000", 2, 2),
        (None, "100000", 1, None),  # no score: "better" takes the benefit grade alone
        (1800, "0", 1, None),  # no benefit grade
        (1200, "0", None, None),
    ],
)
def test_better_and_both_combine_two_grades(units, benefit, better, both):
    case = verified("S1", benefit, campaign_score_prizes(), period="2025-H1")
    scores = {} if units is None else {"S1": RubricScore(submission="S1", score=Decimal(units) / 100, units=units, reviewers=3)}
    for basis, expected in (("better", better), ("both", both)):
        [d] = grade_cases(campaign_score_prizes(grading=_rules(basis)), [case], scores)
        assert d.grade == expected, basis


def test_an_ineligible_submission_gets_no_grade_with_the_reason():
    case = verified("S1", "2000000", eligibility=replace(ELIGIBLE, secret=True, already_rewarded=True))
    [d] = grade_cases(campaign_1986(), [case], {})
    assert d.grade is None and d.benefit_grade == 1
    assert d.reasons == ["already rewarded (已获奖励)", "secret (涉密)"]
