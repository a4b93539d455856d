"""A campaign definition may name a bundled preset instead of repeating it (issue 11 item 5):
the 1986 regulation's benefit bands and reward table, the RULES.md score-threshold prizes.
The decoded definition is identical to the one that writes the preset out."""

from __future__ import annotations

import msgspec
import pytest

from contests.campaigns.definition import decode_campaign
from contests.campaigns.errors import CampaignError
from contests.campaigns.named_presets import expand_presets
from tests.campaigns.factories import campaign_1986, campaign_score_prizes


def _named(campaign, grading: str, rewards: str) -> dict:
    return {**msgspec.to_builtins(campaign), "grading": grading, "rewards": rewards}


@pytest.mark.parametrize(
    ("expanded", "grading", "rewards"),
    [(campaign_1986(), "1986_benefit_bands", "1986_rewards"), (campaign_score_prizes(), "score_prizes", "score_prizes")],
    ids=["1986", "score-prizes"],
)
def test_a_named_preset_decodes_to_the_written_out_definition(expanded, grading, rewards):
    body = _named(expanded, grading, rewards)
    assert decode_campaign(msgspec.json.encode(body)) == expanded
    # what is stored: the same bytes as the written-out definition's
    written_out = decode_campaign(msgspec.json.encode(expanded))
    assert msgspec.json.encode(decode_campaign(msgspec.json.encode(body))) == msgspec.json.encode(written_out)


def test_one_part_may_be_named_and_the_other_written_out():
    body = {**msgspec.to_builtins(campaign_1986()), "grading": "1986_benefit_bands"}
    assert decode_campaign(msgspec.json.encode(body)) == campaign_1986()


def test_an_unknown_preset_is_refused_naming_the_field():
    with pytest.raises(CampaignError) as refused:
        decode_campaign(msgspec.json.encode(_named(campaign_1986(), "1986_benefit_bands", "1987_rewards")))
    assert refused.value.problems[0].path == "rewards"


def test_a_named_preset_is_validated_like_the_written_out_one():
    # the score prizes' grade 1 needs 18 points: a rubric out of 100 is fine, one out of 10 is not
    small = msgspec.to_builtins(campaign_score_prizes())
    small["rubric"]["scheme"]["criteria"][0]["aspects"] = [{**small["rubric"]["scheme"]["criteria"][0]["aspects"][0], "max_marks": 10}]
    small["rubric"]["scheme"]["criteria"][0]["max_marks"] = 10
    with pytest.raises(CampaignError, match="above the rubric's maximum"):
        decode_campaign(msgspec.json.encode({**small, "grading": "score_prizes", "rewards": "score_prizes"}))


def test_expanding_a_written_out_definition_changes_nothing():
    assert expand_presets(campaign_1986()) is campaign_1986() or expand_presets(campaign_1986()) == campaign_1986()
