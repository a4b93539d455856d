"""The lathe example (examples/lathe.toml) scored with the library, against hand formulas.

Source: shared RULES.md, "Lathe and CNC turning marking examples" — theory 30% + practical 70%
(Heilongjiang 车工 2022); Φ18±0.03 −1 per 0.01 扣完为止; Φ24 +0.021/0 超差不得分; Φ38 0/−0.025
per 0.01; lengths per 0.02; 锥度 74° 差一度扣 3 分; thread by go/no-go gauge 不合格不得分;
Ra 降一级扣 2 分; 150 min, −1 per minute beyond, stop at 180; 文明生产 3 per breach from the
total, at most 10; a serious accident disqualifies; 否定项 zeroes the practical.
"""

from __future__ import annotations

import numpy as np
import pytest

from contests.definition import decode_contest
from scoring.errors import MarksError
from scoring.event import EventScorer
from scoring.explain import explain
from tests.db.helpers import EXAMPLES

ORDER = ["d18", "d24", "d38", "l120", "l45", "taper", "thread_gauge", "ra_d18", "ra_d24", "ra_other", "chamfers",
         "machining_time", "civilised_breach", "serious_accident", "drawing_failed"]  # fmt: skip
PERFECT = {"d18": 18.0, "d24": 24.01, "d38": 37.99, "l120": 120.0, "l45": 45.0, "taper": 74, "thread_gauge": 1,
           "ra_d18": 1.6, "ra_d24": 1.6, "ra_other": 3.2, "chamfers": 1, "machining_time": 140}  # fmt: skip

# employee → (theory, the inspector's values where they differ from PERFECT)
SHAFTS = {
    "A": (90, {}),
    "B": (80, {"d18": 18.03, "d24": 24.021, "d38": 37.975, "l120": 119.95, "l45": 45.1, "taper": 74.5, "ra_d18": 0.8, "machining_time": 150}),
    "C": (75, {"d18": 18.04, "d24": 23.9999, "d38": 38.01, "l120": 120.07, "l45": 45.11, "taper": 75, "thread_gauge": 0,
               "ra_d18": 3.2, "ra_d24": 6.3, "ra_other": 6.3, "machining_time": 151, "civilised_breach": 1}),
    "D": (70, {"d18": 18.3, "civilised_breach": 5}),
    "E": (95, {"drawing_failed": 1}),
    "F": (88, {"serious_accident": 1}),
    "G": (60, {"machining_time": 180}),
}  # fmt: skip

# by hand: every limit is inside (B); one step out (C): 14 + 0 + 11 + 6 + 0 + 6 + 0 + (4 − 2) + (4 − 4)
# + (4 − 1) + 4 + 9 = 55, less one breach 3; D: Φ18 27 steps → 0, five breaches → capped at 10
PRACTICAL = {"A": 100, "B": 100, "C": 55 - 3, "D": 100 - 15 - 10, "E": 0, "F": 100, "G": 100 - 10}
TOTAL = {k: 0.3 * SHAFTS[k][0] + 0.7 * PRACTICAL[k] for k in SHAFTS}


@pytest.fixture(scope="module")
def lathe():
    event = decode_contest((EXAMPLES / "lathe.toml").read_bytes(), "toml").events[0]
    scorer = EventScorer(event.modules, event.rules)
    practical = np.full((len(SHAFTS), len(ORDER), 1), np.nan)
    for i, (_, changes) in enumerate(SHAFTS.values()):
        for aspect, value in (PERFECT | changes).items():
            practical[i, ORDER.index(aspect), 0] = value
    theory = np.array([[[t]] for t, _ in SHAFTS.values()], dtype=float)
    marks = {"theory": theory, "practical": practical}
    assert scorer.compiled["practical"].aspect_ids == ORDER
    return scorer, marks, scorer.score(marks)


def test_totals_ranks_awards_and_titles(lathe):
    """RULES.md lathe examples (see the module docstring), awards 1 / 3 / 6 (Anhui 2021)."""
    _, _, result = lathe
    names = list(SHAFTS)
    assert dict(zip(names, result.modules["practical"].scaled.tolist())) == PRACTICAL
    assert dict(zip(names, result.total.tolist())) == {k: round(v, 2) for k, v in TOTAL.items()}
    assert dict(zip(names, result.total.tolist())) == {"A": 97, "B": 94, "C": 58.9, "D": 73.5, "E": 28.5, "F": 96.4, "G": 81}
    assert dict(zip(names, result.ranking.rank.tolist())) == {"A": 1, "B": 2, "G": 3, "D": 4, "C": 5, "E": 6, "F": 0}
    tiers = [result.awards.tier_names[t] if t >= 0 else None for t in result.awards.tier]
    assert dict(zip(names, tiers)) == {"A": "一等奖", "B": "二等奖", "G": "二等奖", "D": "二等奖", "C": "三等奖", "E": "三等奖", "F": None}
    titled = result.awards.titles["技术能手"]
    assert {n for n, t in zip(names, titled) if t} == {"A", "B", "G", "D"}  # C's practical 52 is below the pass mark 60


def test_explain_of_the_one_step_shaft(lathe):
    """RULES.md lathe examples: the working of every dimension of shaft C, one step out."""
    scorer, marks, result = lathe
    line = explain(scorer, result, marks, list(SHAFTS).index("C")).modules[1]
    notes = {a.id: a.note for a in line.aspects}
    assert notes["d18"] == "measured 18.04mm in 18 ±0.03 (17.97 … 18.03): 0.01 beyond → 1 started steps of 0.01 × 1 = −1 → 14"
    assert notes["d24"] == "measured 23.9999mm in 24 +0.021/0 (24 … 24.021): 0.0001 beyond, 超差不得分 → 0"
    assert notes["d38"] == "measured 38.01mm in 38 0/-0.025 (37.975 … 38): 0.01 beyond → 1 completed steps of 0.01 × 1 = −1 → 11"
    assert notes["taper"] == "measured 75° in 74 ±0 (74 … 74): 1 beyond → 1 completed steps of 1 × 3 = −3 → 6"
    assert notes["ra_d24"] == "grade 6.3μm against 1.6 or better: 2 grades worse × 2 = −4 → 0"
    assert notes["machining_time"] == "151 min against a limit of 150 min: 1 min over → 1 started minutes × 1 = −1 → 9"
    assert notes["thread_gauge"] == "fail: 0"
    assert (line.criteria_total, line.module_deductions, line.raw) == (55, 3, 52)


def test_a_time_past_the_stop_is_refused(lathe):
    """RULES.md lathe examples: "180 min 时停止考试" — 181 minutes cannot be recorded."""
    scorer, marks, _ = lathe
    practical = marks["practical"].copy()
    practical[0, ORDER.index("machining_time"), 0] = 181
    with pytest.raises(MarksError, match=r"181 refused: a time beyond the hard stop of 180 min is refused"):
        scorer.score({"theory": marks["theory"], "practical": practical})
