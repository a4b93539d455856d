"""Where the panel's trim applies (issue 11 item 5): per aspect (the engine's default) or on
each reviewer's rubric total (`Campaign.trim_on = "reviewer_total"`, total_trim.py).

The golden case is a five-expert jury on the 20-point company rubric (RULES.md score
prizes: ≥18 first prize, ≥15 second): three experts are each low on a different aspect.
Trimmed per aspect, each low mark is the one dropped, so the panel keeps full marks: 20.00,
first prize. Trimmed per total, those three experts' totals (14, 14, 12) are the low ones:
the lowest is dropped, the other two stay, and the panel's score is 16.00, second prize.
"""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.campaigns.case import Case
from contests.campaigns.definition import decode_campaign
from contests.campaigns.errors import CampaignError, ReviewError
from contests.campaigns.grading import grade_cases
from contests.campaigns.review import ReviewAssignment
from contests.campaigns.rubric import ReviewScore, score_rubric
from contests.campaigns.total_trim import panel_of_totals
from scoring.aggregation import Aggregation
from tests.campaigns.factories import campaign_score_prizes, drive, submission, twenty_point_rubric

ASPECTS = ("value", "novelty", "effect")  # max 8, 6, 6
GOLDEN = {"R1": (8, 6, 0), "R2": (8, 0, 6), "R3": (0, 6, 6), "R4": (8, 6, 6), "R5": (8, 6, 6)}


def jury(trim_on: str, aggregation: Aggregation | None = None, panel: int = 5):
    rubric = twenty_point_rubric(aggregation or Aggregation(method="trimmed_mean", trim=1))
    return campaign_score_prizes(panel_size=panel, rubric=rubric, trim_on=trim_on)


def scores(campaign, marks: dict[str, tuple[float, ...]], sid: str = "S001"):
    assignment = ReviewAssignment(submission=sid, reviewers=list(marks))
    reviews = [ReviewScore(submission=sid, reviewer=r, marks=dict(zip(ASPECTS, m))) for r, m in marks.items()]
    return score_rubric(campaign, [assignment], reviews)


@pytest.mark.parametrize(("trim_on", "score", "grade"), [("aspect", "20.00", 1), ("reviewer_total", "16.00", 2)])
def test_the_two_readings_give_different_grades_on_the_same_marks(trim_on, score, grade):
    campaign = jury(trim_on)
    result = scores(campaign, GOLDEN)
    assert str(result["S001"].score) == score and result["S001"].reviewers == 5
    case = drive(Case(submission=submission("S001", campaign=campaign)), "verified", benefit="0")
    assert grade_cases(campaign, [case], result)[0].grade == grade


def test_the_definition_says_which_reading_and_keeps_the_default():
    assert campaign_score_prizes().trim_on == "aspect"
    body = msgspec.to_builtins(campaign_score_prizes())
    assert decode_campaign(msgspec.json.encode({**body, "trim_on": "reviewer_total"})).trim_on == "reviewer_total"
    with pytest.raises(CampaignError) as refused:
        decode_campaign(msgspec.json.encode({**body, "trim_on": "per_expert"}))
    assert refused.value.problems[0].path == "trim_on"


def test_a_median_and_a_plain_mean_of_totals():
    assert (
        str(scores(jury("reviewer_total", Aggregation(method="median"), 3), {k: GOLDEN[k] for k in ("R1", "R2", "R3")})["S001"].score)
        == "14.00"
    )
    assert (
        str(scores(jury("reviewer_total", Aggregation(method="mean"), 3), {k: GOLDEN[k] for k in ("R1", "R3", "R4")})["S001"].score)
        == "15.33"
    )


def test_an_engine_refusal_names_the_submission_and_the_reviewer():
    with pytest.raises(ReviewError) as refused:
        scores(jury("reviewer_total"), {**GOLDEN, "R4": (9, 6, 6)}, sid="S042")  # 9 > the aspect's 8
    paths = [p.path for p in refused.value.problems]
    assert paths and all(p.startswith("reviews[S042]") for p in paths) and any("[R4]" in p for p in paths), paths


# ---------------------------------------------------------------- properties

marks_strategy = st.lists(
    st.tuples(st.integers(0, 8), st.integers(0, 6), st.integers(0, 6)).map(lambda t: tuple(float(x) for x in t)), min_size=5, max_size=5
)


@settings(max_examples=60, deadline=None)
@given(marks_strategy)
def test_a_plain_mean_is_the_same_either_way(rows):
    """With no trim, the mean of the totals is the sum of the aspects' means (linearity)."""
    marks = {f"R{k}": m for k, m in enumerate(rows, start=1)}
    by_aspect = scores(jury("aspect", Aggregation(method="mean")), marks)["S001"].units
    by_total = scores(jury("reviewer_total", Aggregation(method="mean")), marks)["S001"].units
    assert by_aspect == by_total


@settings(max_examples=60, deadline=None)
@given(marks_strategy, st.permutations(range(5)))
def test_the_trimmed_total_lies_between_the_kept_totals_and_ignores_panel_order(rows, order):
    marks = {f"R{k}": m for k, m in enumerate(rows, start=1)}
    totals = sorted(sum(m) for m in rows)
    got = scores(jury("reviewer_total"), marks)["S001"]
    assert totals[1] * 100 - 1 <= got.units <= totals[3] * 100 + 1
    assert got.units == round(sum(totals[1:4]) / 3 * 100 + 1e-9)  # half up on exact thirds: x.xx5 never occurs
    shuffled = {f"R{k + 1}": rows[k] for k in order}
    assert scores(jury("reviewer_total"), shuffled)["S001"].units == got.units


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), min_size=7, max_size=7), min_size=1, max_size=12),
    st.integers(0, 2),
    st.sampled_from(["mean", "median", "trimmed_mean"]),
)
def test_the_vectorised_panel_equals_a_row_by_row_reference(rows, trim, method):
    totals = np.array([[np.nan if v is None else v for v in r] for r in rows])
    value, counted = panel_of_totals(Aggregation(method=method, trim=trim if method == "trimmed_mean" else 0), totals)
    for i, row in enumerate(rows):
        present = sorted(v for v in row if v is not None)
        if method == "median":
            expect = float(np.median(present)) if present else None
        else:
            t = trim if method == "trimmed_mean" else 0
            kept = present[t : len(present) - t]
            expect = sum(kept) / len(kept) if kept else None
        if expect is None:
            assert np.isnan(value[i]) or counted[i] == 0
        else:
            assert value[i] == pytest.approx(expect, rel=1e-12, abs=1e-9)
