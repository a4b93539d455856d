"""Judge analytics as pictures (裁判分析图) for the chief judge console, drawn by matplotlib.

Presentation only: the figures come from the use-cases (`judge_analytics` for each judge's
severity against the panel, the provisional standings for each module's scores). The SVG
keeps its text as <text> elements (`svg.fonttype = "none"`), so the browser draws the
Chinese labels with its own fonts (the server needs no CJK font). Drawing is blocking work:
`render_svg` runs in a worker thread; each chart is its own `Figure` (no pyplot state is
shared between threads).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import anyio.to_thread
import matplotlib
import msgspec

matplotlib.use("Agg")  # never a GUI backend on a server
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: the browser renders the Chinese
matplotlib.rcParams["svg.hashsalt"] = "biwu"  # stable element ids: the same data gives the same SVG

from matplotlib.figure import Figure  # noqa: E402  (after the backend and rc settings above)

SEVERE, STEADY, NEUTRAL = "#b00020", "#1b5e20", "#555555"


@dataclass(frozen=True)
class SeverityPanel:
    """One module: each judge's mean offset from the panel (marks; None: nothing to compare)."""

    title: str
    judges: Sequence[str]
    offsets: Sequence[float | None]
    flagged: Sequence[bool]
    threshold: float


@dataclass(frozen=True)
class ScorePanel:
    """One module: the competitors' module scores on its scaled maximum."""

    title: str
    scores: Sequence[float]
    maximum: float


@dataclass(frozen=True)
class Labels:
    severity: str  # x axis of the severity chart
    count: str  # y axis of the distribution chart
    score: str  # x axis of the distribution chart
    empty: str  # a chart with nothing to draw says so


def severity_chart(panels: Sequence[SeverityPanel], labels: Labels) -> Figure:
    """Horizontal bars per judge, one row of axes per module; the panel is 0, the dashed lines
    the flag threshold, flagged judges in red."""
    figure = Figure(figsize=(7.5, 0.9 + 1.9 * max(1, len(panels))), layout="constrained")
    if not panels:
        return _empty(figure, labels.empty)
    for axes, panel in zip(figure.subplots(len(panels), 1, squeeze=False)[:, 0], panels, strict=True):
        offsets = [0.0 if o is None else o for o in panel.offsets]
        colours = [SEVERE if f else NEUTRAL if o is None else STEADY for o, f in zip(panel.offsets, panel.flagged, strict=True)]
        axes.barh(list(panel.judges), offsets, color=colours)
        axes.axvline(0, color="#000", linewidth=0.8)
        for edge in (-panel.threshold, panel.threshold):
            axes.axvline(edge, color=SEVERE, linestyle="--", linewidth=0.8)
        reach = max([abs(o) for o in offsets] + [panel.threshold]) * 1.25
        axes.set_xlim(-reach, reach)
        axes.invert_yaxis()  # panel order, top down
        axes.set_title(panel.title, loc="left", fontsize=11)
        axes.set_xlabel(labels.severity, fontsize=9)
    return figure


def distribution_chart(panels: Sequence[ScorePanel], labels: Labels) -> Figure:
    """A histogram of the module scores per module (ten bins from 0 to the module's maximum)."""
    figure = Figure(figsize=(7.5, 0.9 + 2.0 * max(1, len(panels))), layout="constrained")
    if not panels:
        return _empty(figure, labels.empty)
    for axes, panel in zip(figure.subplots(len(panels), 1, squeeze=False)[:, 0], panels, strict=True):
        top = panel.maximum if panel.maximum > 0 else 1.0
        axes.hist(list(panel.scores), bins=10, range=(0.0, top), color=STEADY, edgecolor="#fff")
        axes.set_title(panel.title, loc="left", fontsize=11)
        axes.set_xlabel(labels.score, fontsize=9)
        axes.set_ylabel(labels.count, fontsize=9)
        axes.yaxis.get_major_locator().set_params(integer=True)
    return figure


def _empty(figure: Figure, message: str) -> Figure:
    figure.text(0.5, 0.5, message, ha="center", va="center", fontsize=12)
    return figure


def to_svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        # the server's fonts have no CJK glyphs; the text is kept as text and the browser draws it
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


async def render_svg(draw: Callable[..., Figure], *args: object) -> bytes:
    """Draw and encode in a worker thread: matplotlib is blocking work."""
    return await anyio.to_thread.run_sync(lambda: to_svg(draw(*args)))


# Charts drawn lately, by a digest of everything they are drawn from. The key is the data
# itself, never a version counter, so a worker can never serve a chart older than its data,
# and several workers need not share it: each draws a given chart once.
_DRAWN: OrderedDict[str, bytes] = OrderedDict()
DRAWN_KEPT = 32  # a hall's boards and languages; a few MB at most


def chart_digest(*parts: object) -> str:
    """A digest of the chart's inputs (msgspec-encodable values)."""
    return hashlib.sha256(msgspec.json.encode(parts)).hexdigest()[:32]


async def render_svg_once(digest: str, draw: Callable[..., Figure], *args: object) -> bytes:
    """`render_svg`, drawn once per digest: a public board that every screen in a hall
    reloads (about half a second of matplotlib each time) is drawn again only when its data
    changes. The same inputs draw the same SVG (`svg.hashsalt`), so remembering is exact."""
    if (body := _DRAWN.get(digest)) is not None:
        _DRAWN.move_to_end(digest)
        return body
    body = await render_svg(draw, *args)
    _DRAWN[digest] = body
    while len(_DRAWN) > DRAWN_KEPT:
        _DRAWN.popitem(last=False)
    return body


__all__ = ["Labels", "ScorePanel", "SeverityPanel", "chart_digest", "distribution_chart", "render_svg", "render_svg_once", "severity_chart"]
