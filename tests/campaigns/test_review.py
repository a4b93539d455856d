"""Reviews: conflicts of interest (own unit, own submission), blind views with no names,
and rubric scores aggregated by the scoring engine (trimmed mean for panels of 5+)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import numpy as np
import pytest

from contests.campaigns.blind import blind_codes, blind_view, open_view, reviewer_view
from contests.campaigns.definition import validate_campaign
from contests.campaigns.errors import ReviewError
from contests.campaigns.presets import INNOVATION_ASPECTS
from contests.campaigns.review import (
    ReviewAssignment,
    Reviewer,
    assignment_problems,
    conflict_matrix,
    conflict_reasons,
    validate_assignments,
)
from contests.campaigns.rubric import ReviewScore, rubric_tensor, score_rubric
from contests.campaigns.submission import Proposer
from scoring.aggregation import Aggregation
from scoring.module import Module
from scoring.scheme import Criterion, Measurement, Scheme
from tests.campaigns.factories import campaign_1986, campaign_score_prizes, submission

REVIEWERS = [
    Reviewer(code="R1", name="专家甲", unit="TL"),
    Reviewer(code="R2", name="专家乙", unit="HF"),
    Reviewer(code="R3", name="专家丙", unit="AQ", employee_no="E900"),
    Reviewer(code="R4", name="专家丁", unit="WH"),
    Reviewer(code="R5", name="专家戊", unit="BB"),
    Reviewer(code="R6", name="专家己", unit="CZ"),
    Reviewer(code="R7", name="专家庚", unit="XC"),
]


def subs():
    return [
        submission("S1", unit="TL"),
        # a co-proposer from AQ; R3 is that co-proposer
        submission(
            "S2",
            unit="HF",
            proposers=[
                Proposer(employee_no="E100", name="王五", share_bp=5000),
                Proposer(employee_no="E900", name="赵六", unit="AQ", share_bp=5000),
            ],
        ),
        submission("S3", unit="LA"),
    ]


def test_conflicts_own_unit_coproposer_unit_and_own_submission():
    matrix = conflict_matrix(REVIEWERS, subs())
    expected = np.zeros((7, 3), dtype=bool)
    expected[0, 0] = True  # R1 from TL reviews S1 of TL
    expected[1, 1] = True  # R2 from HF reviews S2 of HF
    expected[2, 1] = True  # R3 is a proposer of S2 (and from AQ, the co-proposer's unit)
    assert (matrix == expected).all()
    assert conflict_reasons(REVIEWERS[2], subs()[1]) == [
        "reviewer 'R3' is from unit 'AQ', a unit of submission 'S2'",
        "reviewer 'R3' is a proposer of submission 'S2'",
    ]


def test_own_submission_is_a_conflict_even_from_another_unit():
    outsider = Reviewer(code="R9", name="专家", unit="ZZ", employee_no="S3-E1")
    assert conflict_reasons(outsider, subs()[2]) == ["reviewer 'R9' is a proposer of submission 'S3'"]
    assert conflict_matrix([outsider], subs()).tolist() == [[False, False, True]]


def test_matrix_and_reasons_agree_everywhere():
    matrix = conflict_matrix(REVIEWERS, subs())
    for r, reviewer in enumerate(REVIEWERS):
        for s, sub in enumerate(subs()):
            assert matrix[r, s] == bool(conflict_reasons(reviewer, sub))


def test_assignments_refuse_conflicts_unknowns_duplicates_and_wrong_sizes():
    panels = [
        ReviewAssignment(submission="S1", reviewers=["R1", "R2", "R3"]),
        ReviewAssignment(submission="S2", reviewers=["R4", "R4", "R9"]),
        ReviewAssignment(submission="S1", reviewers=["R4", "R5"]),
        ReviewAssignment(submission="S8", reviewers=["R4", "R5", "R6"]),
    ]
    got = [(p.path, p.rule) for p in assignment_problems(panels, REVIEWERS, subs(), 3)]
    assert got == [
        ("assignments[0].reviewers[0]", "reviewer 'R1' is from unit 'TL', a unit of submission 'S1'"),
        ("assignments[1].reviewers", "the campaign's panels have 3 reviewers, this one has 2"),
        ("assignments[1].reviewers[1]", "reviewer 'R4' is already on this panel at reviewers[0]"),
        ("assignments[1].reviewers[2]", "unknown reviewer 'R9'"),
        ("assignments[2].submission", "submission 'S1' already has a panel at assignments[0]"),
        ("assignments[2].reviewers", "the campaign's panels have 3 reviewers, this one has 2"),
        ("assignments[3].submission", "unknown submission 'S8'"),
    ]
    validate_assignments([ReviewAssignment(submission="S1", reviewers=["R2", "R3", "R4"])], REVIEWERS, subs(), 3)
    with pytest.raises(ReviewError):
        validate_assignments(panels, REVIEWERS, subs(), 3)


def test_blind_view_has_no_names_units_ids_or_file_names():
    sub = subs()[1]
    codes = blind_codes([s.id for s in subs()], seed=20250601)
    view = blind_view(sub, codes[sub.id])
    text = msgspec.json.encode(view).decode()
    for secret in ("王五", "赵六", "E100", "E900", '"HF"', '"AQ"', '"S2"', "张三-图纸.pdf", "张三"):
        assert secret not in text, secret
    assert view.title == sub.title and view.attachments[0].sha256 == "ab" * 32
    opened = msgspec.json.encode(open_view(sub)).decode()
    assert "王五" in opened and "E900" in opened
    assert reviewer_view(sub, blind=False) == open_view(sub)
    assert reviewer_view(sub, blind=True, code=codes["S2"]) == view


def test_blind_codes_are_seeded_distinct_and_not_the_ids():
    ids = [f"S{i:03d}" for i in range(50)]
    codes = blind_codes(ids, seed=7)
    assert codes == blind_codes(list(reversed(ids)), seed=7)
    assert len(set(codes.values())) == 50
    assert not set(codes.values()) & set(ids)
    assert codes != blind_codes(ids, seed=8)


# ---------------------------------------------------------------- rubric scoring


def five_panel():
    c = campaign_1986()  # innovation rubric, 5 reviewers, trimmed mean trim 1
    panels = [ReviewAssignment(submission="S3", reviewers=["R1", "R2", "R4", "R5", "R6"])]
    return c, panels


def review(sid, reviewer, quality, benefit):
    marks = {aspect: quality for aspect, _ in INNOVATION_ASPECTS} | {"economic_benefit": benefit}
    return ReviewScore(submission=sid, reviewer=reviewer, marks=marks)


def test_five_reviewers_trimmed_mean_through_the_engine():
    c, panels = five_panel()
    reviews = [review("S3", r, q, b) for r, q, b in (("R1", 10, 40), ("R2", 8, 30), ("R4", 8, 30), ("R5", 5, 20), ("R6", 10, 15))]
    # per aspect drop highest and lowest: quality {10,8,8,5,10} → (10+8+8)/3 = 8.667 each × 6,
    # benefit {40,30,30,20,15} → (30+30+20)/3 = 26.667; total 52 + 26.667 = 78.67 (half up)
    [score] = score_rubric(c, panels, reviews).values()
    assert (score.score, score.units, score.reviewers) == (Decimal("78.67"), 7867, 5)


def test_isu_worked_example_with_nine_reviewers():
    # RULES.md, Judge statistics: 9.50 10.00 9.75 9.75 9.50 9.75 10.00 9.50 9.75 → 68.00 / 7 = 9.71
    one = Module(
        id="rubric",
        name="评审",
        weight=100,
        aggregation=Aggregation(method="trimmed_mean", trim=1),
        scheme=Scheme(
            criteria=[Criterion(id="c", name="综合", max_marks=10, aspects=[Measurement(id="overall", name="综合", max_marks=10)])]
        ),
    )
    c = campaign_1986(rubric=one, panel_size=9)
    validate_campaign(c)
    codes = [f"X{i}" for i in range(9)]
    marks = (9.50, 10.00, 9.75, 9.75, 9.50, 9.75, 10.00, 9.50, 9.75)
    reviews = [ReviewScore(submission="S1", reviewer=r, marks={"overall": m}) for r, m in zip(codes, marks)]
    [score] = score_rubric(c, [ReviewAssignment(submission="S1", reviewers=codes)], reviews).values()
    assert score.score == Decimal("9.71")


def test_the_tensor_is_submission_by_aspect_by_panel_slot():
    c, panels = five_panel()
    reviews = [review("S3", "R4", 8, 30), review("S3", "R1", 10, 40)]
    t = rubric_tensor(c, panels, reviews)
    assert t.marks.shape == (1, 7, 5)
    # slot = position in the panel R1, R2, R4, R5, R6: R1 → 0, R4 → 2, the rest not scored yet
    assert t.marks[0, 0, 0] == 10 and t.marks[0, 0, 2] == 8
    assert np.isnan(t.marks[0, :, [1, 3, 4]]).all()
    assert t.submissions == ["S3"] and t.panels == [["R1", "R2", "R4", "R5", "R6"]]


def test_missing_marks_follow_the_rubrics_policy_and_name_the_submission():
    c, panels = five_panel()  # missing policy "error"
    with pytest.raises(ReviewError) as exc:
        score_rubric(c, panels, [review("S3", "R1", 10, 40)])
    assert exc.value.problems[0].path.startswith("reviews[S3]")


def test_out_of_range_marks_are_refused_naming_submission_and_reviewer():
    c, panels = five_panel()
    reviews = [review("S3", r, 8, 30) for r in ("R1", "R2", "R4", "R5")] + [review("S3", "R6", 11, 30)]
    with pytest.raises(ReviewError) as exc:
        score_rubric(c, panels, reviews)
    assert exc.value.problems[0].path == "reviews[S3][advancement][R6]"


def test_reviews_by_unassigned_reviewers_or_for_unknown_aspects_are_refused():
    c, panels = five_panel()
    bad = [
        review("S3", "R3", 8, 30),
        ReviewScore(submission="S3", reviewer="R1", marks={"beauty": 3}),
        ReviewScore(submission="S3", reviewer="R1", marks={"advancement": 3}),
        ReviewScore(submission="S9", reviewer="R1", marks={}),
    ]
    with pytest.raises(ReviewError) as exc:
        score_rubric(c, panels, bad)
    assert [(p.path, p.rule) for p in exc.value.problems] == [
        ("reviews[0].reviewer", "reviewer 'R3' is not assigned to submission 'S3'"),
        ("reviews[1].marks.beauty", "unknown aspect 'beauty' of the rubric"),
        ("reviews[2]", "reviewer 'R1' already scored 'S3' at reviews[1]"),
        ("reviews[3].submission", "submission 'S9' has no review panel"),
    ]


def test_a_score_of_a_plain_mean_panel():
    c = campaign_score_prizes()  # 3 reviewers, mean, out of 20
    panels = [ReviewAssignment(submission="A", reviewers=["R1", "R2", "R3"])]
    reviews = [
        ReviewScore(submission="A", reviewer=r, marks={"value": v, "novelty": n, "effect": e})
        for r, v, n, e in (("R1", 8, 6, 4), ("R2", 7, 5, 5), ("R3", 8, 6, 5))
    ]
    # (8+7+8)/3 + (6+5+6)/3 + (4+5+5)/3 = 54/3 = 18.00
    assert score_rubric(c, panels, reviews)["A"].score == Decimal("18.00")
