"""A whole labour competition through HTTP (issue 12): 3 monthly periods, 8 teams in 3
units, unit reporters, plans, a veto (a lost-time injury that also bars the year), a
returned and resubmitted report, a late report (points off by the declared policy), the
organiser's verification, period and annual standings, red flags, annual titles, the
exports and the statistics.

Every total is checked against the hand formulas below, written from the rules in the
definition (RULES.md, "Labour competitions"), not from the engine.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from tests.api.labour_support import ON_TIME, PERIODS, TEAMS, UNITS, definition, on_day, report_body
from tests.factories.logins import add_logins, log_in

pytestmark = pytest.mark.db

PLAN = 100.0  # every team's output plan, every month
# (output, safety incidents, injury) per team and month, as finally verified
FIGURES = {
    "2026-01": {"T1": (110, 0, 0), "T2": (104, 1, 0), "T3": (100, 0, 0), "T4": (96, 0, 0),
                "T5": (90, 2, 0), "T6": (108, 0, 1), "T7": (79, 0, 0), "T8": (102, 3, 0)},
    "2026-02": {"T1": (100, 1, 0), "T2": (110, 0, 0), "T3": (102, 0, 0), "T4": (100, 0, 0),
                "T5": (95, 0, 0), "T6": (100, 0, 0), "T7": (100, 2, 0), "T8": (105, 0, 0)},
    "2026-03": {"T1": (106, 0, 0), "T2": (100, 0, 0), "T3": (110, 0, 0), "T4": (90, 0, 0),
                "T5": (100, 0, 0), "T6": (101, 0, 0), "T7": (100, 0, 0), "T8": (100, 8, 0)},
}  # fmt: skip
LATE = ("T5", "2026-02", 3)  # T5 reports February 3 days after the deadline: 1 point a day off
RETURNED = ("T2", "2026-01", 140)  # first sent with a typo, returned, resubmitted


# ---------------------------------------------------------------- the hand formulas


def output_points(actual: float, plan: float = PLAN) -> float:
    """60 at plan; +0.5 per percentage point above, at most +5; −1 per point below; 0 under 80%."""
    rate = actual / plan * 100
    if rate < 80:
        return 0.0
    deviation = rate - 100
    return 60 + min(0.5 * deviation, 5) if deviation >= 0 else max(60 + deviation, 0)


def safety_points(incidents: int) -> float:
    return max(40 - 5 * incidents, 0)


def half_up(x: float) -> float:
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def period_total(team: str, period: str) -> float:
    output, incidents, _ = FIGURES[period][team]
    late = LATE[2] if (team, period) == LATE[:2] else 0
    return half_up(output_points(output) + safety_points(incidents) - late)


def vetoed(team: str, period: str) -> bool:
    return FIGURES[period][team][2] > 0


def red_flag(period: str) -> str:
    """The best eligible team (no tie among these figures)."""
    return max((t for t in TEAMS if not vetoed(t, period)), key=lambda t: period_total(t, period))


def annual_total(team: str) -> float:
    return half_up(sum(period_total(team, p) for p in PERIODS))


# ---------------------------------------------------------------- the competition


@pytest.fixture(scope="module")
def competition(client, headers, run):
    org = headers["organiser"]
    run(lambda s: add_logins(s, {"rep-u1": "employee", "rep-u2": "employee", "rep-u3": "employee"}, skip_existing=True))
    reporters = {u: log_in(client, f"rep-{u.lower()}") for u in UNITS}
    response = client.post("/labour", json=definition(), headers=org)
    assert response.status_code == 201, response.text
    cid = response.json()["id"]
    for unit in UNITS:
        assert (
            client.post(f"/labour/{cid}/reporters", json={"username": f"rep-{unit.lower()}", "unit": unit}, headers=org).status_code == 201
        )
    for period in PERIODS:
        for team in TEAMS:
            plan = {"participant": team, "period": period, "plans": {"output": PLAN}}
            assert client.post(f"/labour/{cid}/plans", json=plan, headers=org).status_code == 201
    return cid, org, {t: reporters[u] for t, (u, _) in TEAMS.items()}


def test_the_whole_competition(client, competition, monkeypatch):
    cid, org, rep = competition
    for period in PERIODS:
        _report_period(client, cid, org, rep, period, monkeypatch)
        queue = client.get(f"/labour/{cid}/reports?period={period}&state=submitted", headers=org).json()
        assert len(queue) == len(TEAMS)
        for report in queue:
            assert client.post(f"/labour/{cid}/reports/{report['id']}/verify", headers=org).status_code == 200
    for period in PERIODS:
        _check_period(client, cid, org, period)
    _check_year(client, cid, org)
    _check_statistics(client, cid, org)


def _report_period(client, cid, org, rep, period, monkeypatch):
    for team, (output, incidents, injury) in FIGURES[period].items():
        late = LATE[2] if (team, period) == LATE[:2] else 0
        on_day(monkeypatch, ON_TIME[period].replace(day=5 + late) if late else ON_TIME[period])
        if (team, period) == RETURNED[:2]:
            _returned_then_resubmitted(client, cid, org, rep[team], team, period, (output, incidents, injury))
            continue
        response = client.post(f"/labour/{cid}/reports", json=report_body(team, period, output, incidents, injury), headers=rep[team])
        assert response.status_code == 201, response.text
        version = response.json()["versions"][-1]
        assert version["days_late"] == late and version["late_deduction"] == late


def _returned_then_resubmitted(client, cid, org, headers, team, period, figures):
    first = client.post(f"/labour/{cid}/reports", json=report_body(team, period, RETURNED[2], figures[1]), headers=headers)
    assert first.status_code == 201, first.text
    report = first.json()["id"]
    returned = client.post(f"/labour/{cid}/reports/{report}/return", json={"reason": "产量填写有误，请核实"}, headers=org)
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    again = client.post(f"/labour/{cid}/reports", json=report_body(team, period, *figures), headers=headers)
    assert again.status_code == 201, again.text
    body = again.json()
    assert body["version"] == 2 and [e["action"] for e in body["history"]] == ["submit", "return", "resubmit"]
    assert body["history"][1]["reason"] == "产量填写有误，请核实" and body["versions"][0]["actuals"]["output"] == RETURNED[2]


def _check_period(client, cid, org, period):
    standings = client.get(f"/labour/{cid}/periods/{period}/standings.json", headers=org)
    assert standings.status_code == 200, standings.text
    body = standings.json()
    assert body["verified"] == len(TEAMS)
    rows = {r["participant"]: r for r in body["rows"]}
    for team in TEAMS:
        output, incidents, _ = FIGURES[period][team]
        assert rows[team]["total"] == period_total(team, period), (team, period)
        assert rows[team]["points"] == {"output": output_points(output), "safety": safety_points(incidents)}
        assert rows[team]["eligible"] is not vetoed(team, period)
        assert rows[team]["vetoes"] == (["发生损失工时事故"] if vetoed(team, period) else [])
        assert rows[team]["red_flag"] is (team == red_flag(period))
        threshold = not vetoed(team, period) and period_total(team, period) >= 90
        assert ("优胜班组" in rows[team]["awards"]) is threshold
    assert [r["rank"] for r in body["rows"]] == sorted(r["rank"] for r in body["rows"])
    if period == LATE[1]:
        assert rows[LATE[0]]["late_deduction"] == LATE[2]
    table = list(
        csv.reader(io.StringIO(client.get(f"/labour/{cid}/periods/{period}/standings.csv", headers=org).content.decode("utf-8-sig")))
    )
    assert table[0][:6] == ["排名", "班组编号", "班组名称", "单位", "赛产量", "赛安全"]
    by_team = {line[1]: line for line in table[1:]}
    assert by_team["T1"][2] == "'=T1班"  # a name that looks like a formula stays text
    assert float(by_team["T1"][table[0].index("得分")]) == period_total("T1", period)


def _check_year(client, cid, org):
    body = client.get(f"/labour/{cid}/standings.json", headers=org).json()
    rows = {r["participant"]: r for r in body["rows"]}
    flags = {t: sum(red_flag(p) == t for p in PERIODS) for t in TEAMS}
    for team in TEAMS:
        assert rows[team]["total"] == annual_total(team)
        assert rows[team]["periods"] == {p: period_total(team, p) for p in PERIODS}
        assert rows[team]["red_flags"] == flags[team]
    assert rows["T6"]["total"] == 304.5 and rows["T6"]["eligible"] is False and rows["T6"]["vetoes"] == ["发生损失工时事故（2026年1月）"]
    eligible = sorted((t for t in TEAMS if not any(vetoed(t, p) for p in PERIODS)), key=annual_total, reverse=True)
    assert rows[eligible[0]]["awards"] == ["年度先进班组"] and eligible[0] == "T3"
    by_rank = sorted(TEAMS, key=annual_total, reverse=True)
    assert [r["participant"] for r in body["rows"]] == by_rank
    # 工人先锋号: ≥ 1 red flag, quota 2 by annual rank; 安康杯优胜班组: ≥ 300, no annual veto, quota 5
    flagged = [t for t in by_rank if flags[t] >= 1 and t in eligible]
    ankang = [t for t in by_rank if annual_total(t) >= 300 and t in eligible]
    titles = {t["title"]: t for t in body["titles"]}
    assert titles["工人先锋号"]["granted"] == flagged[:2] == ["T3", "T1"]
    assert titles["安康杯优胜班组"]["granted"] == ankang == ["T3", "T1", "T2"]
    why = {c["participant"]: c["reasons"] for c in titles["工人先锋号"]["candidates"]}
    assert any("名额" in r for r in why["T2"]) and any("一票否决" in r for r in why["T6"])
    assert rows["T3"]["titles"] == ["工人先锋号", "安康杯优胜班组"] and rows["T2"]["titles"] == ["安康杯优胜班组"]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/labour/{cid}/standings.xlsx", headers=org).content))
    assert book.sheetnames == ["年度排名", "称号评定"]
    sheet = book["年度排名"]
    head = [c.value for c in sheet[1]]
    assert head[:4] == ["排名", "班组编号", "班组名称", "单位"] and "年度得分" in head and "称号" in head
    first = [c.value for c in sheet[2]]
    assert first[1] == "T3" and first[head.index("年度得分")] == annual_total("T3") and sheet.cell(2, 3).value == "=T3班"
    assert sheet.cell(2, 3).data_type == "s"  # text, never a formula


def _check_statistics(client, cid, org):
    stats = client.get(f"/labour/{cid}/statistics", headers=org).json()
    p = stats["participation"]
    assert p["units"] == p["units_took_part"] == 3 and p["participants"] == p["took_part"] == 8
    assert p["employees"] == p["employees_took_part"] == sum(n for _, n in TEAMS.values()) == 99
    assert p["reports_verified"] == 24
    met = {i["indicator"]: i for i in stats["indicators"]}
    output_met = sum(FIGURES[p_][t][0] >= PLAN for p_ in PERIODS for t in TEAMS)
    safety_met = sum(FIGURES[p_][t][1] == 0 for p_ in PERIODS for t in TEAMS)
    assert (met["output"]["reported"], met["output"]["met"]) == (24, output_met)
    assert (met["safety"]["reported"], met["safety"]["met"]) == (24, safety_met)
    assert stats["vetoes"] == [{"veto": "injury", "name": "发生损失工时事故", "times": 1, "participants": 1, "bars_annual": True}]
    units = {u["unit"]: u for u in stats["units"]}
    for unit in UNITS:
        teams = [t for t, (u, _) in TEAMS.items() if u == unit]
        assert units[unit]["red_flags"] == sum(red_flag(p_) in teams for p_ in PERIODS)
        winners = sum(not vetoed(t, p_) and period_total(t, p_) >= 90 for t in teams for p_ in PERIODS)
        assert units[unit]["thresholds"] == {"优胜班组": winners}
    assert units["U1"]["titles"] == 5 and units["U1"]["annual_awards"] == 1 and units["U2"]["vetoed"] == 1
    sheet = client.get(f"/labour/{cid}/statistics.csv?table=units", headers=org)
    assert sheet.status_code == 200 and sheet.content.decode("utf-8-sig").startswith("单位,参赛班组,参与班组")
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/labour/{cid}/statistics.xlsx", headers=org).content))
    assert book.sheetnames == ["参赛情况", "指标完成", "否决事项", "各单位获奖"]
