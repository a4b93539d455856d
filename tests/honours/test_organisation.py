"""优秀组织奖 arithmetic by hand (RULES.md, "Honours": 优秀组织奖 to units that organised a
contest well: participation, results, on-time work), with the example round's formula:
participation 40 × min(rate ÷ 5%, 1), results min(Σ weights, 40) with 一等奖 10, 二等奖 6,
三等奖 3, 优胜奖 1, registration 10, reporting 10; threshold 60; quota 2."""

from __future__ import annotations

from contests.honours import OrganisationFormula, UnitRecord, decode_round, organisation_award

RECORDS = [
    # 50/1260 = 3.968% → 40 × 0.79365 = 31.75; 10 + 2×6 + 3 = 25; on time → 76.75
    UnitRecord(
        unit="U01",
        headcount=1260,
        competitors=50,
        awards={"一等奖": 1, "二等奖": 2, "三等奖": 1},
        registered_on_time=True,
        reported_on_time=True,
    ),
    # 30/540 = 5.56% → capped 40.00; 6 + 2×3 + 3×1 = 15; reporting late → 65.00
    UnitRecord(unit="U02", headcount=540, competitors=30, awards={"二等奖": 1, "三等奖": 2, "优胜奖": 3}, registered_on_time=True),
    # 20/430 = 4.651% → 37.21; 3; on time → 60.21
    UnitRecord(unit="U03", headcount=430, competitors=20, awards={"三等奖": 1}, registered_on_time=True, reported_on_time=True),
    # 10/310 = 3.226% → 25.81; 10; on time → 55.81, below the threshold
    UnitRecord(unit="U04", headcount=310, competitors=10, awards={"一等奖": 1}, registered_on_time=True, reported_on_time=True),
    # 9/180 = 5% → 40.00; 3×6 = 18, 特等奖 is not in the table; registration late → 68.00
    UnitRecord(unit="U05", headcount=180, competitors=9, awards={"二等奖": 3, "特等奖": 1}, reported_on_time=True),
    UnitRecord(unit="U06", headcount=0, competitors=0),
]


def example_formula() -> OrganisationFormula:
    r = decode_round(open("examples/honours.toml", "rb").read())
    return r.title("organisation-award").organisation


def test_per_unit_computation_by_hand():
    lines = {x.unit: x for x in organisation_award(example_formula(), 2, RECORDS)}
    u1 = lines["U01"]
    assert (u1.participation_rate_percent, u1.participation, u1.results_weighted, u1.results, u1.registration, u1.reporting, u1.total) == (
        "3.97",
        "31.75",
        25,
        "25.00",
        "10.00",
        "10.00",
        "76.75",
    )
    assert [lines[u].total for u in ("U02", "U03", "U04", "U05", "U06")] == ["65.00", "60.21", "55.81", "68.00", "0.00"]
    assert lines["U05"].unweighted_awards == ["特等奖"] and lines["U05"].results_weighted == 18
    assert lines["U06"].participation_rate_percent == "0.00"


def test_quota_threshold_and_order():
    lines = organisation_award(example_formula(), 2, RECORDS)
    assert [x.unit for x in lines] == ["U01", "U05", "U02", "U03", "U04", "U06"]
    assert [(x.unit, x.place) for x in lines if x.qualified] == [("U01", 1), ("U05", 2), ("U02", 3), ("U03", 4)]
    assert [x.unit for x in lines if x.awarded] == ["U01", "U05"]
    assert not lines[4].qualified and lines[4].place is None


def test_results_are_capped():
    many = UnitRecord(unit="X", headcount=100, competitors=5, awards={"一等奖": 9})
    assert organisation_award(OrganisationFormula(), 1, [many])[0].results == "40.00"


def test_an_exact_tie_at_the_boundary_is_excluded_or_included_as_declared():
    same = dict(headcount=100, competitors=5, awards={"一等奖": 2}, registered_on_time=True, reported_on_time=True)
    best = UnitRecord(unit="A", headcount=100, competitors=5, awards={"一等奖": 3}, registered_on_time=True, reported_on_time=True)
    records = [best, UnitRecord(unit="B", **same), UnitRecord(unit="C", **same)]
    excluded = organisation_award(OrganisationFormula(), 2, records)
    assert [x.unit for x in excluded if x.awarded] == ["A"]
    included = organisation_award(OrganisationFormula(boundary_tie="include"), 2, records)
    assert [x.unit for x in included if x.awarded] == ["A", "B", "C"]
