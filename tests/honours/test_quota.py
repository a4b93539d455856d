"""名额分配: exact sums (hypothesis), the minimum of one, zero headcounts, remainder ties,
and the published arithmetic (RULES.md, "Honours": "Quotas by headcount share need exact
sums: largest remainder, optionally at least one per unit")."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.honours import ByHeadcount, Fixed, QuotaError, Unit, allocate, decode_round, round_problems
from scoring.errors import PolicyError
from scoring.quota import share_quota
from tests.honours.factories import round_, title

headcounts = st.lists(st.integers(0, 5000), min_size=1, max_size=40).filter(lambda h: sum(h) > 0)


@settings(max_examples=300, deadline=None)
@given(headcounts, st.integers(0, 500), st.integers(0, 2))
def test_sums_exactly_and_each_share_within_one_place(h, total, minimum):
    staffed = sum(1 for x in h if x > 0)
    if minimum * staffed > total:
        with pytest.raises(PolicyError, match="minimum"):
            share_quota(total, h, minimum=minimum)
        return
    split = share_quota(total, h, minimum=minimum)
    assert int(split.seats.sum()) == total
    hs = np.array(h)
    assert (split.seats[hs == 0] == 0).all()
    assert (split.base[hs > 0] == minimum).all()
    for i, x in enumerate(h):  # within one place of the exact quota of the pool
        exact = Fraction(split.pool * x, sum(h))
        assert exact - 1 < split.seats[i] - split.base[i] < exact + 1
        assert Fraction(int(split.floors[i])) + Fraction(int(split.numerators[i]), sum(h)) == exact
    assert int(split.extra.sum()) == split.pool - int(split.floors.sum())


def test_hand_computation_with_minimum_one():
    # 10 places, at least one each; headcounts 600/300/100/0: U4 has nobody and gets none.
    # Pool 7 over 1000: exact 4.2, 2.1, 0.7 → floors 4, 2, 0, one left → U3 (0.7).
    split = share_quota(10, [600, 300, 100, 0], minimum=1)
    assert split.seats.tolist() == [5, 3, 2, 0]
    assert split.pool == 7 and split.floors.tolist() == [4, 2, 0, 0] and split.extra.tolist() == [False, False, True, False]


def test_more_units_than_places_with_minimum_one_is_refused():
    with pytest.raises(PolicyError) as caught:
        share_quota(3, [10, 20, 30, 40], minimum=1)
    assert caught.value.problems[0].path == "minimum"
    assert "needs 4 places for 4 units" in caught.value.problems[0].rule


def test_all_zero_headcounts_are_refused_and_zero_places_is_fine():
    with pytest.raises(PolicyError, match="headcount of 0"):
        share_quota(2, [0, 0])
    assert share_quota(0, [0, 0]).seats.tolist() == [0, 0]


def test_remainder_ties_go_to_the_larger_headcount_then_the_unit_code():
    # 1 place over 2 + 2 + 4: exact 0.25, 0.25, 0.5 → the 0.5 wins.
    assert share_quota(1, [2, 2, 4]).seats.tolist() == [0, 0, 1]
    # 2 places over 3 × 3 units: equal remainders 2/3 → equal headcounts → code rank.
    assert share_quota(2, [3, 3, 3], tie_rank=[2, 0, 1]).seats.tolist() == [0, 1, 1]
    # Equal remainders and different headcounts: 1 place over 1 and 3 after floors —
    # 3 places over [2, 6, 4]: exact 0.5, 1.5, 1.0 → floors 0, 1, 1, one left: 0.5 vs 0.5, larger headcount (6) wins.
    assert share_quota(3, [2, 6, 4]).seats.tolist() == [0, 2, 1]


def test_allocation_publishes_its_arithmetic_in_unit_code_order_for_ties():
    units = [
        Unit(code="U9", name="九", headcount=100),
        Unit(code="U1", name="一", headcount=100),
        Unit(code="U5", name="五", headcount=100),
    ]
    r = round_(units=units, titles=[title(quota=2)])
    a = allocate(r, r.titles[0])
    assert [(line.unit, line.places, line.extra) for line in a.lines] == [("U9", 0, False), ("U1", 1, True), ("U5", 1, True)]
    first = a.lines[0]
    assert (first.share_percent, first.exact, first.floor, first.remainder, first.remainder_exact) == (
        "33.3333",
        "0.6666",
        0,
        "0.6666",
        "200/300",
    )
    assert sum(line.places for line in a.lines) == 2


def test_fixed_places_must_sum_to_the_quota_and_name_known_units():
    r = round_(titles=[title(quota=3, allocation=Fixed(places={"U1": 1, "U7": 1}))])
    rules = {p.path: p.rule for p in round_problems(r)}
    assert "unknown unit 'U7'" in rules["titles[0].allocation.places.U7"]
    assert "sum to 2, the quota is 3" in rules["titles[0].allocation.places"]
    ok = round_(titles=[title(quota=2, allocation=Fixed(places={"U1": 1, "U3": 1}))])
    assert allocate(ok, ok.titles[0]).places() == {"U1": 1, "U2": 0, "U3": 1}


def test_a_minimum_the_quota_cannot_cover_is_a_definition_problem():
    r = round_(titles=[title(quota=2, allocation=ByHeadcount(minimum=1))])
    assert [p.path for p in round_problems(r)] == ["titles[0].allocation.minimum"]
    with pytest.raises(QuotaError):
        allocate(r, r.titles[0])


def test_example_round_allocation_by_hand():
    # examples/honours.toml, 先进个人: 12 places, minimum 1 × 6 units, pool 6 over 2,840 people:
    # exact 2.6620, 1.1408, 0.9084, 0.6549, 0.3803, 0.2535 → floors 2, 1, 0, 0, 0, 0 (3);
    # the 3 left go to U03 (.9084), U01 (.6620), U04 (.6549).
    r = decode_round(open("examples/honours.toml", "rb").read())
    a = allocate(r, r.title("advanced-individual"))
    assert a.places() == {"U01": 4, "U02": 2, "U03": 2, "U04": 2, "U05": 1, "U06": 1}
    assert [line.exact for line in a.lines] == ["3.6619", "2.1408", "1.9084", "1.6549", "1.3802", "1.2535"]
