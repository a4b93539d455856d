"""大写金额: golden cases from the issue and from the PBoC rules' own examples, and a round trip."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contests.paper.capital_amount import MAX_FEN, capital_amount, capital_yuan, parse_capital

GOLDEN = [
    ("0.05", "伍分"),  # the issue
    ("10.00", "壹拾元整"),  # the issue: a leading 1 keeps its 壹
    ("100010.50", "壹拾万零壹拾元伍角"),  # the issue: no 整 after 角, no optional 零 after 元
    ("1000000.00", "壹佰万元整"),  # the issue
    ("0.00", "零元整"),
    ("0.50", "伍角"),
    ("1409.50", "壹仟肆佰零玖元伍角"),  # 银发〔1997〕393号: one 0 in the middle → one 零
    ("6007.14", "陆仟零柒元壹角肆分"),  # a run of zeros → one 零
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),  # yuan digit 0, jiao not: the optional 零 left out
    ("107000.53", "壹拾万柒仟元伍角叁分"),  # zeros ending a group are not read
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),  # jiao 0, fen not: 零 required
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1000000.05", "壹佰万元零伍分"),
    ("100000000.00", "壹亿元整"),
    ("100010000.00", "壹亿零壹万元整"),
    ("1000000000000.00", "壹万亿元整"),  # MAX_YUAN of the campaigns' money
    ("1000100000000.00", "壹万零壹亿元整"),
]


@pytest.mark.parametrize(("yuan", "capital"), GOLDEN)
def test_golden_amounts(yuan, capital):
    assert capital_yuan(Decimal(yuan)) == capital
    assert parse_capital(capital) == int(Decimal(yuan) * 100)


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_round_trip(fen):
    text = capital_amount(fen)
    assert parse_capital(text) == fen
    assert not text.startswith("零") or fen == 0
    assert "零零" not in text
    assert text.endswith("整") == (fen % 100 == 0)


@pytest.mark.parametrize("bad", [-1, MAX_FEN + 1, 1.5, True, "100"])
def test_refuses_what_is_not_whole_fen(bad):
    with pytest.raises(ValueError):
        capital_amount(bad)


def test_refuses_fractions_of_a_fen():
    with pytest.raises(ValueError, match="whole number of fen"):
        capital_yuan(Decimal("0.005"))


@pytest.mark.parametrize("bad", ["", "整", "壹拾元伍分整", "拾元整", "伍角零壹分", "壹拾元X"])
def test_parser_refuses_other_text(bad):
    with pytest.raises(ValueError):
        parse_capital(bad)


def test_parser_reads_the_prefix_and_zheng_variant():
    assert parse_capital("人民币壹拾元正") == 1000
