"""Campaign statistics as pictures (统计图) for the organiser's board, drawn by matplotlib the
house way (api/screens/chief/charts.py): SVG with its text kept as text, one `Figure` per
chart, drawn in a worker thread by `render_svg`. Presentation only: the figures come from
the `campaign_statistics` use-case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from api.screens.chief.charts import NEUTRAL, STEADY  # the house colours; importing it sets the SVG text mode

ADOPTED, IMPLEMENTED = "#e65100", "#1565c0"


@dataclass(frozen=True)
class Bars:
    """Rows (units or categories) and, per series, one value per row."""

    title: str
    rows: Sequence[str]
    series: Sequence[tuple[str, Sequence[float]]]
    empty: str


def bar_chart(bars: Bars) -> Figure:
    """Grouped horizontal bars, one group per row, one colour per series."""
    figure = Figure(figsize=(7.5, 1.2 + 0.55 * max(1, len(bars.rows)) * max(1, len(bars.series)) ** 0.5), layout="constrained")
    if not bars.rows:
        figure.text(0.5, 0.5, bars.empty, ha="center", va="center", fontsize=12)
        return figure
    axes = figure.subplots()
    height = 0.8 / max(1, len(bars.series))
    colours = (STEADY, ADOPTED, IMPLEMENTED, NEUTRAL)
    for k, (label, values) in enumerate(bars.series):
        offsets = [i + k * height for i in range(len(bars.rows))]
        axes.barh(offsets, list(values), height=height, label=label, color=colours[k % len(colours)])
    axes.set_yticks([i + height * (len(bars.series) - 1) / 2 for i in range(len(bars.rows))], list(bars.rows))
    axes.invert_yaxis()
    axes.set_title(bars.title, loc="left", fontsize=11)
    if len(bars.series) > 1:
        axes.legend(fontsize=8, loc="lower right")
    return figure


__all__ = ["Bars", "bar_chart"]
