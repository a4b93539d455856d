"""The one versioned-cell rule of marks, times and appeal corrections, without a database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from contests.judging.versions import Version, applied, counts, plan, plan_batch

values = st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False)
reasons = st.one_of(st.none(), st.just(""), st.just("  "), st.just("复测"))
cells = st.lists(st.tuples(st.integers(0, 30), values, reasons), max_size=40, unique_by=lambda c: c[0])
stores = st.dictionaries(st.integers(0, 30), st.builds(Version, values, st.integers(1, 9)), max_size=30)


def test_a_new_cell_is_created_at_version_1():
    p = plan(None, Decimal(3))
    assert (p.status, p.version, p.changed, p.needs_reason) == ("created", 1, True, False)


def test_the_same_value_is_unchanged_and_keeps_its_version():
    p = plan(Version(Decimal("2.5"), 3), Decimal("2.50"))
    assert (p.status, p.version, p.changed, p.needs_reason) == ("unchanged", 3, False, False)


def test_another_value_is_the_next_version_and_needs_a_reason():
    assert plan(Version(Decimal(2), 3), Decimal(1)).needs_reason
    assert plan(Version(Decimal(2), 3), Decimal(1), "   ").needs_reason
    p = plan(Version(Decimal(2), 3), Decimal(1), "复测")
    assert (p.status, p.version, p.needs_reason) == ("corrected", 4, False)


@given(cells, stores)
def test_planning_a_stored_batch_again_changes_nothing(batch, current):
    keys = [k for k, _, _ in batch]
    first = plan_batch(batch, current)
    stored = applied(current, keys, first)
    again = plan_batch(batch, stored)
    assert all(p.status == "unchanged" for p in again)
    assert [p.version for p in again] == [p.version for p in first]


@given(cells, stores)
def test_versions_only_grow_and_each_change_is_one_version(batch, current):
    for (key, _, _), p in zip(batch, plan_batch(batch, current), strict=True):
        before = current[key].version if key in current else 0
        assert p.version == before + p.changed
        assert p.needs_reason == (p.status == "corrected" and not (p.reason or "").strip())


@given(cells, stores)
def test_counts_add_up(batch, current):
    c = counts(plan_batch(batch, current))
    assert sum(c.values()) == len(batch)
