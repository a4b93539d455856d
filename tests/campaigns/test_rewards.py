"""Rewards in fen: the Fujian 2022 provincial pool (RULES.md: 300 first prizes × 2,000 yuan,
500 second × 1,000, 1,200 third × 500) under each budget rule, and splits among
co-proposers that sum exactly (largest remainder)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.campaigns.apportion import largest_remainder
from contests.campaigns.award_list import build_award_list
from contests.campaigns.case import Case
from contests.campaigns.definition import validate_campaign
from contests.campaigns.errors import BudgetExceeded
from contests.campaigns.presets import FUJIAN_2022
from contests.campaigns.rewards import apply_budget, split_reward, table_amounts
from contests.campaigns.rubric import RubricScore
from contests.campaigns.submission import Proposer
from tests.campaigns.factories import drive, fujian_campaign, submission

FEN = 100
FULL_YUAN = sum(n * yuan for n, yuan in FUJIAN_2022)  # 1,700,000 yuan


def fujian_grades() -> list[int]:
    return [g + 1 for g, (n, _) in enumerate(FUJIAN_2022) for _ in range(n)]


def test_fujian_pool_adds_up():
    c = fujian_campaign(FULL_YUAN)
    validate_campaign(c)
    grades = fujian_grades()
    amounts = table_amounts(c, grades)
    assert (len(grades), sum(amounts)) == (2000, 1_700_000 * FEN)
    paid, outcome = apply_budget(c.budget, grades, amounts)
    assert paid == amounts and not outcome.applied and outcome.paid_fen == 170_000_000


def test_fujian_scaled_down_to_a_smaller_pool_sums_to_the_pool_exactly():
    c = fujian_campaign(1_600_000, "scale_down")
    grades = fujian_grades()
    amounts = table_amounts(c, grades)
    paid, outcome = apply_budget(c.budget, grades, amounts)
    assert sum(paid) == 160_000_000 and outcome.applied and outcome.requested_fen == 170_000_000
    # each reward is its amount × 16/17, within one fen, and never more than the table
    for a, p in zip(amounts, paid):
        assert abs(p * 17 - a * 16) < 17 and p <= a
    # 2,000 × 16/17 = 1,882.35…; 1,000 × 16/17 = 941.18…; 500 × 16/17 = 470.59…
    assert set(paid[:300]) <= {188_235, 188_236} and set(paid[300:800]) <= {94_117, 94_118}
    assert set(paid[800:]) <= {47_058, 47_059}


def test_fujian_by_grade_pays_higher_grades_first():
    c = fujian_campaign(1_300_000, "by_grade")
    grades = fujian_grades()
    paid, outcome = apply_budget(c.budget, grades, table_amounts(c, grades))
    assert paid[:800] == [200_000] * 300 + [100_000] * 500  # 1,100,000 yuan in full
    third = paid[800:]  # 200,000 yuan left for 1,200 third prizes: 166.666… each
    assert sum(third) == 20_000_000 and set(third) == {16_666, 16_667}
    assert third[:800] == [16_667] * 800 and third[800:] == [16_666] * 400  # ties: list order
    assert outcome.paid_fen == 130_000_000

    c = fujian_campaign(500_000, "by_grade")  # not even the first prizes fit
    paid, _ = apply_budget(c.budget, grades, table_amounts(c, grades))
    assert sum(paid[:300]) == 50_000_000 and set(paid[:300]) == {166_666, 166_667} and not any(paid[300:])


def test_fujian_refuse_rule():
    c = fujian_campaign(1_699_999, "refuse")
    grades = fujian_grades()
    with pytest.raises(BudgetExceeded) as exc:
        apply_budget(c.budget, grades, table_amounts(c, grades))
    assert [(p.path, p.rule) for p in exc.value.problems] == [
        ("budget.pool_fen", "rewards total 1,700,000.00 yuan, more than the pool of 1,699,999.00 yuan (rule 'refuse')")
    ]


def test_fujian_award_list_end_to_end():
    c = fujian_campaign(1_600_000, "scale_down")
    units = {1: 1900, 2: 1600, 3: 1400}  # scores 19.00 / 16.00 / 14.00 → grades 1 / 2 / 3
    cases, scores = [], {}
    for k, g in enumerate(fujian_grades()):
        sid = f"FJ{k:04d}"
        sub = submission(sid, campaign=c, period="2022")
        cases.append(drive(Case(submission=sub), "verified"))
        scores[sid] = RubricScore(submission=sid, score=Decimal(units[g]) / 100, units=units[g], reviewers=3)
    award = build_award_list(c, cases, scores)
    assert [g.count for g in award.grades] == [300, 500, 1200]
    assert award.total_paid_fen == sum(e.reward_fen for e in award.entries) == 160_000_000
    assert all(sum(s.amount_fen for s in e.shares) == e.reward_fen for e in award.entries)
    assert [g.paid_fen for g in award.grades] == [sum(e.reward_fen for e in award.entries if e.grade == g) for g in (1, 2, 3)]


# ---------------------------------------------------------------- splits


def proposers(bps):
    return [Proposer(employee_no=f"E{i}", name=f"完成人{i}", share_bp=bp) for i, bp in enumerate(bps)]


@st.composite
def shares(draw):
    """Any list of positive basis-point shares summing to exactly 10,000."""
    n = draw(st.integers(1, 12))
    cuts = sorted(draw(st.lists(st.integers(1, 9_999), min_size=n - 1, max_size=n - 1, unique=True)))
    edges = [0, *cuts, 10_000]
    return [b - a for a, b in zip(edges, edges[1:])]


@settings(max_examples=500)
@given(shares(), st.integers(0, 10**12))
def test_any_split_sums_exactly_and_each_part_is_within_one_fen(bps, amount):
    parts = split_reward(amount, proposers(bps))
    assert sum(parts) == amount
    for part, bp in zip(parts, bps):
        # |part − amount × bp / 10,000| < 1 fen, in integers
        assert abs(part * 10_000 - amount * bp) < 10_000
    assert split_reward(amount, proposers(bps)) == parts  # deterministic


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**9), min_size=1, max_size=30).filter(any))
def test_largest_remainder_is_exact_and_fair(total, weights):
    parts = largest_remainder(total, weights)
    whole = sum(weights)
    assert sum(parts) == total
    for part, w in zip(parts, weights):
        assert (total * w) // whole <= part <= (total * w) // whole + 1
        if w == 0:
            assert part == 0


def test_split_examples_and_tie_order():
    assert split_reward(100, proposers([3334, 3333, 3333])) == [34, 33, 33]
    assert split_reward(1, proposers([5000, 5000])) == [1, 0]  # equal: the one listed first
    # remainders 0.5, 1.0 → 0, 0.5: tie between E0 and E2 broken by listing order
    assert split_reward(2, proposers([2500, 5000, 2500])) == [1, 1, 0]
    # equal remainders (0.5 and 0.5), different shares: the larger share first
    assert split_reward(2, proposers([2500, 7500])) == [0, 2]
    assert split_reward(2, proposers([7500, 2500])) == [2, 0]
    assert split_reward(1500 * FEN, proposers([6000, 4000])) == [90_000, 60_000]


def test_apportion_refuses_nonsense():
    with pytest.raises(ValueError):
        largest_remainder(5, [0, 0])
    with pytest.raises(ValueError):
        largest_remainder(-1, [1])
    assert largest_remainder(0, []) == []
