"""Golden tests for whole events: weights, scaling, rounding, ranks, awards, explanation."""

from __future__ import annotations

import numpy as np
import pytest

import scoring
from scoring import (
    Aggregation,
    AwardPolicy,
    AwardTier,
    EventRules,
    EventScorer,
    Module,
    Ranking,
    Rounding,
    TieBreak,
    TitleRule,
    explain,
)
from scoring.errors import MarksError, PolicyError
from tests.scoring.schemes import WELD_VISUAL_ORDER, direct, electrician_safety, theory_practical, weld_visual


def one_mark(values) -> np.ndarray:
    return np.asarray(values, dtype=float).reshape(-1, 1, 1)


def test_theory_30_practical_70():
    """RULES.md: total = 30% theory + 70% practical (Anhui provincial welder contest 2021;
    Hubei electrician final; Tongling 2022/2025). 80 and 90 → 24 + 63 = 87.00."""
    result = EventScorer(theory_practical(30)).score({"theory": one_mark([80, 95]), "practical": one_mark([90, 70])})
    assert result.total.tolist() == [87.0, 77.5]
    assert result.ranking.rank.tolist() == [1, 2]


def test_theory_20_practical_80_variant():
    """RULES.md: variant 20/80."""
    result = EventScorer(theory_practical(20)).score({"theory": one_mark([80]), "practical": one_mark([90])})
    assert result.total_units.tolist() == [8800]


def test_practical_out_of_300_scaled_to_100():
    """RULES.md: Guangxi 2014 welder: a practical scored out of 300, scaled to 100 before weighting.
    Theory 70, practical 240/300 → 80 → 0.3·70 + 0.7·80 = 77.00."""
    modules = theory_practical(30, practical_scheme=direct("practical", "实操", 300), practical_scale=100)
    result = EventScorer(modules).score({"theory": one_mark([70]), "practical": one_mark([240])})
    assert result.modules["practical"].raw.tolist() == [240]
    assert result.total.tolist() == [77.0]
    assert result.max_total == 100


@pytest.mark.parametrize(
    ("theory", "practical", "rounding", "expected"),
    [
        ([83.33, 83.34], [83.33, 83.34], Rounding(mode="half_up"), 8334),
        ([83.33, 83.34], [83.33, 83.34], Rounding(mode="down"), 8333),
        ([83.33, 83.34], [83.33, 83.34], Rounding(mode="up"), 8334),
        ([83.34, 83.35], [83.34, 83.35], Rounding(mode="half_even"), 8334),
        ([83.34, 83.35], [83.34, 83.35], Rounding(mode="half_up"), 8335),
        ([83.33, 83.34], [83.0, 83.0, 84.0], Rounding(level="total"), 8333),
        ([83.33, 83.34], [83.0, 83.0, 84.0], Rounding(level="module"), 8334),
        ([83.33, 83.34], [83.0, 83.0, 84.0], Rounding(places=1), 833),
    ],
)
def test_declared_rounding_mode_and_level(theory, practical, rounding, expected):
    """DESIGN.md: each contest declares places, mode and level. 50/50 of two panels: 83.335 is
    a half-way case; 83.335 with 83.333… differs when modules are rounded first
    (83.34 + 83.33 → 83.335 → 83.34) rather than only the total (83.334 → 83.33)."""
    modules = theory_practical(50)
    marks = {"theory": np.array([[theory]]), "practical": np.array([[practical]])}
    result = EventScorer(modules, EventRules(rounding=rounding)).score(marks)
    assert result.total_units.tolist() == [expected]


def test_tie_break_chain_in_an_event():
    """RULES.md tie-break (b): higher practical → less practical time; otherwise a shared place."""
    rules = EventRules(ranking=Ranking(tie_break=[TieBreak(key="module", module="practical"), TieBreak(key="time", module="practical")]))
    marks = {"theory": one_mark([90, 80, 80, 80]), "practical": one_mark([80, 84.2857142857, 84.2857142857, 84.2857142857])}
    result = EventScorer(theory_practical(30), rules).score(marks, times={"practical": np.array([50.0, 40.0, 38.5, 40.0])})
    assert result.total_units.tolist() == [8300, 8300, 8300, 8300]
    assert result.ranking.rank.tolist() == [4, 2, 1, 2]


def test_awards_titles_and_disqualification_through_an_event():
    """RULES.md: awards 1/3/6 (Anhui 2021); top 5 → 技术能手 only if theory and practical pass;
    two damaged devices disqualify (electrician safety): no place, no award."""
    safety = Module(id="safety", name="安全文明生产", weight=10, scheme=electrician_safety(), scale_to=100)
    theory, practical = theory_practical(30)
    modules = [
        Module(id="theory", name="理论", weight=30, scheme=theory.scheme, pass_mark=60),
        Module(id="practical", name="实操", weight=60, scheme=practical.scheme, pass_mark=60),
        safety,
    ]
    awards = AwardPolicy(
        tiers=[AwardTier(name="一等奖", count=1), AwardTier(name="二等奖", count=3), AwardTier(name="三等奖", count=6)],
        titles=[TitleRule(name="技术能手", from_rank=1, to_rank=5, required_modules=["theory", "practical"])],
    )
    n = 12
    theory_marks = np.array([95, 90, 59, 85, 84, 83, 82, 81, 80, 79, 78, 99], dtype=float)
    practical_marks = np.array([95, 90, 100, 85, 84, 83, 82, 81, 80, 79, 78, 99], dtype=float)
    safety_marks = np.zeros((n, 4, 1))
    safety_marks[11, 1, 0] = 2  # two damaged devices
    result = EventScorer(modules, EventRules(awards=awards)).score(
        {"theory": one_mark(theory_marks), "practical": one_mark(practical_marks), "safety": safety_marks}
    )
    assert result.disqualified.tolist() == [False] * 11 + [True]
    assert result.ranking.rank[11] == 0 and result.awards.tier[11] == -1
    names = [result.awards.tier_names[t] if t >= 0 else None for t in result.awards.tier]
    assert names[:11] == ["一等奖", "二等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", "三等奖", "三等奖", "三等奖", None]
    # competitor 2 ranks 3rd (0.3·59 + 0.6·100 + 10 = 87.7) but failed theory (59 < 60):
    # no title, and the title does not pass down to 6th place
    assert result.ranking.rank[2] == 3
    assert np.flatnonzero(result.awards.titles["技术能手"]).tolist() == [0, 1, 3, 4]


def test_explain_walks_from_marks_to_rank():
    """An appeal is about one competitor: the explanation shows dropped marks, the band used,
    vetoes, weights, rounding and the tie-break."""
    visual = Module(id="visual", name="外观检验", weight=70, scheme=weld_visual())
    theory = Module(
        id="theory", name="理论", weight=30, scheme=direct("theory", "理论", 100), aggregation=Aggregation(method="trimmed_mean", trim=1)
    )
    row = {
        "cap_height": 0.8,
        "height_diff": 1.5,
        "width_diff": 2,
        "undercut": 10,
        "root_concavity": 0,
        "root_convexity": 2.5,
        "misalignment": 1.0,
        "distortion": 4,
        "pore": 0,
        "slag": 0,
        "crack": 0,
        "undercut_deep": 0,
        "cap_unfinished": 0,
    }
    v = np.array([[row[a] for a in WELD_VISUAL_ORDER]] * 2, dtype=float)[:, :, None]
    v[1, WELD_VISUAL_ORDER.index("pore"), 0] = 1
    marks = {"visual": v, "theory": np.array([[[70, 80, 90, 70, 100]], [[60, 60, 60, 60, 60]]], dtype=float)}
    scorer = EventScorer([visual, theory])
    result = scorer.score(marks)
    e = explain(scorer, result, marks, 0)
    theory_line = next(m for m in e.modules if m.id == "theory")
    assert theory_line.aspects[0].kept == [False, True, True, True, False]
    assert theory_line.aspects[0].panel_value == 80
    vis = next(m for m in e.modules if m.id == "visual")
    cap = next(a for a in vis.aspects if a.id == "cap_height")
    assert cap.note == "measured 0.8mm ≤ 1 → 16" and cap.awarded == 16
    assert vis.raw == 60 and vis.weighted == pytest.approx(42)
    assert e.total == 66.0 and e.rank == 1 and e.decided_by == "总分 / total score"
    vetoed = explain(scorer, result, marks, 1)
    vis1 = next(m for m in vetoed.modules if m.id == "visual")
    assert [x.id for x in vis1.vetoes if x.fired] == ["pore"]
    assert vis1.sections[0].vetoed and vis1.raw == 0
    assert "2 places, half_up" in vetoed.rounding


def test_event_refuses_contradictory_rules_with_paths():
    rules = EventRules(
        ranking=Ranking(tie_break=[TieBreak(key="module", module="practicl")]),
        awards=AwardPolicy(tiers=[AwardTier(name="一等奖", count=1, share=10)]),
    )
    with pytest.raises(PolicyError) as err:
        EventScorer(theory_practical(30), rules)
    paths = [p.path for p in err.value.problems]
    assert any(p.startswith("rules.ranking.tie_break[0].module") for p in paths)
    assert any(p.startswith("rules.awards.tiers[0]") for p in paths)


def test_marks_for_every_module_of_the_same_field():
    scorer = EventScorer(theory_practical(30))
    with pytest.raises(MarksError, match=r"marks\[practical\]: no marks array for this module"):
        scorer.score({"theory": one_mark([1])})
    with pytest.raises(MarksError, match="every module needs the same competitors"):
        scorer.score({"theory": one_mark([1, 2]), "practical": one_mark([1])})


def test_public_api_is_importable_from_the_package():
    for name in scoring.__all__:
        assert hasattr(scoring, name), name
