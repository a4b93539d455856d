"""Campaign definitions: the RULES.md presets are valid, every broken rule is refused with its
path, and definitions round-trip through JSON exactly."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from contests.campaigns.definition import (
    BenefitBand,
    BudgetPool,
    GradeRules,
    RewardRow,
    ScoreThreshold,
    campaign_problems,
    decode_campaign,
    produced_grades,
    validate_campaign,
)
from contests.campaigns.errors import CampaignError
from contests.campaigns.presets import BANDS_1986, RANGES_1986_YUAN, grading_1986, innovation_rubric, rewards_1986
from scoring.aggregation import Aggregation
from tests.campaigns.factories import campaign_1986, campaign_score_prizes, fujian_campaign, replace, twenty_point_rubric


def problems(campaign) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in campaign_problems(campaign)]


def paths(campaign) -> list[str]:
    return [p for p, _ in problems(campaign)]


def test_rules_md_presets_are_valid():
    for campaign in (campaign_1986(), campaign_score_prizes(), fujian_campaign(1_700_000)):
        validate_campaign(campaign)


def test_1986_reward_table_matches_the_regulation():
    # RULES.md: 2,500–4,000; 1,500–2,500; 500–1,500; 300–500; ≤ 300 yuan
    rows = rewards_1986()
    assert [(r.min_fen, r.max_fen) for r in rows] == [(lo * 100, hi * 100) for lo, hi in RANGES_1986_YUAN]
    assert [(r.min_fen, r.max_fen) for r in rows][0] == (250_000, 400_000)
    assert [b.min_yuan for b in BANDS_1986] == [Decimal(1_000_000), Decimal(500_000), Decimal(100_000), Decimal(10_000), Decimal("0.01")]


def test_a_panel_of_five_must_trim():
    mean = campaign_1986(rubric=innovation_rubric(Aggregation(method="mean")))
    assert paths(mean) == ["rubric.aggregation"]
    assert "trimmed mean" in problems(mean)[0][1]
    untrimmed = campaign_1986(rubric=innovation_rubric(Aggregation(method="trimmed_mean", trim=0)))
    assert paths(untrimmed) == ["rubric.aggregation"]
    validate_campaign(campaign_1986(panel_size=5, rubric=innovation_rubric(Aggregation(method="trimmed_mean", trim=1))))
    # a panel of 4 may use a plain mean
    validate_campaign(campaign_1986(panel_size=4, rubric=innovation_rubric(Aggregation(method="mean"))))


def test_a_trim_needs_enough_reviewers():
    c = campaign_1986(panel_size=2, rubric=innovation_rubric(Aggregation(method="trimmed_mean", trim=1)))
    assert problems(c) == [("panel_size", "a trimmed mean dropping 1 + 1 marks needs more than 2 reviewers, got 2")]


def test_reward_amount_must_lie_in_its_range():
    rows = rewards_1986()
    rows[0] = replace(rows[0], amount_fen=400_001)
    assert problems(campaign_1986(rewards=rows)) == [("rewards[0].amount_fen", "400001 fen is outside the grade's range 250000–400000 fen")]


def test_a_better_grade_never_pays_less():
    rows = rewards_1986((2500, 2500, 1500, 300, 300))  # grade 3 pays 1,500 = top of its range
    validate_campaign(campaign_1986(rewards=rows))
    rows = rewards_1986((2500, 1500, 500, 500, 300))
    rows[2] = replace(rows[2], amount_fen=40_000, min_fen=30_000)  # grade 3 pays 400 < grade 4's 500
    assert ("rewards[3].amount_fen", "grade 4 pays 50000 fen, more than grade 3's 40000") in problems(campaign_1986(rewards=rows))


def test_bands_must_need_more_for_a_better_grade():
    bands = list(BANDS_1986)
    bands[1] = BenefitBand(grade=2, min_yuan=Decimal(1_000_000))
    c = campaign_1986(grading=GradeRules(basis="benefit", benefit_bands=bands))
    assert paths(c) == ["grading.benefit_bands[1].min_yuan"]


def test_band_bounds_are_money_to_the_fen():
    bands = [*BANDS_1986[:4], BenefitBand(grade=5, min_yuan=Decimal("0.001"))]
    c = campaign_1986(grading=GradeRules(basis="benefit", benefit_bands=bands))
    assert paths(c) == ["grading.benefit_bands[4].min_yuan"]
    bands[4] = BenefitBand(grade=5, min_yuan=Decimal("-1"))
    assert paths(campaign_1986(grading=GradeRules(basis="benefit", benefit_bands=bands))) == ["grading.benefit_bands[4].min_yuan"]


def test_thresholds_must_descend_fit_the_rubric_and_its_rounding():
    good = campaign_score_prizes()
    t = good.grading.score_thresholds
    swapped = replace(good, grading=GradeRules(basis="score", score_thresholds=[t[0], ScoreThreshold(grade=2, min_score=18), t[2]]))
    assert paths(swapped) == ["grading.score_thresholds[1].min_score"]
    above = replace(good, grading=GradeRules(basis="score", score_thresholds=[ScoreThreshold(grade=1, min_score=21), *t[1:]]))
    assert problems(above)[0] == ("grading.score_thresholds[0].min_score", "21 is above the rubric's maximum 20")
    fine = replace(good, grading=GradeRules(basis="score", score_thresholds=[ScoreThreshold(grade=1, min_score=17.995), *t[1:]]))
    assert paths(fine) == ["grading.score_thresholds[0].min_score"]


def test_basis_and_rule_lists_must_agree():
    both_lists = GradeRules(basis="benefit", benefit_bands=list(BANDS_1986), score_thresholds=[ScoreThreshold(grade=1, min_score=80)])
    assert paths(campaign_1986(grading=both_lists)) == ["grading.score_thresholds"]
    missing = GradeRules(basis="better", benefit_bands=list(BANDS_1986))
    assert paths(campaign_1986(grading=missing)) == ["grading.score_thresholds"]


def test_every_grade_given_has_a_reward_row_and_no_row_is_dead():
    assert problems(campaign_1986(rewards=rewards_1986()[:4])) == [("rewards", "grade 5 can be given but has no reward row")]
    extra = [*campaign_score_prizes().rewards, RewardRow(grade=4, name="优秀奖", min_fen=0, max_fen=0, amount_fen=0)]
    assert problems(campaign_score_prizes(rewards=extra)) == [("rewards[3].grade", "grade 4 is never given by the grade rules")]


def test_produced_grades_of_both_is_the_worse_of_two():
    rules = GradeRules(
        basis="both",
        score_thresholds=[ScoreThreshold(grade=2, min_score=15), ScoreThreshold(grade=3, min_score=13)],
        benefit_bands=[BenefitBand(grade=1, min_yuan=Decimal(100)), BenefitBand(grade=3, min_yuan=Decimal(1))],
    )
    # worse of {2,3} and {1,3}: 2 or 3, never 1
    assert produced_grades(campaign_score_prizes(grading=rules)) == {2, 3}


def test_rubric_weight_and_scheme_are_the_engines_rules():
    c = campaign_score_prizes(rubric=replace(twenty_point_rubric(), weight=90))
    assert problems(c) == [("rubric", "module weights sum to 90, need 100")]


def test_duplicates_and_bounds():
    assert paths(campaign_1986(categories=["invention", "invention"])) == ["categories[1]"]
    assert paths(campaign_1986(periods=["2025-Q1", "2025-Q1"])) == ["periods[1]"]
    assert paths(campaign_1986(budget=BudgetPool(pool_fen=0, rule="refuse"))) == ["budget.pool_fen"]
    assert paths(campaign_1986(year=1800)) == ["year"]


def test_json_round_trip_is_exact_and_unknown_fields_refused():
    c = fujian_campaign(1_600_000, "by_grade")
    data = msgspec.json.encode(c)
    assert decode_campaign(data) == c
    c2 = campaign_1986()
    assert decode_campaign(msgspec.json.encode(c2)) == c2
    raw = msgspec.json.decode(data)
    raw["budget"]["rule"] = "spend_anyway"
    with pytest.raises(CampaignError) as exc:
        decode_campaign(msgspec.json.encode(raw))
    assert exc.value.problems[0].path == "budget.rule"
    raw["budget"]["rule"] = "refuse"
    raw["prizes"] = []
    with pytest.raises(CampaignError, match="prizes"):
        decode_campaign(msgspec.json.encode(raw))


def test_decoded_benefit_bounds_stay_exact():
    text = msgspec.json.encode(campaign_1986()).replace(b'"1000000"', b'"999999.99"')
    c = decode_campaign(text)
    assert c.grading.benefit_bands[0].min_yuan == Decimal("999999.99")
    assert grading_1986() != c.grading
