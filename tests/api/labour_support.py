"""The 8-team labour competition the issue-12 HTTP tests share: three monthly periods of
2026, eight teams in three units, two indicators (output against plan, safety per incident),
an injury veto that bars the year, a late policy, and two titles. Small enough that every
figure is checked against a hand formula in the tests."""

from __future__ import annotations

import datetime as dt

from contests.usecases.labour import period_import, reports
from tests.api.conftest import unique

UNITS = {"U1": "一分厂", "U2": "二分厂", "U3": "三分厂"}
TEAMS = {  # team → (unit, employees)
    "T1": ("U1", 10), "T2": ("U1", 12), "T3": ("U1", 9), "T4": ("U2", 15),
    "T5": ("U2", 11), "T6": ("U2", 8), "T7": ("U3", 20), "T8": ("U3", 14),
}  # fmt: skip
PERIODS = {  # period → (start, end, deadline)
    "2026-01": ("2026-01-01", "2026-01-31", "2026-02-05"),
    "2026-02": ("2026-02-01", "2026-02-28", "2026-03-05"),
    "2026-03": ("2026-03-01", "2026-03-31", "2026-04-05"),
}
ON_TIME = {"2026-01": dt.date(2026, 2, 3), "2026-02": dt.date(2026, 3, 3), "2026-03": dt.date(2026, 4, 3)}


def definition(late: dict | None = None, **extra) -> dict:
    return {
        "id": unique("ls8"),
        "name": "2026年八班组劳动竞赛",
        "year": 2026,
        "full_marks": 100,
        "units": [{"code": code, "name": name} for code, name in UNITS.items()],
        "participants": [{"id": t, "name": f"={t}班", "unit": u, "employees": n} for t, (u, n) in TEAMS.items()],
        "periods": [
            {"id": p, "name": f"2026年{int(p[-2:])}月", "kind": "month", "start": s, "end": e, "report_deadline": d}
            for p, (s, e, d) in PERIODS.items()
        ],
        "late": late or {"action": "deduct", "per_day": 1.0, "cap": 5.0},
        "indicators": [
            {"id": "output", "name": "赛产量", "points": 60, "rule": {
                "kind": "completion", "direction": "higher", "bonus_per_point": 0.5, "bonus_cap": 5,
                "penalty_per_point": 1, "zero_below": 80}},
            {"id": "safety", "name": "赛安全", "points": 40, "rule": {"kind": "per_incident", "per_incident": 5}},
        ],
        "vetoes": [{"id": "injury", "name": "发生损失工时事故", "bars_annual": True}],
        "rules": {
            "rounding": {"places": 2, "mode": "half_up"},
            "tie_break": ["safety"],
            "awards": {"best_name": "流动红旗", "best_count": 1, "thresholds": [{"name": "优胜班组", "min_score": 90}]},
            "annual": {"method": "sum", "awards": {"best_name": "年度先进班组", "best_count": 1}},
        },
        "titles": [
            {"id": "pioneer", "name": "工人先锋号", "min_red_flags": 1, "quota": 2},
            {"id": "ankang", "name": "安康杯优胜班组", "min_score": 300, "quota": 5},
        ],
        **extra,
    }  # fmt: skip


def on_day(monkeypatch, day: dt.date) -> None:
    """The reporting day the service sees (reports are judged late on China's calendar day)."""
    monkeypatch.setattr(reports, "china_today", lambda: day)
    monkeypatch.setattr(period_import, "china_today", lambda: day)


def report_body(team: str, period: str, output: float, incidents: int, injury: int = 0) -> dict:
    return {"participant": team, "period": period, "actuals": {"output": output, "safety": incidents}, "facts": {"injury": injury}}
