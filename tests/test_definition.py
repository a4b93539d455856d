"""Contest definitions: the two RULES.md examples, exact JSON/TOML round trips, and invalid
definitions refused with the precise path and rule."""

from __future__ import annotations

from pathlib import Path

import msgspec
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contests.definition import (
    MAX_DEFINITION_BYTES,
    Contest,
    ContestSettings,
    Event,
    decode_contest,
    encode_contest,
    validate_contest,
)
from contests.errors import DefinitionError
from scoring.aggregation import Aggregation
from scoring.awards import AwardTier
from scoring.event import EventScorer
from scoring.medals import MedalPolicy
from scoring.ranking import TieBreak
from scoring.scheme import Band
from scoring.teams import TeamRule, TeamTieBreak

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
replace = msgspec.structs.replace


def load(name: str) -> Contest:
    return decode_contest((EXAMPLES / f"{name}.toml").read_bytes(), "toml")


@pytest.fixture(scope="module")
def welder() -> Contest:
    return load("welder")


@pytest.fixture(scope="module")
def electrician() -> Contest:
    return load("electrician")


def problems_of(contest: Contest) -> list[tuple[str, str]]:
    with pytest.raises(DefinitionError) as info:
        validate_contest(contest)
    return [(p.path, p.rule) for p in info.value.problems]


def decode_problems(data: bytes | str, fmt: str = "json") -> list[tuple[str, str]]:
    with pytest.raises(DefinitionError) as info:
        decode_contest(data, fmt)
    return [(p.path, p.rule) for p in info.value.problems]


def with_event(contest: Contest, **changes) -> Contest:
    return replace(contest, events=[replace(contest.events[0], **changes)] + contest.events[1:])


def with_module(contest: Contest, index: int, **changes) -> Contest:
    modules = list(contest.events[0].modules)
    modules[index] = replace(modules[index], **changes)
    return with_event(contest, modules=modules)


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize("name", ["welder", "electrician"])
def test_examples_are_valid_and_compile(name):
    contest = load(name)
    validate_contest(contest)
    for event in contest.events:
        scorer = EventScorer(event.modules, event.rules)
        assert scorer.max_total == pytest.approx(100.0)


def test_welder_example_follows_rules_md(welder):
    """RULES.md: Anhui 2021 welder 30/70, 1/3/6 awards, top 5 技术能手 if both modules pass;
    2022 national vocational college visual table totalling 100."""
    event = welder.events[0]
    assert [(m.id, m.weight) for m in event.modules] == [("theory", 30.0), ("practical", 70.0)]
    practical = event.module("practical")
    assert practical.aggregation == Aggregation(method="trimmed_mean", trim=1)
    assert practical.max_scaled == 100 and practical.pass_mark == 60
    assert event.panel_size == {"practical": 5}
    visual = practical.scheme.criteria[0]
    table = {a.id: [(b.upto, b.marks) for b in a.bands] for a in visual.aspects if getattr(a, "rule", None) == "bands"}
    assert sum(bands[0][1] for bands in table.values()) == 100
    assert table["cap_height"] == [(1, 16), (2, 12), (3, 8)]
    assert table["undercut"] == [(0, 20), (15, 14), (30, 8)]
    assert table["misalignment"] == [(0, 10), (0.7, 6), (1.2, 2)]
    vetoes = {a.id: (a.effect, a.target) for a in visual.aspects if type(a).__name__ == "Veto"}
    for defect in ("pore", "slag", "crack", "lack_of_fusion", "incomplete_penetration", "overlap"):
        assert vetoes[defect] == ("criterion", "visual")
    assert vetoes["undercut_too_deep"] == ("aspect", "undercut")
    assert vetoes["cap_unfinished"] == ("aspect", "cap_height")
    assert [t.count for t in event.rules.awards.tiers] == [1, 3, 6]
    assert [(t.key, t.module) for t in event.rules.ranking.tie_break] == [("module", "practical"), ("time", "practical")]
    title = event.rules.awards.titles[0]
    assert (title.name, title.from_rank, title.to_rank, title.required_modules) == ("技术能手", 1, 5, ["theory", "practical"])


def test_welder_example_scores_a_crack_as_zero_visual(welder):
    """A crack zeroes the whole visual criterion; workmanship still counts."""
    event = welder.events[0]
    scorer = EventScorer(event.modules, event.rules)
    ids = event.module("practical").scheme.aspect_ids()
    marks = np.zeros((2, len(ids), 5))
    for i, aspect in enumerate(ids):
        if aspect in ("cap_height", "height_difference", "undercut", "root_concavity", "misalignment"):
            marks[:, i, :] = 0.0  # perfect measurements
        elif aspect in ("width_difference", "root_convexity", "angular_distortion"):
            marks[:, i, :] = 1.0
        elif aspect in ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work"):
            marks[:, i, :] = 3.0
    marks[1, ids.index("crack"), 0] = 1.0  # one judge records a crack for competitor 1
    theory = np.full((2, 1, 1), 80.0)
    result = scorer.score({"theory": theory, "practical": marks}, times={"practical": np.array([30.0, 30.0])})
    # competitor 0: (100 + 25) / 125 × 100 = 100 practical → 0.3×80 + 0.7×100 = 94
    # competitor 1: visual 0, workmanship 25 → 20 practical → 24 + 14 = 38
    assert result.total.tolist() == [94.0, 38.0]


def test_electrician_example_follows_rules_md(electrician):
    """RULES.md: safety −5 each, two damaged devices disqualify; shares 10/20/30 (2012)."""
    event = electrician.events[0]
    assert sum(m.weight for m in event.modules) == 100
    motor = event.module("motor_control")
    safety = next(c for c in motor.scheme.criteria if c.id == "safety")
    deductions = {a.id: (a.per_occurrence, a.disqualify_at) for a in safety.aspects if type(a).__name__ == "Deduction"}
    assert deductions == {
        "live_operation": (5, None),
        "damaged_device": (5, 2),
        "no_helmet": (5, None),
        "unauthorised_power_on": (5, None),
    }
    assert any(type(a).__name__ == "Veto" and a.effect == "disqualify" for a in safety.aspects)
    assert [t.share for t in event.rules.awards.tiers] == [10, 20, 30]
    assert event.rules.teams.best_n == 3


def test_electrician_two_damaged_devices_disqualify(electrician):
    event = electrician.events[0]
    scorer = EventScorer(event.modules, event.rules)
    motor_ids = event.module("motor_control").scheme.aspect_ids()
    fault_ids = event.module("fault_finding").scheme.aspect_ids()
    motor = np.zeros((2, len(motor_ids), 3))
    motor[:, motor_ids.index("wiring_neatness"), :] = 3
    motor[:, motor_ids.index("tool_handling"), :] = 3
    motor[1, motor_ids.index("damaged_device"), :] = 2
    fault = np.ones((2, len(fault_ids), 3))
    fault[:, fault_ids.index("repair_test"), :] = 30
    fault[:, fault_ids.index("record_quality"), :] = 3
    result = scorer.score(
        {"theory": np.full((2, 1, 1), 90.0), "motor_control": motor, "fault_finding": fault},
        times={None: np.array([50.0, 40.0])},
    )
    assert result.disqualified.tolist() == [False, True]
    assert result.ranking.rank.tolist() == [1, 0]


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", ["welder", "electrician"])
@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_round_trip_is_exact(name, fmt):
    contest = load(name)
    encoded = encode_contest(contest, fmt)
    again = decode_contest(encoded, fmt)
    assert again == contest
    assert encode_contest(again, fmt) == encoded  # byte-stable


@pytest.mark.parametrize("name", ["welder", "electrician"])
def test_example_file_is_canonical_toml(name):
    """Below its comment header, each example is exactly what encode_contest writes."""
    text = (EXAMPLES / f"{name}.toml").read_text("utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")).lstrip("\n")
    assert encode_contest(load(name), "toml").decode("utf-8") == body


@pytest.mark.parametrize("name", ["welder", "electrician"])
def test_json_and_toml_describe_the_same_contest(name):
    contest = load(name)
    via_json = decode_contest(encode_contest(contest, "json"), "json")
    assert decode_contest(encode_contest(via_json, "toml"), "toml") == contest
    assert decode_contest(encode_contest(contest, "json").decode("utf-8"), "json") == contest  # str input


def test_toml_refuses_a_null_it_cannot_write(welder):
    """TOML has no null: a None that is not the field's default is refused with its path."""
    contest = with_event(welder, rules=replace(welder.events[0].rules, medals=MedalPolicy(medallion=None)))
    with pytest.raises(DefinitionError) as info:
        encode_contest(contest, "toml")
    assert info.value.problems[0].path == "events[0].rules.medals.medallion"
    # JSON can say null
    assert decode_contest(encode_contest(contest, "json"), "json", validate=False) == contest


names = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs")), min_size=1, max_size=30)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    name=names,
    year=st.integers(1949, 2100),
    theory=st.floats(min_value=1, max_value=99, allow_nan=False).map(lambda w: round(w, 3)),
    upto=st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False),
    window=st.integers(1, 7 * 24 * 60),
)
def test_round_trip_holds_for_varied_definitions(welder, name, year, theory, upto, window):
    event = welder.events[0]
    modules = [replace(event.modules[0], weight=theory, name=name), replace(event.modules[1], weight=100 - theory)]
    practical = modules[1]
    visual = practical.scheme.criteria[0]
    cap = replace(visual.aspects[0], bands=[Band(upto=upto, marks=16.0)])
    visual = replace(visual, aspects=[cap] + visual.aspects[1:])
    modules[1] = replace(practical, scheme=replace(practical.scheme, criteria=[visual] + practical.scheme.criteria[1:]))
    contest = replace(
        welder,
        name=name,
        year=year,
        events=[replace(event, modules=modules, name=name)],
        settings=ContestSettings(appeal_window_minutes=window, conflict_policy="none"),
    )
    for fmt in ("json", "toml"):
        encoded = encode_contest(contest, fmt)
        assert decode_contest(encoded, fmt, validate=False) == contest
        assert encode_contest(decode_contest(encoded, fmt, validate=False), fmt) == encoded


# ---------------------------------------------------------------- invalid definitions


def test_weights_that_do_not_sum_are_refused(welder):
    contest = with_module(welder, 0, weight=25.0)
    assert problems_of(contest) == [("events[0].modules", "module weights sum to 95, need 100")]


def test_duplicate_event_ids_are_refused(welder, electrician):
    contest = replace(welder, events=[welder.events[0], replace(electrician.events[0], id="welder")])
    assert problems_of(contest) == [("events[1].id", "event id 'welder' is already used at events[0]")]


def test_a_contest_needs_an_event(welder):
    assert problems_of(replace(welder, events=[])) == [("events", "a contest needs at least one event")]


def test_unknown_tie_break_module_is_refused(welder):
    rules = welder.events[0].rules
    bad = replace(rules, ranking=replace(rules.ranking, tie_break=[TieBreak(key="module", module="pratical")]))
    [(path, rule)] = problems_of(with_event(welder, rules=bad))
    assert path == "events[0].rules.ranking.tie_break[0].module"
    assert "unknown module 'pratical'" in rule


def test_bands_that_do_not_ascend_are_refused(welder):
    practical = welder.events[0].modules[1]
    visual = practical.scheme.criteria[0]
    cap = replace(visual.aspects[0], bands=[Band(upto=2.0, marks=16.0), Band(upto=1.0, marks=12.0)])
    scheme = replace(practical.scheme, criteria=[replace(visual, aspects=[cap] + visual.aspects[1:])] + practical.scheme.criteria[1:])
    assert problems_of(with_module(welder, 1, scheme=scheme)) == [
        ("events[0].modules[1].scheme.criteria[0].aspects[0].bands[1].upto", "bands must ascend strictly by upto")
    ]


def test_duplicate_module_ids_are_refused(welder):
    contest = with_event(with_module(welder, 1, id="theory"), panel_size={})
    [(path, rule)] = problems_of(contest)
    assert path == "events[0].modules[1].id"
    assert "already used at events[0].modules[0]" in rule


def test_veto_of_an_unknown_aspect_is_refused(welder):
    practical = welder.events[0].modules[1]
    visual = practical.scheme.criteria[0]
    aspects = [replace(a, target="cap_hight") if a.id == "cap_unfinished" else a for a in visual.aspects]
    where = next(i for i, a in enumerate(aspects) if a.id == "cap_unfinished")
    scheme = replace(practical.scheme, criteria=[replace(visual, aspects=aspects)] + practical.scheme.criteria[1:])
    [(path, rule)] = problems_of(with_module(welder, 1, scheme=scheme))
    assert path == f"events[0].modules[1].scheme.criteria[0].aspects[{where}].target"
    assert "'cap_hight'" in rule


def test_award_shares_over_100_percent_are_refused(electrician):
    rules = electrician.events[0].rules
    tiers = [AwardTier(name="一等奖", share=60.0), AwardTier(name="二等奖", share=50.0)]
    bad = with_event(electrician, rules=replace(rules, awards=replace(rules.awards, tiers=tiers)))
    assert problems_of(bad) == [("events[0].rules.awards.tiers", "shares sum to 110%, need at most 100%")]


def test_team_rule_with_unknown_module_is_refused(electrician):
    rules = electrician.events[0].rules
    bad = replace(rules, teams=TeamRule(tie_break=[TeamTieBreak(key="module", module="wiring")]))
    [(path, rule)] = problems_of(with_event(electrician, rules=bad))
    assert path == "events[0].rules.teams.tie_break[0].module"
    assert "unknown module 'wiring'" in rule


def test_panel_size_must_name_a_module_and_fit_the_trim(welder):
    assert problems_of(with_event(welder, panel_size={"practical": 2}))[0] == (
        "events[0].panel_size.practical",
        "a trimmed mean dropping 1 + 1 marks needs more than 2 judges, got 2",
    )
    [(path, rule)] = problems_of(with_event(welder, panel_size={"welding": 5}))
    assert path == "events[0].panel_size.welding" and "unknown module 'welding'" in rule


def test_every_problem_is_reported_at_once(welder, electrician):
    contest = replace(
        welder,
        events=[with_module(welder, 0, weight=20.0).events[0], replace(electrician.events[0], panel_size={"x": 3})],
    )
    paths = [p for p, _ in problems_of(contest)]
    assert paths == ["events[0].modules", "events[1].panel_size.x"]


def test_python_built_values_get_the_schema_bounds(welder):
    """Structs built in Python skip msgspec's Meta checks; validate_contest applies them."""
    assert problems_of(replace(welder, year=3000)) == [("year", "Expected `int` <= 2100")]
    [(path, rule)] = problems_of(with_event(welder, id="Welder Event"))
    assert path == "events[0].id" and "slug-safe" in rule


def test_decode_reports_type_errors_with_their_path(welder):
    data = msgspec.json.decode(encode_contest(welder, "json"))
    data["events"][0]["modules"][1]["weight"] = "seventy"
    assert decode_problems(msgspec.json.encode(data)) == [("events[0].modules[1].weight", "Expected `float`, got `str`")]


def test_decode_refuses_unknown_fields(welder):
    text = encode_contest(welder, "toml").decode().replace('id = "welder"\n', 'id = "welder"\ncolour = "red"\n', 1)
    [(path, rule)] = decode_problems(text, "toml")
    assert path == "events[0]" and "unknown field `colour`" in rule


def test_decode_refuses_out_of_range_integers(welder):
    data = msgspec.json.decode(encode_contest(welder, "json"))
    data["settings"]["appeal_window_minutes"] = 2**40
    [(path, _)] = decode_problems(msgspec.json.encode(data))
    assert path == "settings.appeal_window_minutes"


def test_decode_refuses_control_characters_in_names(welder):
    data = msgspec.json.decode(encode_contest(welder, "json"))
    data["events"][0]["name"] = "焊工\n"
    [(path, rule)] = decode_problems(msgspec.json.encode(data))
    assert path == "events[0].name" and "control characters" in rule


def test_decode_refuses_malformed_files():
    [(path, rule)] = decode_problems(b"id = = 1", "toml")
    assert path == "" and rule.startswith("not valid TOML")
    [(path, rule)] = decode_problems(b"{", "json")
    assert path == "" and rule.startswith("not valid JSON")
    [(path, rule)] = decode_problems(b"{}", "yaml")
    assert path == "format"


def test_decode_refuses_oversized_definitions():
    [(path, rule)] = decode_problems(b" " * (MAX_DEFINITION_BYTES + 1))
    assert "at most" in rule


def test_decode_validates_rules_too(welder):
    data = encode_contest(with_module(welder, 0, weight=10.0), "json")
    assert decode_problems(data) == [("events[0].modules", "module weights sum to 80, need 100")]
    assert decode_contest(data, validate=False).events[0].modules[0].weight == 10.0


def test_settings_defaults_follow_rules_md(welder):
    assert welder.settings == ContestSettings()
    assert (welder.settings.conflict_policy, welder.settings.appeal_window_minutes) == ("unit", 120)


def test_event_and_contest_lookups(welder):
    assert welder.event("welder") is welder.events[0]
    assert welder.event("cook") is None
    assert isinstance(welder.events[0], Event)
