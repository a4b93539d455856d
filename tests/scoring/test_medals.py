"""WorldSkills medals (WSC2015): every tie rule, small fields, Medallion for Excellence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.errors import PolicyError, RuleError
from scoring.medals import (
    BRONZE,
    GOLD,
    MEDALLION,
    NONE,
    NOTE_FIELD_3,
    NOTE_FIELD_4,
    NOTE_FIELD_5,
    NOTE_MANY_GOLDS,
    NOTE_TIED_SILVERS,
    NOTE_TWO_GOLDS,
    SILVER,
    MedalPolicy,
    medals,
    validate_medals,
)

# a tail of clearly separated, below-medallion scores so the field is never small by accident
TAIL = [690.0, 680.0, 670.0, 660.0, 650.0, 640.0]


def run(scores, policy=MedalPolicy(), eligible=None):
    s = np.asarray(scores, dtype=np.float64)
    ok = np.ones(s.size, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    return medals(s, ok, policy)


def test_one_gold_one_silver_one_bronze():
    """RULES.md: WSC2015 medals, the plain case: one gold, one silver, one bronze, medallions."""
    result = run([740.0, 730.0, 720.0, 710.0, 700.0, *TAIL])
    assert result.medal.tolist() == [GOLD, SILVER, BRONZE, MEDALLION, MEDALLION] + [NONE] * 6
    assert result.rule_notes == []
    assert result.field_size == 11


def test_within_tolerance_is_inclusive_in_hundredths():
    """RULES.md: WSC2015 medals, within 2 points shares the medal; exactly 2.00 apart is within."""
    # 700.1 - 698.1 is 2.0000000000000568 in floats; hundredths make it exactly 200
    result = run([700.1, 698.1, *TAIL], MedalPolicy(medallion=None))
    assert result.medal[:2].tolist() == [GOLD, GOLD]
    result = run([700.1, 698.09, *TAIL], MedalPolicy(medallion=None))
    assert result.medal[:2].tolist() == [GOLD, SILVER]


def test_two_golds_no_silver_bronze_to_next_best_and_within_tolerance():
    """RULES.md: WSC2015 medals, two golds → no silver; bronze to the next best + within 2 points."""
    result = run([720.0, 718.0, 715.0, 713.0, 712.99, *TAIL])
    assert result.medal.tolist() == [GOLD, GOLD, BRONZE, BRONZE, MEDALLION] + [NONE] * 6
    assert result.rule_notes == [NOTE_TWO_GOLDS]


def test_three_golds_bronze_within_tolerance_of_the_last_gold():
    """RULES.md: WSC2015 medals, three or more golds → no silver, bronze within 2 points of the last gold."""
    # golds 730, 729, 728.5 (all within 2 of 730); last gold 728.5 → bronze down to 726.5
    result = run([730.0, 729.0, 728.5, 726.5, 726.49, *TAIL])
    assert result.medal.tolist() == [GOLD, GOLD, GOLD, BRONZE, MEDALLION] + [NONE] * 6
    assert result.rule_notes == [NOTE_MANY_GOLDS]


def test_three_golds_with_nobody_near_the_last_gold_gives_no_bronze():
    """RULES.md: WSC2015 medals, the bronze goes only to those within 2 points of the last gold."""
    result = run([730.0, 729.0, 728.0, 720.0, *TAIL])
    assert result.medal.tolist() == [GOLD, GOLD, GOLD, MEDALLION] + [NONE] * 6
    assert SILVER not in result.medal and BRONZE not in result.medal


def test_tied_silvers_no_bronze():
    """RULES.md: WSC2015 medals, tied silvers → no bronze."""
    result = run([740.0, 730.0, 728.0, 720.0, *TAIL])
    assert result.medal.tolist() == [GOLD, SILVER, SILVER, MEDALLION] + [NONE] * 6
    assert result.rule_notes == [NOTE_TIED_SILVERS]


def test_one_silver_bronze_to_next_best_and_within_tolerance():
    """RULES.md: WSC2015 medals, single silver → bronze to the next best and anyone within 2 points."""
    result = run([740.0, 730.0, 720.0, 718.5, 718.0, 717.9, *TAIL])
    assert result.medal.tolist() == [GOLD, SILVER, BRONZE, BRONZE, BRONZE, MEDALLION] + [NONE] * 6


def test_silver_group_is_measured_from_the_next_best_not_from_gold():
    """RULES.md: WSC2015 medals, each group is the next best plus those within 2 points of it."""
    # 739 is 3 behind gold, so it heads the silver group; 737.5 is within 2 of 739, 735 is not
    result = run([742.0, 739.0, 737.5, 735.0, *TAIL], MedalPolicy(medallion=None))
    assert result.medal[:4].tolist() == [GOLD, SILVER, SILVER, NONE]


@pytest.mark.parametrize(
    ("n", "expected", "note"),
    [
        (3, [NONE, NONE, NONE], NOTE_FIELD_3),
        (4, [GOLD, NONE, NONE, NONE], NOTE_FIELD_4),
        (5, [GOLD, SILVER, NONE, NONE, NONE], NOTE_FIELD_5),
        (6, [GOLD, SILVER, BRONZE, NONE, NONE, NONE], None),
    ],
)
def test_small_fields(n, expected, note):
    """RULES.md: WSC2015 medals, ≥ 6 all three medals, 5 gold and silver, 4 gold only, ≤ 3 none."""
    scores = [690.0, 680.0, 670.0, 660.0, 650.0, 640.0][:n]
    result = run(scores)
    assert result.medal.tolist() == expected
    assert result.rule_notes == ([note] if note else [])
    assert result.field_size == n


def test_small_field_counts_eligible_competitors_only():
    """RULES.md: WSC2015 medals, a field of 6 with one ineligible competitor is a field of 5."""
    scores = [760.0, 690.0, 680.0, 670.0, 660.0, 650.0]
    result = run(scores, eligible=[False, True, True, True, True, True])
    assert result.medal.tolist() == [NONE, GOLD, SILVER, NONE, NONE, NONE]
    assert result.field_size == 5


def test_small_field_withheld_medal_still_earns_a_medallion():
    """RULES.md: WSC2015 medals, medallions reward a score, so they survive the small-field rule."""
    result = run([760.0, 750.0, 740.0, 600.0])  # a field of 4: gold only
    assert result.medal.tolist() == [GOLD, MEDALLION, MEDALLION, NONE]
    result = run([760.0, 750.0, 700.0])  # a field of 3: no medals at all
    assert result.medal.tolist() == [MEDALLION, MEDALLION, MEDALLION]


def test_small_field_rule_can_be_switched_off():
    """RULES.md: WSC2015 medals; contests outside WorldSkills may medal any field."""
    result = run([690.0, 680.0, 670.0], MedalPolicy(small_field=False))
    assert result.medal.tolist() == [GOLD, SILVER, BRONZE]
    assert result.rule_notes == []


def test_medallion_threshold_and_none():
    """RULES.md: WSC2015 medals, Medallion for Excellence at ≥ 700 for non-medallists."""
    scores = [760.0, 750.0, 740.0, 700.0, 699.99, *TAIL]
    assert run(scores).medal[3:5].tolist() == [MEDALLION, NONE]
    assert MEDALLION not in run(scores, MedalPolicy(medallion=None)).medal
    assert run(scores, MedalPolicy(medallion=650.0)).medal[3:].tolist() == [MEDALLION] * 7 + [NONE]


def test_ineligible_competitors_get_nothing_and_do_not_block():
    """An ineligible competitor (vetoed, withdrawn) neither wins nor shifts the medals; NaN is allowed there."""
    scores = [float("nan"), 800.0, 740.0, 730.0, 720.0, *TAIL]
    result = run(scores, eligible=[False, False, True, True, True] + [True] * 6)
    assert result.medal.tolist() == [NONE, NONE, GOLD, SILVER, BRONZE] + [NONE] * 6


def test_wider_tolerance():
    """The tolerance is configurable: with 5 points, 740 and 736 share gold."""
    result = run([740.0, 736.0, 730.0, *TAIL], MedalPolicy(tolerance=5.0))
    assert result.medal[:3].tolist() == [GOLD, GOLD, BRONZE]


def test_no_eligible_competitors():
    result = run([700.0, 710.0], eligible=[False, False], policy=MedalPolicy(small_field=False))
    assert result.medal.tolist() == [NONE, NONE]
    assert run([], policy=MedalPolicy(small_field=False)).medal.tolist() == []


def test_invalid_policy_and_inputs_refused():
    with pytest.raises(PolicyError, match=r"^tolerance: must be a finite number of points >= 0, got -1.0$"):
        validate_medals(MedalPolicy(tolerance=-1.0))
    with pytest.raises(PolicyError, match=r"^medallion: must be a finite score >= 0, got nan$"):
        run([700.0], MedalPolicy(medallion=float("nan")))
    with pytest.raises(RuleError, match=r"^scores\[1\]: an eligible competitor's score is not a finite number$"):
        run([700.0, float("nan")])
    with pytest.raises(RuleError, match="eligible"):
        medals(np.array([700.0, 710.0]), np.array([1, 1]), MedalPolicy())


# --- properties ---------------------------------------------------------------------------

# best first: gold, silver, bronze, medallion, nothing
_QUALITY = np.array([4, 0, 1, 2, 3], dtype=np.int64)  # indexed by medal code


@st.composite
def fields(draw):
    n = draw(st.integers(0, 25))
    hundredths = draw(st.lists(st.integers(60000, 80000), min_size=n, max_size=n))
    # cluster scores now and then so the tie rules fire
    if n and draw(st.booleans()):
        hundredths = [h // 150 * 150 for h in hundredths]
    eligible = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    policy = MedalPolicy(
        tolerance=draw(st.sampled_from([0.0, 2.0, 3.5])),
        small_field=draw(st.booleans()),
        medallion=draw(st.sampled_from([None, 700.0])),
    )
    return np.array(hundredths, dtype=np.float64) / 100, np.array(eligible, dtype=bool), policy


@settings(max_examples=200, deadline=None)
@given(fields())
def test_higher_score_never_gets_a_worse_medal(case):
    scores, eligible, policy = case
    result = medals(scores, eligible, policy)
    q = _QUALITY[result.medal[eligible]]
    order = np.argsort(-scores[eligible], kind="stable")
    assert (np.diff(q[order]) >= 0).all()
    assert (result.medal[~eligible] == NONE).all()
    if eligible.any() and (not policy.small_field or eligible.sum() >= 4):
        assert result.medal[eligible][np.argmax(scores[eligible])] == GOLD
    assert not ((result.medal == SILVER).any() and (result.medal == GOLD).sum() >= 2)


@settings(max_examples=200, deadline=None)
@given(fields(), st.randoms(use_true_random=False))
def test_medals_are_permutation_invariant(case, rnd):
    scores, eligible, policy = case
    perm = np.array(rnd.sample(range(scores.size), scores.size), dtype=np.int64)
    base = medals(scores, eligible, policy)
    moved = medals(scores[perm], eligible[perm], policy)
    assert moved.medal.tolist() == base.medal[perm].tolist()
    assert moved.rule_notes == base.rule_notes
