"""Rewards (奖金) in integer fen: what each grade pays, the budget pool's rule when the
total exceeds it (definition.py), and the split among co-proposers by share.

All three use the largest remainder method (apportion.py), so every sum is exact: the paid
total equals the pool when a pool is scaled down, and a reward's parts sum to the reward.
Ties in the remainders go to the earlier award-list entry (better grade, then higher score)
or, in a split, to the larger share, then the proposer listed first.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from contests.campaigns.apportion import largest_remainder
from contests.campaigns.definition import BudgetPool, Campaign
from contests.campaigns.errors import AwardError, BudgetExceeded
from contests.campaigns.money import format_yuan
from contests.campaigns.submission import Proposer
from scoring.errors import Problem


class BudgetOutcome(msgspec.Struct, frozen=True, kw_only=True):
    pool_fen: int | None
    rule: str | None
    requested_fen: int  # the reward table's amounts, summed
    paid_fen: int
    applied: bool  # the pool was smaller than the request and the rule changed amounts


def table_amounts(campaign: Campaign, grades: Sequence[int]) -> list[int]:
    """The reward table's amount for each grade."""
    amounts = {r.grade: r.amount_fen for r in campaign.rewards}
    missing = sorted({g for g in grades if g not in amounts})
    if missing:
        raise AwardError([Problem("rewards", f"grade {g} has no reward row") for g in missing])
    return [amounts[g] for g in grades]


def apply_budget(budget: BudgetPool | None, grades: Sequence[int], amounts: Sequence[int]) -> tuple[list[int], BudgetOutcome]:
    """Paid amounts (same order as `amounts`, which is the award list's order) and the outcome."""
    requested = sum(amounts)
    if budget is None or requested <= budget.pool_fen:
        paid = list(amounts)
        return paid, BudgetOutcome(
            pool_fen=budget.pool_fen if budget else None,
            rule=budget.rule if budget else None,
            requested_fen=requested,
            paid_fen=requested,
            applied=False,
        )
    if budget.rule == "refuse":
        raise BudgetExceeded.at(
            "budget.pool_fen",
            f"rewards total {format_yuan(requested)} yuan, more than the pool of {format_yuan(budget.pool_fen)} yuan (rule 'refuse')",
        )
    if budget.rule == "scale_down":
        paid = largest_remainder(budget.pool_fen, amounts)
    else:
        paid = _by_grade(budget.pool_fen, grades, amounts)
    return paid, BudgetOutcome(pool_fen=budget.pool_fen, rule=budget.rule, requested_fen=requested, paid_fen=sum(paid), applied=True)


def _by_grade(pool: int, grades: Sequence[int], amounts: Sequence[int]) -> list[int]:
    """Grades in order from 1: paid in full while the pool lasts; the first grade that does
    not fit shares the rest in proportion; worse grades get nothing."""
    paid = [0] * len(amounts)
    left = pool
    for grade in sorted(set(grades)):
        members = [i for i, g in enumerate(grades) if g == grade]
        need = sum(amounts[i] for i in members)
        share = [amounts[i] for i in members] if need <= left else largest_remainder(left, [amounts[i] for i in members])
        for i, amount in zip(members, share):
            paid[i] = amount
        left -= sum(share)
        if left == 0:
            break
    return paid


def split_reward(amount_fen: int, proposers: Sequence[Proposer]) -> list[int]:
    """Each proposer's part of a reward, by share, summing to `amount_fen` exactly."""
    tie = [(-p.share_bp,) for p in proposers]  # larger share first, then listed order
    return largest_remainder(amount_fen, [p.share_bp for p in proposers], tie)


__all__ = ["BudgetOutcome", "apply_budget", "split_reward", "table_amounts"]
