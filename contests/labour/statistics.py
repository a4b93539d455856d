"""Statistics of a labour competition for the union's annual report (年度工作统计):
participation (participants and their employees), indicators met, vetoes by kind and
awards per unit, counted from the verified reports.

- A participant *took part* when it has at least one verified report; its employees count
  once (the `employees` declared on it; participants that declare none are counted apart).
- An indicator is *met* (达标) in a verified report when it earned its full points: at or
  beyond plan for a completion indicator, the top band, no incident, full marks from the
  panel. Reports without a figure for it (a panel that did not mark) are not counted.
- Vetoes by kind: how many verified participant-periods each veto fired in, and how many
  participants that is.
- Awards per unit: red flags (流动红旗), each threshold award, the annual awards and the
  titles granted, counted over the unit's participants.

Everything is numpy over the engine's [participants, indicators, periods] arrays, grouped
by unit with `np.bincount`: no Python loop over participants.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
import numpy as np

from contests.labour.definition import LabourCompetition
from contests.labour.sheets import Cell, Table
from contests.labour.standings import LabourResult

MET_TOLERANCE = 1e-9  # points are sums of floats: "full" allows the last bit


class Participation(msgspec.Struct, kw_only=True, frozen=True):
    units: int
    units_took_part: int
    participants: int
    took_part: int
    employees: int  # declared on all participants
    employees_took_part: int
    without_employees: int  # participants that declare no head count
    reports_verified: int  # participant-periods


class IndicatorMet(msgspec.Struct, kw_only=True, frozen=True):
    indicator: str
    name: str
    reported: int
    met: int
    rate: float | None  # met / reported, None when nothing was reported


class VetoCount(msgspec.Struct, kw_only=True, frozen=True):
    veto: str
    name: str
    times: int  # participant-periods it fired in
    participants: int
    bars_annual: bool


class UnitAwards(msgspec.Struct, kw_only=True, frozen=True):
    unit: str
    name: str
    participants: int
    took_part: int
    employees_took_part: int
    red_flags: int
    thresholds: dict[str, int]  # threshold award name → times won
    annual_awards: int
    titles: int
    vetoed: int  # participant-periods with a veto


class LabourStatistics(msgspec.Struct, kw_only=True, frozen=True):
    competition: str
    name: str
    year: int
    participation: Participation
    indicators: list[IndicatorMet]
    vetoes: list[VetoCount]
    units: list[UnitAwards]


def labour_statistics(c: LabourCompetition, result: LabourResult, verified: np.ndarray, titled: np.ndarray) -> LabourStatistics:
    """`verified` bool [T, P]: the participant-periods with a verified report; `titled` int
    [T]: the titles granted to each participant."""
    s, a = result.standings.period, result.standings.annual
    codes = np.array([u.code for u in c.units])
    order = np.argsort(codes, kind="stable")
    unit = order[np.searchsorted(codes[order], np.array([p.unit for p in c.participants]))]  # each participant's unit position
    employees = np.array([p.employees or 0 for p in c.participants], dtype=np.int64)
    took = verified.any(axis=1)
    fired = s.fired & verified[:, None, :]
    vetoed = s.vetoed & verified
    return LabourStatistics(
        competition=c.id, name=c.name, year=c.year,
        participation=Participation(
            units=len(codes), units_took_part=int(np.unique(unit[took]).size), participants=len(c.participants),
            took_part=int(took.sum()), employees=int(employees.sum()), employees_took_part=int(employees[took].sum()),
            without_employees=sum(p.employees is None for p in c.participants), reports_verified=int(verified.sum()),
        ),
        indicators=_indicators(c, result, verified),
        vetoes=[
            VetoCount(veto=v.id, name=v.name, times=int(times), participants=int(teams), bars_annual=v.bars_annual)
            for v, times, teams in zip(c.vetoes, fired.sum(axis=(0, 2)).tolist(), fired.any(axis=2).sum(axis=0).tolist())
        ],
        units=_units(c, unit, took, employees, s.best & verified, s.threshold, verified, a.best, titled, vetoed),
    )  # fmt: skip


def _indicators(c: LabourCompetition, result: LabourResult, verified: np.ndarray) -> list[IndicatorMet]:
    pts = result.points
    reported = ~pts.missing & verified[:, None, :]
    full = np.asarray(result.scorer.points, dtype=np.float64)[None, :, None]
    met = reported & (np.nan_to_num(pts.points, nan=-np.inf) >= full - MET_TOLERANCE)
    n_reported, n_met = reported.sum(axis=(0, 2)).tolist(), met.sum(axis=(0, 2)).tolist()
    return [
        IndicatorMet(indicator=i.id, name=i.name, reported=r, met=m, rate=(m / r) if r else None)
        for i, r, m in zip(c.indicators, n_reported, n_met)
    ]


def _units(c, unit, took, employees, best, threshold, verified, annual_best, titled, vetoed) -> list[UnitAwards]:
    n = len(c.units)

    def per_unit(weights) -> list[int]:
        return np.bincount(unit, weights=np.asarray(weights, dtype=np.float64), minlength=n).astype(np.int64).tolist()

    names = [t.name for t in c.rules.awards.thresholds]
    by_threshold = [per_unit(((threshold == k) & verified).sum(axis=1)) for k in range(len(names))]
    columns = (
        per_unit(np.ones(len(unit))), per_unit(took), per_unit(np.where(took, employees, 0)), per_unit(best.sum(axis=1)),
        per_unit(annual_best), per_unit(titled), per_unit(vetoed.sum(axis=1)),
    )  # fmt: skip
    return [
        UnitAwards(
            unit=u.code, name=u.name, participants=teams, took_part=took_n, employees_took_part=emp, red_flags=flags,
            thresholds={name: counts[k] for name, counts in zip(names, by_threshold)}, annual_awards=annual, titles=titles, vetoed=bad,
        )
        for k, (u, teams, took_n, emp, flags, annual, titles, bad) in enumerate(zip(c.units, *columns))
    ]  # fmt: skip


def statistics_tables(stats: LabourStatistics, threshold_names: Sequence[str]) -> list[Table]:
    """The report's tables: 参赛情况, 指标完成, 否决事项, 各单位获奖."""
    p = stats.participation
    participation: list[list[Cell]] = [
        ["参赛单位（个）", p.units], ["报送单位（个）", p.units_took_part], ["参赛班组（个）", p.participants],
        ["参与班组（个，有审核通过的报送）", p.took_part], ["参赛职工（人）", p.employees], ["参与职工（人）", p.employees_took_part],
        ["未填职工人数的班组（个）", p.without_employees], ["审核通过的报送（份）", p.reports_verified],
    ]  # fmt: skip
    indicators: list[list[Cell]] = [
        [i.name, i.reported, i.met, None if i.rate is None else round(i.rate * 100, 2)] for i in stats.indicators
    ]
    vetoes: list[list[Cell]] = [[v.name, v.times, v.participants, "是" if v.bars_annual else "否"] for v in stats.vetoes]
    units: list[list[Cell]] = [
        [u.name, u.participants, u.took_part, u.employees_took_part, u.red_flags, *(u.thresholds.get(n, 0) for n in threshold_names),
         u.annual_awards, u.titles, u.vetoed]
        for u in stats.units
    ]  # fmt: skip
    title = f"{stats.name} 统计"
    return [
        Table("参赛情况", f"{title}：参赛情况", ["项目", "数量"], participation),
        Table("指标完成", f"{title}：指标完成", ["考核指标", "报送（份）", "达标（份）", "达标率（%）"], indicators),
        Table("否决事项", f"{title}：否决事项", ["否决事项", "发生（次）", "涉及班组（个）", "否决年度评先"], vetoes),
        Table(
            "各单位获奖", f"{title}：各单位获奖",
            ["单位", "参赛班组", "参与班组", "参与职工", "流动红旗（面）", *threshold_names, "年度奖项", "称号", "被否决（次）"], units,
        ),
    ]  # fmt: skip


__all__ = ["IndicatorMet", "LabourStatistics", "Participation", "UnitAwards", "VetoCount", "labour_statistics", "statistics_tables"]
