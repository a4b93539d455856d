"""Invalid schemes are refused with the path of the problem and the rule it breaks."""

from __future__ import annotations

import msgspec
import pytest

from scoring.errors import SchemeError
from scoring.module import Module, validate_modules
from scoring.scheme import (
    Band,
    Criterion,
    Deduction,
    Judgement,
    Measurement,
    Scheme,
    SubCriterion,
    Veto,
    decode_scheme,
    validate_scheme,
)
from tests.scoring.schemes import direct, electrician_safety, motor_control, weld_visual


def refused(scheme: Scheme) -> str:
    with pytest.raises(SchemeError) as err:
        validate_scheme(scheme)
    return str(err.value)


def one(aspects, max_marks=10) -> Scheme:
    return Scheme(criteria=[Criterion(id="c", name="准则", max_marks=max_marks, aspects=aspects)])


def test_rules_md_schemes_are_valid():
    for scheme in (weld_visual(), electrician_safety(), motor_control(), direct("t", "理论", 100)):
        validate_scheme(scheme)


def test_empty_scheme():
    assert refused(Scheme(criteria=[])) == "criteria: a scheme needs at least one criterion"


def test_aspects_do_not_fill_their_section():
    msg = refused(one([Measurement(id="a", name="甲", max_marks=6)]))
    assert msg.startswith("criteria[0].aspects: aspects' max marks sum to 6, the section allows 10")


def test_aspects_overflow_their_section():
    msg = refused(
        one(
            [
                Measurement(id="a", name="甲", max_marks=8),
                Deduction(id="d", name="扣", per_occurrence=1),
                Measurement(id="b", name="乙", max_marks=5),
            ]
        )
    )
    assert "criteria[0].aspects: aspects' max marks sum to 13, more than the section's 10" in msg


def test_sub_criteria_do_not_sum_to_criterion():
    s = Scheme(
        criteria=[
            Criterion(
                id="c",
                name="准则",
                max_marks=20,
                sub_criteria=[SubCriterion(id="s", name="子", max_marks=10, aspects=[Measurement(id="a", name="甲", max_marks=10)])],
            )
        ]
    )
    assert "criteria[0].sub_criteria: sub-criteria max marks sum to 10, the criterion allows 20" in refused(s)


def test_declared_total_disagrees():
    s = Scheme(criteria=direct("t", "理论", 100).criteria, max_marks=90)
    assert "criteria: criteria max marks sum to 100, the scheme declares 90" in refused(s)


def test_duplicate_ids():
    msg = refused(one([Measurement(id="a", name="甲", max_marks=5), Measurement(id="a", name="乙", max_marks=5)]))
    assert "criteria[0].aspects[1].id: id 'a' is already used at criteria[0].aspects[0]" in msg


def test_bad_id_characters():
    msg = refused(one([Measurement(id="a b", name="甲", max_marks=10)]))
    assert "criteria[0].aspects[0].id: id 'a b' may use only letters" in msg


def test_bands_must_ascend():
    msg = refused(one([Measurement(id="a", name="甲", max_marks=10, rule="bands", bands=[Band(upto=2, marks=10), Band(upto=1, marks=5)])]))
    assert "criteria[0].aspects[0].bands[1].upto: bands must ascend strictly by upto" in msg


def test_band_above_aspect_max():
    msg = refused(one([Measurement(id="a", name="甲", max_marks=10, rule="bands", bands=[Band(upto=1, marks=12), Band(upto=2, marks=10)])]))
    assert "criteria[0].aspects[0].bands[0].marks: band marks 12 exceed the aspect's 10" in msg


def test_no_band_awards_full_marks():
    msg = refused(one([Measurement(id="a", name="甲", max_marks=10, rule="bands", bands=[Band(upto=1, marks=8)])]))
    assert "criteria[0].aspects[0].bands: no band awards the aspect's full 10 marks" in msg


def test_bands_rule_without_bands_and_bands_without_rule():
    assert "rule 'bands' needs at least one band" in refused(one([Measurement(id="a", name="甲", max_marks=10, rule="bands")]))
    msg = refused(one([Measurement(id="a", name="甲", max_marks=10, bands=[Band(upto=1, marks=10)])]))
    assert "bands are only read when rule is 'bands', rule is 'marks'" in msg


def test_judgement_needs_four_descriptors():
    msg = refused(one([Judgement(id="j", name="评价", max_marks=10, descriptors=["差", "好"])]))
    assert "criteria[0].aspects[0].descriptors: a judgement needs 4 descriptors (levels 0–3), got 2" in msg


def test_deduction_cap_below_one_occurrence():
    msg = refused(one([Deduction(id="d", name="扣", per_occurrence=5, cap=2)]))
    assert "criteria[0].aspects[0].cap: cap 2 is below one occurrence's 5" in msg


def test_deduction_larger_than_its_section():
    msg = refused(one([Deduction(id="d", name="扣", per_occurrence=15)]))
    assert "criteria[0].aspects[0].per_occurrence: one occurrence takes 15, more than the section's 10" in msg


def test_veto_targets():
    assert "an 'aspect' veto must name the aspect it zeroes" in refused(
        one([Measurement(id="a", name="甲", max_marks=10), Veto(id="v", name="否", effect="aspect")])
    )
    assert "'zz' is not a measurement or judgement aspect of this scheme" in refused(
        one([Measurement(id="a", name="甲", max_marks=10), Veto(id="v", name="否", effect="aspect", target="zz")])
    )
    assert "'zz' is not a criterion or sub-criterion of this scheme" in refused(
        one([Measurement(id="a", name="甲", max_marks=10), Veto(id="v", name="否", effect="criterion", target="zz")])
    )
    assert "a 'module' veto takes no target" in refused(
        one([Measurement(id="a", name="甲", max_marks=10), Veto(id="v", name="否", effect="module", target="a")])
    )


def test_criterion_with_both_sub_criteria_and_aspects():
    s = Scheme(
        criteria=[
            Criterion(
                id="c",
                name="准则",
                max_marks=10,
                aspects=[Measurement(id="a", name="甲", max_marks=10)],
                sub_criteria=[SubCriterion(id="s", name="子", max_marks=10, aspects=[Measurement(id="b", name="乙", max_marks=10)])],
            )
        ]
    )
    assert "criteria[0]: a criterion holds either sub_criteria or aspects, not both" in refused(s)


def test_every_problem_is_reported_at_once():
    s = Scheme(
        criteria=[
            Criterion(id="c", name="甲", max_marks=10, aspects=[Measurement(id="a", name="甲", max_marks=6)]),
            Criterion(id="c", name="乙", max_marks=10, aspects=[Judgement(id="j", name="评", max_marks=10, descriptors=["x"])]),
        ]
    )
    with pytest.raises(SchemeError) as err:
        validate_scheme(s)
    paths = [p.path for p in err.value.problems]
    assert paths == ["criteria[1].id", "criteria[0].aspects", "criteria[1].aspects[0].descriptors"]


def test_module_weights_must_sum_to_100():
    mods = [
        Module(id="t", name="理论", weight=30, scheme=direct("t", "理论", 100)),
        Module(id="p", name="实操", weight=65, scheme=direct("p", "实操", 100)),
    ]
    with pytest.raises(SchemeError, match=r"^modules: module weights sum to 95, need 100$"):
        validate_modules(mods)


def test_pass_mark_above_module_max():
    mods = [Module(id="t", name="理论", weight=100, scheme=direct("t", "理论", 100), pass_mark=120)]
    with pytest.raises(SchemeError, match=r"modules\[0\].pass_mark: pass mark 120 is above the module's 100"):
        validate_modules(mods)


def test_decoding_names_field_and_type():
    with pytest.raises(SchemeError, match=r"criteria\[0\].max_marks: Expected `float` >= 0"):
        decode_scheme(b'{"criteria": [{"id": "c", "name": "x", "max_marks": -1, "aspects": []}]}')
    with pytest.raises(SchemeError, match=r"criteria\[0\].aspects\[0\].kind: Invalid value 'guess'"):
        decode_scheme(b'{"criteria": [{"id": "c", "name": "x", "max_marks": 1, "aspects": [{"kind": "guess"}]}]}')
    with pytest.raises(SchemeError, match="not valid JSON"):
        decode_scheme(b"{oops")


def test_scheme_round_trips_through_json_and_toml():
    s = weld_visual()
    assert decode_scheme(msgspec.json.encode(s)) == s
    assert decode_scheme(msgspec.toml.encode(s), "toml") == s
