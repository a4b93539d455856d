"""Campaign statistics (年度统计): per campaign, period, unit and category, and in total.

Counts are milestones reached: `accepted` counts every submission that was ever accepted,
including those later adopted, implemented or withdrawn, because the annual report asks
"how many were accepted", not "how many sit in that state today". The workflow has no
cycles, so each state is reached at most once and a count never goes down. Only submitted
cases count at all: a draft is not a proposal (a withdrawn draft counts nowhere).

- verified benefit: the sum of verified annual benefits (exact Decimal yuan);
- rewards paid: the sum of the rewards recorded by "award" (fen);
- proposers: distinct employee numbers among the proposers of submitted cases; a proposer
  counts for their own unit (a co-proposer from another unit counts there);
- participation rate = proposers / headcount, proposals per head = submitted / headcount,
  both to 4 decimal places (half up). A unit's headcount is its own; any other group's is
  the sum over all units, or None if any unit's headcount is unknown (a partial
  denominator would overstate the rate).

Two ways to the same numbers: `statistics_from_scratch(cases, units)` reads each case (its
history for the milestones, its fields for benefit and reward); `StatisticsAccumulator`
applies transition events one at a time, reading only the audit records' payloads. The
tests prove they agree on random event sequences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from contests.campaigns.case import Case
from contests.campaigns.submission import Submission
from contests.campaigns.workflow import TransitionRecord
from contests.people import Unit

MILESTONES = ("submitted", "accepted", "rejected", "adopted", "not_adopted", "implemented", "verified", "awarded", "withdrawn")
DIMENSIONS = ("campaign", "period", "unit", "category")
_RATE = Decimal("0.0001")

Key = tuple[str, str, str, str]  # (campaign, period, unit, category)


class Figures(msgspec.Struct, frozen=True, kw_only=True):
    submitted: int = 0
    accepted: int = 0
    rejected: int = 0
    adopted: int = 0
    not_adopted: int = 0
    implemented: int = 0
    verified: int = 0
    awarded: int = 0
    withdrawn: int = 0
    verified_benefit_yuan: Decimal = Decimal("0.00")
    rewards_paid_fen: int = 0
    proposers: int = 0
    headcount: int | None = None
    participation_rate: Decimal | None = None
    proposals_per_head: Decimal | None = None


class Statistics(msgspec.Struct, frozen=True, kw_only=True):
    total: Figures
    by_campaign: dict[str, Figures]
    by_period: dict[str, Figures]
    by_unit: dict[str, Figures]
    by_category: dict[str, Figures]


class TransitionEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A transition as the accumulator sees it: the submission it happened to and its record."""

    submission: Submission
    record: TransitionRecord


def _key(sub: Submission, unit: str | None = None) -> Key:
    return (sub.campaign, sub.period, unit if unit is not None else sub.unit, sub.category)


class _Cells:
    """Additive figures per finest key, and proposer sets per (key with the proposer's unit)."""

    def __init__(self) -> None:
        self.counts: dict[Key, Counter] = defaultdict(Counter)
        self.benefit: dict[Key, Decimal] = defaultdict(Decimal)
        self.rewards: dict[Key, int] = defaultdict(int)
        self.people: dict[Key, set[str]] = defaultdict(set)

    def submitted(self, sub: Submission) -> None:
        for p in sub.proposers:
            self.people[_key(sub, sub.proposer_unit(p))].add(p.employee_no)

    def report(self, units: Sequence[Unit]) -> Statistics:
        heads = {u.code: u.headcount for u in units}
        everyone = None if any(h is None for h in heads.values()) else sum(heads.values())
        by = {d: self._rollup(i, heads, everyone) for i, d in enumerate(DIMENSIONS)}
        return Statistics(
            total=self._figures(lambda k: True, everyone),
            by_campaign=by["campaign"],
            by_period=by["period"],
            by_unit=by["unit"],
            by_category=by["category"],
        )

    def _rollup(self, dim: int, heads: dict, everyone: int | None) -> dict[str, Figures]:
        values = sorted({k[dim] for k in (*self.counts, *self.people)})
        if dim == 2:
            values = sorted(set(values) | set(heads))  # a unit with no proposal still has a rate of 0
        return {v: self._figures(lambda k, v=v: k[dim] == v, heads.get(v) if dim == 2 else everyone) for v in values}

    def _figures(self, keep, headcount: int | None) -> Figures:
        counts = sum((c for k, c in self.counts.items() if keep(k)), Counter())
        people = set().union(*(s for k, s in self.people.items() if keep(k)))
        return Figures(
            **{m: counts[m] for m in MILESTONES},
            verified_benefit_yuan=sum((b for k, b in self.benefit.items() if keep(k)), Decimal("0.00")),
            rewards_paid_fen=sum(r for k, r in self.rewards.items() if keep(k)),
            proposers=len(people),
            headcount=headcount,
            participation_rate=_rate(len(people), headcount),
            proposals_per_head=_rate(counts["submitted"], headcount),
        )


def _rate(n: int, headcount: int | None) -> Decimal | None:
    if not headcount:
        return None
    return (Decimal(n) / Decimal(headcount)).quantize(_RATE, rounding=ROUND_HALF_UP)


def statistics_from_scratch(cases: Iterable[Case], units: Sequence[Unit]) -> Statistics:
    cells = _Cells()
    for case in cases:
        reached = case.reached()
        if "submitted" not in reached:
            continue
        sub = case.submission
        key = _key(sub)
        cells.counts[key].update(m for m in MILESTONES if m in reached)
        cells.submitted(sub)
        if "verified" in reached and case.verified_benefit_yuan is not None:
            cells.benefit[key] += case.verified_benefit_yuan
        if "awarded" in reached and case.reward_fen is not None:
            cells.rewards[key] += case.reward_fen
    return cells.report(units)


class StatisticsAccumulator:
    """Keeps the statistics up to date one transition at a time (the use-case calls `apply`
    with every transition it commits); `report` gives the same Statistics as from scratch."""

    def __init__(self, units: Sequence[Unit] = ()) -> None:
        self.units = list(units)
        self._cells = _Cells()
        self._live: set[tuple[str, str]] = set()  # (campaign, submission) that were submitted

    def apply(self, event: TransitionEvent) -> None:
        sub, record = event.submission, event.record
        ident = (sub.campaign, sub.id)
        if record.to_state == "submitted":
            self._live.add(ident)
            self._cells.submitted(sub)
        if ident not in self._live:
            return  # a draft withdrawn before submission counts nowhere
        key = _key(sub)
        if record.to_state in MILESTONES:
            self._cells.counts[key][record.to_state] += 1
        if record.action == "verify":
            self._cells.benefit[key] += record.payload.verified_benefit_yuan
        elif record.action == "award":
            self._cells.rewards[key] += record.payload.reward_fen

    def report(self, units: Sequence[Unit] | None = None) -> Statistics:
        return self._cells.report(self.units if units is None else units)


__all__ = ["DIMENSIONS", "Figures", "MILESTONES", "Statistics", "StatisticsAccumulator", "TransitionEvent", "statistics_from_scratch"]
