"""Each team's trend over the periods (走势图) for the public leaderboard, drawn by matplotlib
the house way (api/screens/chief/charts.py): SVG with its text kept as <text> so the browser
draws the Chinese, one `Figure` per chart, rendered in a worker thread by `render_svg`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from api.screens.chief.charts import SEVERE  # importing the house module sets the Agg backend and text-as-text SVG

MAX_LINES = 10  # more lines than this are unreadable: the board charts the year's best ten


@dataclass(frozen=True)
class TeamTrend:
    name: str
    totals: Sequence[float | None]  # per charted period; None: no verified report
    flags: Sequence[bool]  # won the period's 流动红旗


@dataclass(frozen=True)
class TrendLabels:
    score: str  # y axis
    flag: str  # legend entry of the red-flag marker
    empty: str  # nothing verified yet


def trend_chart(periods: Sequence[str], teams: Sequence[TeamTrend], labels: TrendLabels) -> Figure:
    """One line per team over the periods; a red flag marks the periods a team won it."""
    figure = Figure(figsize=(7.5, 4.2), layout="constrained")
    if not periods or not teams:
        figure.text(0.5, 0.5, labels.empty, ha="center", va="center", fontsize=12)
        return figure
    axes = figure.subplots()
    x = list(range(len(periods)))
    for team in teams[:MAX_LINES]:
        y = [float("nan") if v is None else v for v in team.totals]
        axes.plot(x, y, marker="o", linewidth=1.6, markersize=4, label=team.name)
        won = [k for k, flag in enumerate(team.flags) if flag]
        axes.plot(won, [y[k] for k in won], linestyle="none", marker="^", markersize=11, color=SEVERE)
    axes.plot([], [], linestyle="none", marker="^", markersize=11, color=SEVERE, label=labels.flag)
    axes.set_xticks(x, list(periods))
    axes.set_ylabel(labels.score, fontsize=9)
    axes.grid(axis="y", color="#ddd", linewidth=0.6)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    return figure


__all__ = ["MAX_LINES", "TeamTrend", "TrendLabels", "trend_chart"]
