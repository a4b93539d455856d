"""The bundled example round parses and validates; definition problems name their path."""

from __future__ import annotations

from pathlib import Path

import pytest

from contests.honours import (
    ByHeadcount,
    Committee,
    Eligibility,
    Fixed,
    Member,
    OrganisationFormula,
    RoundError,
    ShareOfPresent,
    TopN,
    decode_round,
    round_problems,
)
from tests.honours.factories import round_, title

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "honours.toml"


def test_example_round_parses_and_validates():
    r = decode_round(EXAMPLE.read_bytes())
    assert [t.name for t in r.titles] == ["先进集体", "先进个人", "工人先锋号", "优秀组织奖"]
    assert isinstance(r.title("advanced-individual").allocation, ByHeadcount) and r.title("advanced-individual").allocation.minimum == 1
    assert isinstance(r.title("worker-pioneer").allocation, Fixed) and isinstance(r.title("worker-pioneer").voting, TopN)
    assert isinstance(r.title("advanced-collective").voting, ShareOfPresent)
    assert r.title("organisation-award").organisation.threshold == 60.0
    assert r.title("worker-pioneer").eligibility.required_results[0].result == "流动红旗"
    assert r.title("advanced-collective").eligibility == Eligibility(cooldown_years=5, accident_bar_years=3)


def test_problems_name_their_path():
    bad = round_(
        titles=[
            title(),
            title(
                name="先进个人二",
                kind="collective",
                eligibility=Eligibility(min_tenure_years=3),
                voting=ShareOfPresent(numerator=4, denominator=3),
            ),
            title(id="org", name="优秀组织奖", kind="individual", organisation=OrganisationFormula()),
        ],
        comm=Committee(members=[Member(code="M1", name="甲", unit="U9"), Member(code="M1", name="乙")]),
    )
    rules = {p.path: p.rule for p in round_problems(bad)}
    assert "already used at titles[0]" in rules["titles[1].id"]
    assert "already used" in rules["committee.members[1].code"]
    assert rules["committee.members[0].unit"] == "unknown unit 'U9'"
    assert rules["titles[1].eligibility.min_tenure_years"] == "tenure applies to individual titles only"
    assert "more than all members" in rules["titles[1].voting"]
    assert "goes to units" in rules["titles[2].kind"]


def test_decode_refuses_bad_types_with_the_path():
    text = EXAMPLE.read_text(encoding="utf-8").replace('kind = "collective"\nquota = 4', 'kind = "team"\nquota = 4', 1)
    with pytest.raises(RoundError) as caught:
        decode_round(text)
    assert caught.value.problems[0].path == "titles[0].kind"
