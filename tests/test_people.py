"""Units, teams, competitors, judges and panels: registration rules, names kept verbatim,
and conflicts of interest (RULES.md "Recusal")."""

from __future__ import annotations

from pathlib import Path

import msgspec
import numpy as np
import pytest

from contests.definition import decode_contest
from contests.errors import RegistrationError
from contests.people import (
    Competitor,
    Judge,
    Panel,
    Registration,
    Team,
    Unit,
    conflict_matrix,
    conflicts,
    registration_problems,
    validate_registration,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
replace = msgspec.structs.replace


@pytest.fixture(scope="module")
def welder():
    return decode_contest((EXAMPLES / "welder.toml").read_bytes(), "toml")


def registration() -> Registration:
    return Registration(
        units=[Unit(code="TL", name="铜陵供电公司", headcount=1200), Unit(code="HF", name="合肥检修公司")],
        teams=[Team(code="TL-1", name="变电一班", unit="TL"), Team(code="HF-1", name="检修一班", unit="HF")],
        competitors=[
            Competitor(employee_no="E001", name="张三", unit="TL", team="TL-1", event="welder"),
            Competitor(employee_no="E002", name="李四", unit="HF", team="HF-1", event="welder"),
            Competitor(employee_no="E003", name="王五", unit="HF", event="welder"),
        ],
        judges=[Judge(code=f"J{i}", name=f"裁判{i}", unit="TL" if i < 3 else "HF") for i in range(1, 7)],
        panels=[Panel(event="welder", module="practical", judges=["J1", "J2", "J3", "J4", "J5"], chief="J1")],
    )


def problems(reg: Registration, contest=None) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in registration_problems(reg, contest)]


def test_a_consistent_registration_passes(welder):
    validate_registration(registration(), welder)
    assert problems(registration(), welder) == []


def test_unknown_units_are_refused_wherever_they_appear():
    reg = registration()
    reg = replace(
        reg,
        teams=reg.teams + [Team(code="X-1", name="一班", unit="XX")],
        competitors=[replace(reg.competitors[0], unit="ZZ", team=None)] + reg.competitors[1:],
        judges=reg.judges + [Judge(code="J9", name="外聘", unit="YY")],
    )
    assert problems(reg) == [
        ("teams[2].unit", "unknown unit 'XX'"),
        ("judges[6].unit", "unknown unit 'YY'"),
        ("competitors[0].unit", "unknown unit 'ZZ'"),
    ]


def test_duplicate_employee_numbers_and_codes_are_refused():
    reg = registration()
    reg = replace(
        reg,
        units=reg.units + [Unit(code="TL", name="另一个")],
        competitors=reg.competitors + [Competitor(employee_no="E002", name="李四", unit="HF", event="welder")],
    )
    assert problems(reg) == [
        ("units[2].code", "unit code 'TL' is already used at units[0]"),
        ("competitors[3].employee_no", "employee number 'E002' is already used at competitors[1]"),
    ]
    with pytest.raises(RegistrationError) as info:
        validate_registration(reg)
    assert len(info.value.problems) == 2


def test_a_team_of_another_unit_is_refused():
    reg = registration()
    reg = replace(reg, competitors=[replace(reg.competitors[0], team="HF-1")] + reg.competitors[1:])
    assert problems(reg) == [("competitors[0].team", "team 'HF-1' belongs to unit 'HF', not 'TL'")]


def test_unknown_team_and_event_are_refused(welder):
    reg = registration()
    reg = replace(reg, competitors=[replace(reg.competitors[0], team="TL-9", event="cook")] + reg.competitors[1:])
    assert problems(reg, welder) == [
        ("competitors[0].team", "unknown team 'TL-9'"),
        ("competitors[0].event", "unknown event 'cook'"),
    ]
    assert problems(reg) == [("competitors[0].team", "unknown team 'TL-9'")]  # events need the contest


def test_panel_rules(welder):
    reg = registration()
    panels = [
        Panel(event="welder", module="practical", judges=["J1", "J2", "J2", "J4", "J8"], chief="J6"),
        Panel(event="welder", module="practical", judges=["J1", "J2", "J3", "J4", "J5"]),
        Panel(event="welder", module="welding", judges=["J1"]),
        Panel(event="cook", module="theory", judges=["J1"]),
    ]
    assert problems(replace(reg, panels=panels), welder) == [
        ("panels[0].judges[2]", "judge 'J2' is already on this panel at judges[1]"),
        ("panels[0].judges[4]", "unknown judge 'J8'"),
        ("panels[0].chief", "the chief 'J6' is not one of the panel's judges"),
        ("panels[0].judges", "the event declares 5 judges for module 'practical', the panel has 4"),
        ("panels[1]", "module 'practical' of event 'welder' already has a panel at panels[0]"),
        ("panels[2].module", "unknown module 'welding' of event 'welder'"),
        ("panels[3].event", "unknown event 'cook'"),
    ]


def test_a_panel_too_small_for_its_trimmed_mean_is_refused(welder):
    contest = replace(welder, events=[replace(welder.events[0], panel_size={})])
    reg = replace(registration(), panels=[Panel(event="welder", module="practical", judges=["J1", "J2"])])
    assert problems(reg, contest) == [("panels[0].judges", "a trimmed mean dropping 1 + 1 marks needs more than 2 judges")]


# ---------------------------------------------------------------- names and codes


@pytest.mark.parametrize(
    "name",
    ["张三", "欧阳😀娜娜", "O'Brien; DROP TABLE competitors;--", "Robert'); --", "阿卜杜·热合曼", "👩‍🔧"],
)
def test_names_round_trip_verbatim(name):
    competitor = Competitor(employee_no="E'1;--", name=name, unit="TL", event="welder")
    data = msgspec.json.encode(competitor)
    assert msgspec.json.decode(data, type=Competitor) == competitor
    assert problems(Registration(units=[Unit(code="TL", name="铜陵")], competitors=[competitor])) == []


@pytest.mark.parametrize(
    "name, why",
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("\u3000", "is empty"),
        ("张三\n", "holds a control character (U+000A)"),
        ("张\x00三", "holds a control character (U+0000)"),
        ("张三\x85", "holds a control character (U+0085)"),
        (" 张三", "has leading or trailing spaces"),
    ],
)
def test_bad_names_are_refused_not_stripped(name, why):
    reg = Registration(units=[Unit(code="TL", name=name)])
    assert problems(reg) == [("units[0].name", why)]
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(msgspec.json.encode({"code": "TL", "name": name}), type=Unit)


@pytest.mark.parametrize("code, why", [("E 001", "is a code and may not hold spaces"), ("a/b", "is a code and may not hold / \\ ? # %")])
def test_bad_codes_are_refused(code, why):
    reg = Registration(
        units=[Unit(code="TL", name="铜陵")], competitors=[Competitor(employee_no=code, name="张三", unit="TL", event="welder")]
    )
    assert problems(reg) == [("competitors[0].employee_no", why)]


def test_decoding_refuses_unknown_fields_and_unbounded_integers():
    with pytest.raises(msgspec.ValidationError, match="unknown field `id_card`"):
        msgspec.json.decode(b'{"employee_no":"1","name":"a","unit":"u","event":"e","id_card":"x"}', type=Competitor)
    with pytest.raises(msgspec.ValidationError, match="headcount"):
        msgspec.json.decode(b'{"code":"u","name":"a","headcount":2147483648}', type=Unit)


# ---------------------------------------------------------------- conflicts of interest


def test_a_judge_may_not_mark_their_own_units_competitors():
    reg = registration()
    judge = reg.judges[0]  # unit TL
    assert conflicts(judge, reg.competitors, "unit").tolist() == [True, False, False]
    assert conflicts(judge, reg.competitors, "none").tolist() == [False, False, False]
    assert conflicts(judge, [], "unit").shape == (0,)


def test_conflict_matrix_covers_a_whole_panel():
    reg = registration()
    matrix = conflict_matrix(reg.judges, reg.competitors)
    assert matrix.shape == (6, 3)
    expected = np.array([[j.unit == c.unit for c in reg.competitors] for j in reg.judges])
    assert np.array_equal(matrix, expected)
    assert not conflict_matrix(reg.judges, reg.competitors, "none").any()


def test_unknown_conflict_policy_is_an_error():
    reg = registration()
    with pytest.raises(RegistrationError) as info:
        conflicts(reg.judges[0], reg.competitors, "country")
    assert info.value.problems[0].path == "conflict_policy"
