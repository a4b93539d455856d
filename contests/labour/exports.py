"""The exported standings of a labour competition (成绩导出): a period's and the year's,
with the veto reasons, red flags, awards and titles, as one JSON document each and as
tables with Chinese headers for CSV and XLSX (`contests.labour.sheets`).

A period row carries each indicator's points (blank: not reported), the late deduction,
the total, the place, whether it may win awards, the vetoes that fired (the reason shown),
the indicators not reported and the awards. An annual row carries each period's total,
the year's total, the red flags, the annual-barring vetoes with their period, the annual
awards and the titles granted; the titles sheet lists every candidate with the reasons a
title was not granted.
"""

from __future__ import annotations

import msgspec

from contests.labour.participants import KIND_LABELS
from contests.labour.sheets import Cell, Table


class PeriodExportRow(msgspec.Struct, kw_only=True, frozen=True):
    rank: int
    participant: str
    name: str
    unit: str
    unit_name: str
    points: dict[str, float | None]  # indicator id → points (None: not reported)
    late_deduction: float
    total: float
    eligible: bool
    vetoes: list[str]
    not_reported: list[str]
    red_flag: bool
    awards: list[str]


class IndicatorHead(msgspec.Struct, frozen=True):
    id: str
    name: str


class PeriodExport(msgspec.Struct, kw_only=True, frozen=True):
    competition: str
    name: str
    participant_kind: str
    period: str
    period_name: str
    verified: int
    indicators: list[IndicatorHead]
    rows: list[PeriodExportRow]


class AnnualExportRow(msgspec.Struct, kw_only=True, frozen=True):
    rank: int
    participant: str
    name: str
    unit: str
    unit_name: str
    periods: dict[str, float]  # period id → the period total
    total: float
    red_flags: int
    eligible: bool
    vetoes: list[str]
    awards: list[str]
    titles: list[str]


class TitleCandidateRow(msgspec.Struct, kw_only=True, frozen=True):
    participant: str
    name: str
    granted: bool
    reasons: list[str]


class TitleExport(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    year: int
    granted: list[str]
    candidates: list[TitleCandidateRow]


class PeriodHead(msgspec.Struct, frozen=True):
    id: str
    name: str


class AnnualExport(msgspec.Struct, kw_only=True, frozen=True):
    competition: str
    name: str
    year: int
    participant_kind: str
    periods: list[PeriodHead]
    rows: list[AnnualExportRow]
    titles: list[TitleExport]


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _join(items: list[str]) -> str:
    return "；".join(items)


def _who(kind: str) -> list[str]:
    label = KIND_LABELS.get(kind, "参赛者")
    return [f"{label}编号", f"{label}名称", "单位"]


def period_table(export: PeriodExport) -> Table:
    headers = ["排名", *_who(export.participant_kind), *(i.name for i in export.indicators)]
    headers += ["迟报扣分", "得分", "可评奖", "一票否决事项", "未报指标", "流动红旗", "奖项"]
    rows: list[list[Cell]] = []
    for r in export.rows:
        points: list[Cell] = [r.points.get(i.id) for i in export.indicators]
        rows.append(
            [r.rank, r.participant, r.name, r.unit_name, *points, r.late_deduction, r.total, _yes(r.eligible), _join(r.vetoes),
             _join(r.not_reported), _yes(r.red_flag), _join(r.awards)]
        )  # fmt: skip
    return Table(export.period_name, f"{export.name} {export.period_name}成绩排名", headers, rows)


def annual_tables(export: AnnualExport) -> list[Table]:
    headers = ["排名", *_who(export.participant_kind), *(p.name for p in export.periods)]
    headers += ["年度得分", "流动红旗（面）", "可评奖", "否决事项", "年度奖项", "称号"]
    rows: list[list[Cell]] = [
        [r.rank, r.participant, r.name, r.unit_name, *(r.periods[p.id] for p in export.periods), r.total, r.red_flags,
         _yes(r.eligible), _join(r.vetoes), _join(r.awards), _join(r.titles)]
        for r in export.rows
    ]  # fmt: skip
    standings = Table("年度排名", f"{export.name} 年度成绩排名", headers, rows)
    title_rows: list[list[Cell]] = [
        [t.title, t.year, c.participant, c.name, "授予" if c.granted else "未授予", _join(c.reasons)]
        for t in export.titles
        for c in t.candidates
    ]
    titles = Table("称号评定", f"{export.name} 称号评定", ["称号", "年度", "编号", "名称", "结果", "原因"], title_rows)
    return [standings, titles]


__all__ = [
    "AnnualExport",
    "AnnualExportRow",
    "IndicatorHead",
    "PeriodExport",
    "PeriodExportRow",
    "PeriodHead",
    "TitleCandidateRow",
    "TitleExport",
    "annual_tables",
    "period_table",
]
