"""A 六赛 year on the bundled preset (examples/liusai.toml, three months): the worked
example's month three times, with team C improving and team A injured in March; annual sum,
red-flag counts, the annual veto, and the 工人先锋号 title (two red flags, quota 1, barred
for 3 years by a safety accident)."""

from __future__ import annotations

import msgspec
import numpy as np

from contests.labour import decide_titles, score_labour
from contests.labour.presets import load_preset
from contests.titles import Accident
from tests.labour.worked import arrays

LIUSAI = load_preset("liusai")


def year():
    plan, actual, marks, facts = arrays(periods=3)
    actual[2, 0, 1:] = 1260  # team C: output 105% of plan in Feb and Mar → 30 + 2.5
    actual[2, 3, 1:] = 0  # and no violations
    facts[1, 1, 1:] = 96  # team B's attendance recovers
    facts[0, 0, 2] = 1  # team A: a lost-time injury in March (bars the month and the year)
    return score_labour(LIUSAI, plan, actual, marks=marks, facts=facts)


def test_annual_sum_flags_and_veto():
    result = year()
    p, a = result.standings.period, result.standings.annual
    assert p.total.tolist() == [[94.43, 94.43, 94.43], [89.67, 89.67, 89.67], [45.5, 93.0, 93.0]]
    assert p.best.tolist() == [[True, True, False], [False, False, False], [False, False, True]]
    assert a.total.tolist() == [283.29, 269.01, 231.5]
    assert a.red_flags.tolist() == [2, 0, 1]
    assert a.vetoed.tolist() == [True, False, False]
    assert a.rank.tolist() == [1, 2, 3] and a.eligible_rank.tolist() == [0, 1, 2]
    assert a.best.tolist() == [False, True, False]  # 年度先进班组: the best team not barred
    march = {row.participant: row for row in result.period_rows(2)}
    assert march["T-A"].vetoes == ["发生损失工时事故"] and march["T-C"].awards == ["流动红旗", "优胜班组"]
    assert result.explain_annual(0).vetoed_by == ["发生损失工时事故（第3期）"]


def test_pioneer_title_needs_two_flags_and_no_accident_bar():
    result = year()
    lenient = [msgspec.structs.replace(t, annual_veto_bars=False) for t in LIUSAI.titles]  # the injury alone would bar it
    [clear] = decide_titles(lenient, LIUSAI.participants, result.standings.annual, LIUSAI.rules.rounding, 2026)
    assert clear.granted == ["T-A"]
    accidents = [Accident(holder="T-A", year=2024, kind="轻伤")]
    [barred] = decide_titles(lenient, LIUSAI.participants, result.standings.annual, LIUSAI.rules.rounding, 2026, accidents=accidents)
    assert barred.granted == []
    assert barred.candidates[0].reasons[0].startswith("2024年发生安全事故（轻伤），3年内（2024–2026年）不得申报")
    [strict] = decide_titles(LIUSAI.titles, LIUSAI.participants, result.standings.annual, LIUSAI.rules.rounding, 2026)
    assert strict.granted == [] and strict.candidates[0].reasons[0].startswith("年内发生一票否决事项")
    assert np.array_equal(result.standings.annual.red_flags, [2, 0, 1])
