"""Award tiers and titles: golden cases from RULES.md, properties, and refused policies."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.awards import AwardPolicy, AwardTier, TitleRule, award, boundaries, validate_awards
from scoring.errors import PolicyError, RuleError

PLACES = 2
MODULES = ["theory", "practical"]


def ranks_of(totals: np.ndarray) -> np.ndarray:
    """Competition ranking "1224" of totals (STACK.md recipe)."""
    t = np.asarray(totals, dtype=np.int64)
    return (np.searchsorted(np.sort(-t), -t, side="left") + 1).astype(np.int64)


def distinct_field(n: int) -> tuple[np.ndarray, np.ndarray]:
    """n competitors with totals 100.00, 99.00, ... so rank i+1 sits at index i."""
    totals = (100 - np.arange(n)) * 100
    return ranks_of(totals), totals.astype(np.int64)


def counts(*per_tier: int, **kw) -> AwardPolicy:
    names = ["一等奖", "二等奖", "三等奖", "优胜奖"]
    return AwardPolicy(tiers=[AwardTier(name=names[i], count=c) for i, c in enumerate(per_tier)], **kw)


def shares(*per_tier: float, **kw) -> AwardPolicy:
    names = ["一等奖", "二等奖", "三等奖", "优胜奖"]
    return AwardPolicy(tiers=[AwardTier(name=names[i], share=s) for i, s in enumerate(per_tier)], **kw)


def run(rank, totals, policy, **kw):
    kw.setdefault("places", PLACES)
    kw.setdefault("passed", {})
    return award(np.asarray(rank, dtype=np.int64), np.asarray(totals, dtype=np.int64), policy, **kw)


def expected_tiers(*runs: tuple[int, int]) -> list[int]:
    """(tier, how many) pairs → flat list, e.g. (0, 1), (1, 3) → [0, 1, 1, 1]."""
    return [tier for tier, n in runs for _ in range(n)]


# --- golden cases -------------------------------------------------------------------------


def test_anhui_2021_one_three_six_by_count():
    """RULES.md: Anhui 2021 welder contest, 1 first, 3 second, 6 third, 优胜奖 several."""
    rank, totals = distinct_field(20)
    result = run(rank, totals, counts(1, 3, 6, 4))
    assert result.tier.tolist() == expected_tiers((0, 1), (1, 3), (2, 6), (3, 4), (-1, 6))
    assert result.capacity == [1, 3, 6, 4]
    assert result.tier_names == ["一等奖", "二等奖", "三等奖", "优胜奖"]


def test_anhui_electricians_one_three_five_eight():
    """RULES.md: Anhui electricians, 1/3/5/8."""
    rank, totals = distinct_field(18)
    result = run(rank, totals, counts(1, 3, 5, 8))
    assert result.tier.tolist() == expected_tiers((0, 1), (1, 3), (2, 5), (3, 8), (-1, 1))


def test_count_tiers_larger_than_field_award_everyone_in_order():
    """RULES.md: Anhui 2021 counts on a field smaller than the prize list."""
    rank, totals = distinct_field(3)
    result = run(rank, totals, counts(1, 3, 6))
    assert result.tier.tolist() == [0, 1, 1]
    assert result.capacity == [1, 3, 6]


@pytest.mark.parametrize(
    ("n", "mode", "capacity"),
    [
        # 25: exact boundaries 2.5, 7.5, 15
        (25, "floor", [2, 5, 8]),
        (25, "round", [3, 5, 7]),
        (25, "ceil", [3, 5, 7]),
        # 37: exact boundaries 3.7, 11.1, 22.2
        (37, "floor", [3, 8, 11]),
        (37, "round", [4, 7, 11]),
        (37, "ceil", [4, 8, 11]),
    ],
)
def test_national_2012_shares_ten_twenty_thirty(n, mode, capacity):
    """RULES.md: 2012 national notice, first 10%, second 20%, third 30% of each group.

    Boundaries are the cumulative shares 10%, 30%, 60% of the field, each rounded once."""
    rank, totals = distinct_field(n)
    result = run(rank, totals, shares(10, 20, 30, share_rounding=mode))
    assert result.capacity == capacity
    edges = np.cumsum(capacity)
    assert result.tier.tolist() == expected_tiers(*zip(range(3), capacity), (-1, n - int(edges[-1])))
    assert result.field_size == n


def test_share_of_registered_field():
    """RULES.md: 2012 national notice; a share of the registered field (40), not of the 30 ranked."""
    rank, totals = distinct_field(30)
    policy = shares(10, 20, 30, field="registered")
    result = run(rank, totals, policy, registered=40)
    assert result.capacity == [4, 8, 12]
    assert result.field_size == 40
    assert run(rank, totals, shares(10, 20, 30)).capacity == [3, 6, 9]


def test_registered_field_needs_the_number():
    """A share of the registered field cannot be computed without it."""
    rank, totals = distinct_field(10)
    with pytest.raises(PolicyError, match=r"^field: field is 'registered' but the number"):
        run(rank, totals, shares(10, field="registered"))
    with pytest.raises(RuleError, match=r"^registered: 5 registered is fewer than the 10 ranked"):
        run(rank, totals, shares(10, field="registered"), registered=5)


@pytest.mark.parametrize(("n", "mode", "excellence"), [(10, "floor", 2), (11, "floor", 2), (11, "round", 3), (5, "floor", 0)])
def test_hainan_2023_medals_then_excellence_within_top_half(n, mode, excellence):
    """RULES.md: Hainan 2023, gold/silver/bronze for the top 3, 优胜奖 for rank > 3 within the top half.

    Expressed as counts 1, 1, 1 then share 50: a share tier ends at its cumulative share of the
    whole field, counting the places the count tiers already gave."""
    policy = AwardPolicy(
        tiers=[
            AwardTier(name="金奖", name_en="gold", count=1),
            AwardTier(name="银奖", name_en="silver", count=1),
            AwardTier(name="铜奖", name_en="bronze", count=1),
            AwardTier(name="优胜奖", name_en="excellence", share=50),
        ],
        share_rounding=mode,
    )
    rank, totals = distinct_field(n)
    result = run(rank, totals, policy)
    assert result.capacity == [1, 1, 1, excellence]
    assert result.tier.tolist() == expected_tiers((0, 1), (1, 1), (2, 1), (3, excellence), (-1, n - 3 - excellence))
    assert result.tier_names_en == ["gold", "silver", "bronze", "excellence"]


def test_share_tier_never_moves_a_boundary_back():
    """A share already used up by count tiers before it gives 0 places, not a negative count."""
    policy = AwardPolicy(tiers=[AwardTier(name="一等奖", count=3), AwardTier(name="优胜奖", share=10)])
    assert boundaries(policy, 20) == [3, 3]
    rank, totals = distinct_field(20)
    result = run(rank, totals, policy)
    assert result.capacity == [3, 0]
    assert (result.tier == 1).sum() == 0


def test_min_score_withholds_prizes_without_shrinking_the_field():
    """RULES.md: Anhui 2021 counts with a pass mark of 60: those below get nothing."""
    totals = np.array([9500, 9000, 8000, 7000, 6500, 6000, 5999, 5000, 4000, 3000], dtype=np.int64)
    rank = ranks_of(totals)
    result = run(rank, totals, counts(1, 3, 6, min_score=60))
    assert result.tier.tolist() == [0, 1, 1, 1, 2, 2, -1, -1, -1, -1]
    # a share is still taken of all 10 ranked competitors
    assert run(rank, totals, shares(10, 20, 30, min_score=60)).capacity == [1, 2, 3]


def test_min_score_rounds_to_units_half_up():
    """A threshold in points compares in units at the contest's places: 59.995 is 60.00 at 2 places."""
    totals = np.array([6000, 5999], dtype=np.int64)
    result = run(ranks_of(totals), totals, counts(5, min_score=59.995))
    assert result.tier.tolist() == [0, -1]
    result = run(ranks_of(totals), totals, counts(5, min_score=59.99))
    assert result.tier.tolist() == [0, 0]


def test_excluded_competitors_take_no_place():
    """An unranked (disqualified) or below-threshold competitor does not push anyone down."""
    # index 1 disqualified (rank 0); index 2 is ranked 2nd but below min_score by construction
    rank = np.array([1, 0, 2, 3, 4, 5], dtype=np.int64)
    totals = np.array([9000, 9900, 5000, 8000, 7000, 6500], dtype=np.int64)
    result = run(rank, totals, counts(1, 2, min_score=60))
    assert result.tier.tolist() == [0, -1, -1, 1, 1, -1]


def test_unranked_never_awarded_even_with_generous_tiers():
    """rank 0 means unranked or disqualified: never awarded, not counted in a ranked field."""
    rank = np.array([0, 1, 2, 0], dtype=np.int64)
    totals = np.array([9999, 8000, 7000, 0], dtype=np.int64)
    result = run(rank, totals, shares(100))
    assert result.field_size == 2
    assert result.tier.tolist() == [-1, 0, 0, -1]


@pytest.mark.parametrize(
    ("tie", "expected"),
    [
        # places 3-5 tie across the 二等奖 boundary at place 4
        ("include", [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1]),
        ("exclude", [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, -1]),
    ],
)
def test_boundary_tie_group_moves_together(tie, expected):
    """RULES.md: Anhui 2021 1/3/6 with a three-way tie at place 3 straddling the second-prize line."""
    totals = np.array([9500, 9000, 8800, 8800, 8800, 8000, 7900, 7800, 7700, 7600, 7000], dtype=np.int64)
    rank = ranks_of(totals)
    assert rank.tolist() == [1, 2, 3, 3, 3, 6, 7, 8, 9, 10, 11]
    result = run(rank, totals, counts(1, 3, 6, boundary_tie=tie))
    assert result.tier.tolist() == expected
    assert result.capacity == [1, 3, 6]


@pytest.mark.parametrize(("tie", "expected"), [("include", [0, 0, -1]), ("exclude", [-1, -1, -1])])
def test_boundary_tie_at_the_last_boundary(tie, expected):
    """A tied group straddling the last boundary: all in, or all out of the prize list."""
    totals = np.array([9000, 9000, 8000], dtype=np.int64)
    result = run(ranks_of(totals), totals, counts(1, boundary_tie=tie))
    assert result.tier.tolist() == expected


def test_boundary_tie_exclude_skips_every_straddled_tier():
    """A group spanning several boundaries falls to the first tier that holds all of it."""
    totals = np.array([9000, 9000, 9000, 9000, 9000, 8000], dtype=np.int64)
    result = run(ranks_of(totals), totals, counts(1, 3, 6, boundary_tie="exclude"))
    assert result.tier.tolist() == [2, 2, 2, 2, 2, 2]


def titles_policy() -> AwardPolicy:
    both = ["theory", "practical"]
    return AwardPolicy(
        titles=[
            TitleRule(name="技术能手", name_en="technical expert", from_rank=1, to_rank=5, required_modules=both),
            TitleRule(name="技师", name_en="technician", from_rank=1, to_rank=5, required_modules=both),
            TitleRule(name="高级工", name_en="senior worker", from_rank=6, to_rank=15, required_modules=both),
        ]
    )


def test_titles_by_rank_band_need_both_passes():
    """RULES.md: top 5 → 技术能手 and 技师, places 6–15 → 高级工, only if theory and practical pass."""
    totals = (100 - np.arange(18)) * 100
    totals[5] = totals[4]  # two competitors share 5th place
    rank = ranks_of(totals)
    theory = np.ones(18, dtype=bool)
    practical = np.ones(18, dtype=bool)
    theory[2] = False  # 3rd place failed theory
    practical[9] = False  # 10th place failed practical
    result = run(rank, totals, titles_policy(), passed={"theory": theory, "practical": practical})
    expert = np.zeros(18, dtype=bool)
    expert[[0, 1, 3, 4, 5]] = True  # the tied 5th places both qualify
    senior = np.zeros(18, dtype=bool)
    senior[6:15] = True
    senior[9] = False
    assert result.titles["技术能手"].tolist() == expert.tolist()
    assert result.titles["技师"].tolist() == expert.tolist()
    assert result.titles["高级工"].tolist() == senior.tolist()
    assert result.tier.tolist() == [-1] * 18


def test_title_needs_pass_results_for_required_modules():
    """A required module without pass/fail results is an error, not a silent pass."""
    rank, totals = distinct_field(3)
    with pytest.raises(RuleError, match=r"^titles\[0\]\.required_modules\[1\]: no pass/fail result given for module 'practical'$"):
        run(rank, totals, titles_policy(), passed={"theory": np.ones(3, dtype=bool)})


def test_unranked_gets_no_title():
    """rank 0 is outside every band."""
    rank = np.array([0, 1], dtype=np.int64)
    policy = AwardPolicy(titles=[TitleRule(name="技术能手", from_rank=1, to_rank=5)])
    assert run(rank, [0, 9000], policy).titles["技术能手"].tolist() == [False, True]


def test_policy_decodes_from_json_with_defaults():
    """Policies arrive as JSON; Chinese names are the default, English optional."""
    raw = b'{"tiers": [{"name": "\xe4\xb8\x80\xe7\xad\x89\xe5\xa5\x96", "count": 1}, {"name": "x", "share": 20}]}'
    policy = msgspec.json.decode(raw, type=AwardPolicy)
    assert policy.tiers[0].name == "一等奖" and policy.tiers[0].name_en == ""
    assert policy.share_rounding == "floor" and policy.boundary_tie == "include" and policy.field == "ranked"
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"tiers": [{"name": "x", "share": 120}]}', type=AwardPolicy)
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(b'{"tiers": [], "bogus": 1}', type=AwardPolicy)


# --- refused policies ---------------------------------------------------------------------


def refusal(policy: AwardPolicy, modules: list[str] = MODULES) -> list[str]:
    with pytest.raises(PolicyError) as err:
        validate_awards(policy, modules)
    return [str(p) for p in err.value.problems]


def test_tier_with_both_count_and_share_refused():
    policy = AwardPolicy(tiers=[AwardTier(name="一等奖", count=1, share=10)])
    assert refusal(policy) == ["tiers[0]: give exactly one of count or share"]


def test_tier_with_neither_count_nor_share_refused():
    policy = AwardPolicy(tiers=[AwardTier(name="一等奖", count=1), AwardTier(name="二等奖")])
    assert refusal(policy) == ["tiers[1]: give exactly one of count or share"]


@pytest.mark.parametrize("share", [0.0, -5.0, 100.5, float("nan")])
def test_share_out_of_range_refused(share):
    policy = AwardPolicy(tiers=[AwardTier(name="一等奖", share=share)])
    assert refusal(policy) == [f"tiers[0].share: share is a percentage: need 0 < share <= 100, got {share}"]


def test_shares_over_100_refused():
    assert refusal(shares(30, 40, 50)) == ["tiers: shares sum to 120%, need at most 100%"]


def test_shares_summing_to_exactly_100_accepted():
    validate_awards(shares(10, 20, 70), MODULES)
    validate_awards(shares(33.3, 33.3, 33.4), MODULES)


def test_zero_count_refused():
    assert refusal(counts(1, 0)) == ["tiers[1].count: count must be between 1 and 2147483647, got 0"]


def test_title_band_backwards_refused():
    policy = AwardPolicy(titles=[TitleRule(name="高级工", from_rank=16, to_rank=15)])
    assert refusal(policy) == ["titles[0]: from_rank 16 is after to_rank 15: the band is empty"]


def test_title_unknown_module_refused():
    policy = AwardPolicy(titles=[TitleRule(name="技师", from_rank=1, to_rank=5, required_modules=["theory", "oral"])])
    assert refusal(policy) == ["titles[0].required_modules[1]: unknown module 'oral'; known: theory, practical"]


def test_duplicate_tier_names_refused():
    policy = counts(1, 3)
    policy = AwardPolicy(tiers=[*policy.tiers, AwardTier(name="一等奖", count=6)])
    assert refusal(policy) == ["tiers[2].name: duplicate tier name '一等奖' (also tiers[0])"]


def test_negative_min_score_refused():
    assert refusal(counts(1, min_score=-1.0)) == ["min_score: must be a finite score >= 0, got -1.0"]


def test_every_problem_reported_at_once():
    policy = AwardPolicy(
        tiers=[AwardTier(name="一等奖"), AwardTier(name="一等奖", share=200)],
        titles=[TitleRule(name="技师", from_rank=5, to_rank=1, required_modules=["oral"])],
    )
    assert len(refusal(policy)) == 5


def test_award_refuses_an_invalid_policy_too():
    rank, totals = distinct_field(3)
    with pytest.raises(PolicyError, match=r"^tiers\[0\]: give exactly one of count or share$"):
        run(rank, totals, AwardPolicy(tiers=[AwardTier(name="一等奖")]))


def test_award_refuses_float_or_mismatched_inputs():
    with pytest.raises(RuleError, match="integer arrays"):
        award(np.array([1, 2]), np.array([1.5, 0.5]), counts(1), places=2, passed={})
    with pytest.raises(RuleError, match="1-D of one length"):
        award(np.array([1, 2]), np.array([1]), counts(1), places=2, passed={})


# --- properties ---------------------------------------------------------------------------


@st.composite
def tier_lists(draw) -> list[AwardTier]:
    n = draw(st.integers(0, 4))
    budget = 100.0
    tiers = []
    for i in range(n):
        if draw(st.booleans()) or budget < 1:
            tiers.append(AwardTier(name=f"t{i}", count=draw(st.integers(1, 8))))
        else:
            share = draw(st.integers(1, int(budget)))
            budget -= share
            tiers.append(AwardTier(name=f"t{i}", share=float(share)))
    return tiers


@st.composite
def contests(draw, distinct: bool = False):
    n = draw(st.integers(0, 40))
    if distinct:
        totals = np.array(draw(st.permutations(range(n))), dtype=np.int64) * 100
    else:
        totals = np.array(draw(st.lists(st.integers(0, 15), min_size=n, max_size=n)), dtype=np.int64) * 500
    rank = ranks_of(totals)
    dq = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    if not distinct and n:
        rank[dq] = 0
        alive = ~dq
        rank[alive] = ranks_of(totals[alive])
    policy = AwardPolicy(
        tiers=draw(tier_lists()),
        share_rounding=draw(st.sampled_from(["floor", "round", "ceil"])),
        boundary_tie=draw(st.sampled_from(["include", "exclude"])),
        min_score=draw(st.none() | st.sampled_from([0.0, 20.0, 40.0])),
        titles=[TitleRule(name="技术能手", from_rank=1, to_rank=draw(st.integers(1, 10)))],
    )
    return rank, totals, policy


def worseness(tier: np.ndarray) -> np.ndarray:
    return np.where(tier < 0, np.iinfo(np.int64).max, tier)


@settings(max_examples=200, deadline=None)
@given(contests())
def test_better_rank_never_gets_a_worse_tier(case):
    rank, totals, policy = case
    tier = worseness(run(rank, totals, policy).tier)
    ranked = rank > 0
    order = np.argsort(rank[ranked], kind="stable")
    by_rank = tier[ranked][order]
    assert (np.diff(by_rank) >= 0).all()
    # tied competitors always share a tier
    r = rank[ranked][order]
    assert (by_rank[1:][r[1:] == r[:-1]] == by_rank[:-1][r[1:] == r[:-1]]).all()


@settings(max_examples=200, deadline=None)
@given(contests(), st.randoms(use_true_random=False))
def test_awards_are_permutation_invariant(case, rnd):
    rank, totals, policy = case
    perm = np.array(rnd.sample(range(rank.size), rank.size), dtype=np.int64)
    base = run(rank, totals, policy)
    moved = run(rank[perm], totals[perm], policy)
    assert moved.tier.tolist() == base.tier[perm].tolist()
    assert moved.capacity == base.capacity
    assert moved.titles["技术能手"].tolist() == base.titles["技术能手"][perm].tolist()


@settings(max_examples=200, deadline=None)
@given(contests(distinct=True))
def test_without_ties_each_tier_holds_exactly_its_capacity_or_what_is_left(case):
    rank, totals, policy = case
    result = run(rank, totals, policy)
    eligible = int(((rank > 0) & (totals >= round((policy.min_score or 0) * 100))).sum())
    held = np.array([(result.tier == k).sum() for k in range(len(policy.tiers))], dtype=np.int64)
    assert (held <= np.array(result.capacity, dtype=np.int64)).all()
    # tiers fill in order: the first k tiers hold min(their boundary, eligible) competitors
    assert np.cumsum(held).tolist() == np.minimum(np.cumsum(result.capacity), eligible).tolist()
