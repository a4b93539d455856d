"""Labour titles on the shared award history (contests.titles): 安康杯 needs a minimum annual
score, fits a quota and is not re-awarded within 5 years; a safety accident bars 工人先锋号
for 3 years (RULES.md "Labour competitions": 2022 → barred through 2026, eligible 2027;
an accident in Y bars Y … Y+2). A revoked title does not bar."""

from __future__ import annotations

import numpy as np
import pytest

from contests.labour.participants import Participant
from contests.labour.titles import LabourTitle, decide_titles
from contests.titles import Accident, AccidentBar, Cooldown, TitleAward, TitleHistory, import_awards, revoke
from scoring.kpi_standings import AnnualStandings
from scoring.rounding import Rounding

TEAMS = [Participant(id=f"T{k}", name=f"班组{k}", unit="U1") for k in range(5)]
ANKANG = LabourTitle(id="ankang", name="安康杯竞赛优胜班组", min_score=90, quota=2, cooldown=Cooldown(years=5))
PIONEER = LabourTitle(id="pioneer", name="工人先锋号", min_red_flags=2, accident_bar=AccidentBar(years=3))


def annual(totals, red_flags=(0,) * 5, vetoed=(False,) * 5) -> AnnualStandings:
    totals = np.asarray(totals, dtype=np.float64)
    units = np.round(totals * 100).astype(np.int64)
    rank = np.array([1 + int((units > u).sum()) for u in units])
    n = len(totals)
    return AnnualStandings(
        totals, units, totals, np.asarray(red_flags), np.asarray(vetoed), rank, np.full(n, -1), rank, np.zeros(n, bool), np.full(n, -1)
    )


def decide(title, standings, year, **kw):
    [outcome] = decide_titles([title], TEAMS, standings, Rounding(), year, **kw)
    return outcome


def test_threshold_and_quota():
    out = decide(ANKANG, annual([95, 89.99, 90, 97, 92]), 2026)
    assert out.granted == ["T3", "T0"]
    why = {c.participant: c.reasons for c in out.candidates}
    assert why["T1"] == ["年度得分 89.99 低于 90 / below the minimum score"]
    assert why["T2"] == ["名额 2 个已满（年度第4名）/ beyond the quota"] and why["T4"] == ["名额 2 个已满（年度第3名）/ beyond the quota"]


def test_tie_straddling_the_quota_is_left_out_whole():
    out = decide(ANKANG, annual([95, 93, 93, 80, 80]), 2026)
    assert out.granted == ["T0"]


@pytest.mark.parametrize(("awarded", "year", "barred"), [(2022, 2026, True), (2022, 2027, False), (2026, 2026, True), (2027, 2026, False)])
def test_cooldown_counts_the_award_year(awarded, year, barred):
    history = import_awards(TitleHistory(), [TitleAward(holder="T0", title=ANKANG.name, year=awarded)])
    out = decide(ANKANG, annual([95, 80, 80, 80, 80]), year, history=history)
    assert (out.granted == []) is barred
    if barred:
        [reason] = out.candidates[0].reasons
        assert f"{awarded}年已获安康杯竞赛优胜班组" in reason


def test_revoked_title_does_not_bar_and_other_titles_do_not_count():
    history = import_awards(
        TitleHistory(), [TitleAward(holder="T0", title=ANKANG.name, year=2024), TitleAward(holder="T1", title="工人先锋号", year=2025)]
    )
    history = revoke(history, "T0", ANKANG.name, 2024, "事迹失实")
    out = decide(ANKANG, annual([95, 94, 80, 80, 80]), 2026, history=history)
    assert out.granted == ["T0", "T1"]


@pytest.mark.parametrize(("accident", "year", "barred"), [(2024, 2026, True), (2023, 2026, False), (2026, 2026, True)])
def test_accident_bars_pioneer_for_three_years(accident, year, barred):
    accidents = [Accident(holder="T2", year=accident, kind="轻伤")]
    out = decide(PIONEER, annual([95, 90, 90, 80, 80], red_flags=[3, 1, 2, 0, 2]), year, accidents=accidents)
    assert out.granted == (["T0"] if barred else ["T0", "T2"]) + ["T4"]
    if barred:
        assert out.candidates[2].reasons[0].startswith(f"{accident}年发生安全事故（轻伤）")
    assert out.candidates[1].reasons == ["流动红旗 1 面，少于 2 面 / too few red flags"]


def test_annual_veto_bars_unless_declared_otherwise():
    standings = annual([99, 95, 80, 80, 80], vetoed=[True, False, False, False, False])
    assert decide(ANKANG, standings, 2026).granted == ["T1"]
    lenient = LabourTitle(id="x", name="安康杯竞赛优胜班组", min_score=90, quota=2, annual_veto_bars=False)
    assert decide(lenient, standings, 2026).granted == ["T0", "T1"]
