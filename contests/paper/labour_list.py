"""The printed labour-competition standings (劳动竞赛排名公示): a period's or the year's
standings on A4 with the common layout (`printed_list`): title block, the table, the 公示
line and the signature lines of the assessment group and the organising committee.

It takes rows that have the standings' fields (the use-case views), never loads anything:
one row per participant, best place first, and why a participant takes no award (a veto
with its reason, a period not reported, a late deduction) in its own column.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

from contests.paper.document import printed_list
from contests.paper.heading import Heading, Notice
from contests.paper.table import PrintTable

LABOUR_SIGNERS = ("考核小组", "组委会")
WHO = {"team": "班组", "unit": "单位", "project": "项目"}  # the participant column by participant_kind
NOT_ELIGIBLE = "不参与评优"


class _Row(Protocol):
    name: str
    unit: str
    total: float
    rank: int
    eligible: bool
    vetoes: list[str]
    awards: list[str]


class PeriodRow(_Row, Protocol):
    not_reported: list[str]
    late_deduction: float


class AnnualRow(_Row, Protocol):
    red_flags: int


def figure(value: float) -> str:
    """A score as printed (two places); blank when there is none."""
    return "" if value is None or math.isnan(value) else f"{value:.2f}"


def _remarks(row: _Row, extra: Sequence[str] = ()) -> str:
    notes = [*(f"否决：{v}" for v in row.vetoes), *extra]
    if not row.eligible and not notes:
        notes.append(NOT_ELIGIBLE)
    return "；".join(notes)


def period_table(rows: Sequence[PeriodRow], kind: str) -> PrintTable:
    body = tuple(
        (
            str(r.rank) if r.rank else "",
            r.name,
            r.unit,
            figure(r.total),
            "、".join(r.awards),
            _remarks(r, [*(f"未报：{n}" for n in r.not_reported), *([f"迟报扣 {r.late_deduction:g} 分"] if r.late_deduction else [])]),
        )
        for r in rows
    )
    return PrintTable(headers=("名次", WHO.get(kind, "参赛者"), "所属单位", "得分", "表彰", "说明"), rows=body, numeric=frozenset({0, 3}))


def annual_table(rows: Sequence[AnnualRow], kind: str) -> PrintTable:
    body = tuple(
        (str(r.rank) if r.rank else "", r.name, r.unit, figure(r.total), str(r.red_flags), "、".join(r.awards), _remarks(r)) for r in rows
    )
    headers = ("名次", WHO.get(kind, "参赛者"), "所属单位", "年度得分", "流动红旗", "表彰", "说明")
    return PrintTable(headers=headers, rows=body, numeric=frozenset({0, 3, 4}))


def labour_list_pdf(
    competition: str, what: str, table: PrintTable, *, organiser: str, made_at: dt.datetime, notice: Notice | None = None
) -> bytes:
    """`what`: the period's name, or 年度; the time is when the list was drawn (制表时间): labour
    standings are computed from verified reports, not published snapshots."""
    heading = Heading(
        organiser=organiser, title=f"{competition}排名公示", subtitle=what, published_at=made_at, notice=notice,
        signers=LABOUR_SIGNERS, time_label="制表时间",
    )  # fmt: skip
    return printed_list(heading, table)


__all__ = ["LABOUR_SIGNERS", "annual_table", "figure", "labour_list_pdf", "period_table"]
