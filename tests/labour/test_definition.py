"""The labour-competition definition: the bundled presets are valid and round-trip through
JSON and TOML; invalid definitions are refused with every problem's path and rule."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from contests.errors import DefinitionError
from contests.labour import decode_labour, encode_labour, labour_problems, validate_labour
from contests.labour.presets import PRESETS, load_preset
from scoring.kpi import Band, Bands, Completion, PerIncident
from scoring.kpi_standings import AnnualRules, Awards, Threshold

replace = msgspec.structs.replace


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_valid_and_round_trip(name):
    c = load_preset(name)
    validate_labour(c)
    for fmt in ("json", "toml"):
        assert decode_labour(encode_labour(c, fmt), fmt) == c


def problems_of(c) -> list[str]:
    return [str(p) for p in labour_problems(c)]


def test_points_must_add_up_to_full_marks():
    c = load_preset("liusai")
    fewer = replace(c, indicators=c.indicators[:-1])
    assert problems_of(fewer) == ["indicators: indicator points sum to 95, full_marks is 100"]


def test_references_and_duplicates_are_named():
    c = load_preset("liusai")
    stray = replace(c.participants[0], id="T-B", unit="U09")
    found = problems_of(replace(c, participants=[*c.participants, stray], vetoes=[*c.vetoes, c.vetoes[0]]))
    assert "participants[3].id: participant id 'T-B' is already used at participants[1]" in found
    assert "participants[3].unit: unknown unit 'U09' (known: 'U01', 'U02', 'U03')" in found
    assert "vetoes[2].id: veto id 'lost_time_injury' is already used at vetoes[0]" in found


def test_indicator_rules_are_checked_with_their_path():
    c = load_preset("liusai")
    output, cost, quality, safety, *rest = c.indicators
    bad = [
        replace(output, rule=Completion(bonus_per_point=0.5)),
        replace(cost, rule=Completion(direction="lower", bonus_cap=3)),
        replace(quality, rule=Bands(bands=[Band(bound=98, points=16), Band(bound=99, points=20)])),
        replace(safety, rule=PerIncident(per_incident=5, cap=20)),
        *rest,
    ]
    found = problems_of(replace(c, indicators=bad))
    assert "indicators[0].rule.bonus_cap: a bonus per point above plan needs a cap (最高加分); declare bonus_cap above 0" in found
    assert "indicators[1].rule.bonus_per_point: bonus_cap 3 is declared but no bonus per point above plan" in found
    assert "indicators[2].rule.bands[1].bound: bounds must be strictly descending (best, highest bound first): 99 after 98" in found
    assert "indicators[2].rule.bands[1].points: a worse band may not earn more: 20 after 16" in found
    assert "indicators[3].rule.cap: cap 20 is above the indicator's 15 points" in found


def test_periods_awards_and_titles():
    c = load_preset("liusai")
    p0, p1, *rest = c.periods
    periods = [replace(p0, report_deadline=p0.start), replace(p1, start=p0.end), *rest]
    rules = replace(
        c.rules,
        tie_break=["safety", "nope", "safety"],
        awards=Awards(thresholds=[Threshold(name="达标", min_score=80), Threshold(name="优胜", min_score=90)]),
        annual=AnnualRules(method="weighted", weights=[50, 40]),
    )
    found = problems_of(replace(c, periods=periods, rules=rules, titles=[*c.titles, c.titles[0]]))
    assert "periods[0].report_deadline: 2026-01-01 is before the period ends 2026-01-31" in found
    assert "periods[1].start: starts 2026-01-31, not after periods[0] ends 2026-01-31: periods are in order and do not overlap" in found
    assert any(p.startswith("rules.tie_break[1]: unknown key 'nope'") for p in found)
    assert "rules.tie_break[2]: repeats rules.tie_break[0]; a repeated key never breaks a tie" in found
    assert "rules.awards.thresholds[1].min_score: thresholds go best first, strictly descending: 90 after 80" in found
    assert "rules.annual.weights: one weight per period: 3 periods, 2 weights" in found
    assert "titles[1].id: title id 'pioneer' is already used at titles[0]" in found


def test_python_built_struct_gets_the_file_bounds():
    c = load_preset("liusai")
    assert problems_of(replace(c, year=1800)) == ["year: Expected `int` >= 1949"]


def test_files_refused_with_path_and_rule():
    toml = (Path(__file__).resolve().parents[2] / "examples" / "liusai.toml").read_text(encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        decode_labour(toml.replace('kind = "per_incident"', 'kind = "per_event"', 1))
    assert "indicators[3].rule" in str(err.value) and "per_event" in str(err.value)
    with pytest.raises(DefinitionError, match=r"^periods\[0\].kind: Expected `str`"):
        decode_labour(toml.replace('kind = "month"', "kind = 3", 1))
    with pytest.raises(DefinitionError, match="not valid TOML"):
        decode_labour("id = ")
    with pytest.raises(DefinitionError, match="format: must be 'json' or 'toml'"):
        decode_labour("{}", "yaml")
    with pytest.raises(DefinitionError, match="late: per_day and cap are only read when action is 'deduct'"):
        decode_labour(toml.replace('action = "deduct"', 'action = "flag"'))
