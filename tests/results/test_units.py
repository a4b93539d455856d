"""Exact decimal text of score units: the one conversion every output prints through."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contests.results import text_units, units_text
from contests.results.units import number_format
from scoring.errors import RuleError


@pytest.mark.parametrize(
    ("units", "places", "text"),
    [(8750, 2, "87.50"), (5, 2, "0.05"), (0, 2, "0.00"), (87, 0, "87"), (-5, 1, "-0.5"), (1234567, 3, "1234.567")],
)
def test_units_text(units, places, text):
    assert units_text(units, places) == text
    assert text_units(text, places) == units


@given(st.integers(-(10**15), 10**15), st.integers(0, 6))
def test_round_trip_and_agreement_with_decimal(units, places):
    text = units_text(units, places)
    assert text_units(text, places) == units
    assert Decimal(text) == Decimal(units).scaleb(-places)


def test_shorter_text_is_accepted_and_extra_digits_refused():
    assert text_units("87.5", 2) == 8750 and text_units(" 88 ", 2) == 8800 and text_units(".5", 2) == 50
    for bad in ("87.505", "abc", "", "1e3", "8 7", "--1", "+-1", "-", "."):
        with pytest.raises(RuleError):
            text_units(bad, 2)


def test_number_format():
    assert [number_format(p) for p in (0, 1, 2)] == ["0", "0.0", "0.00"]
