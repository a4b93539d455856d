"""The printed results (成绩公示): one table per event from its published snapshot, with
the same columns and digits as the CSV, XLSX and HTML outputs (`contests.results.table`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import PageBreak

from contests.paper.document import LANDSCAPE, MARGIN, PORTRAIT, closing_block, fits_portrait, render, title_block
from contests.paper.heading import Heading, Notice
from contests.paper.table import PrintTable, flowable
from contests.results.standings import Standings
from contests.results.table import Column, columns
from contests.results.units import units_text

LEFT_OUT = frozenset({"decided_by"})  # explained on the public page; on paper it would force landscape


def results_table(standings: Standings) -> PrintTable:
    """The event's ranking as text cells; columns blank in every row are left out."""
    cols = [c for c in columns(standings, "zh") if c.key not in LEFT_OUT]
    cells = [[_cell(c, c.value(r)) for c in cols] for r in standings.rows]
    keep = [k for k, c in enumerate(cols) if c.key in ("rank", "name") or any(line[k] for line in cells)]
    return PrintTable(
        headers=tuple(cols[k].header for k in keep),
        rows=tuple(tuple(line[k] for k in keep) for line in cells),
        numeric=frozenset(i for i, k in enumerate(keep) if cols[k].kind in ("int", "score")),
    )


def _cell(column: Column, value) -> str:
    if value is None:
        return ""
    return units_text(value, column.places) if column.kind == "score" else str(value)


def results_pdf(events: Sequence[tuple[Standings, dt.datetime]], *, organiser: str, notice: Notice | None = None) -> bytes:
    """One PDF: each event's title block, table, 公示 line and signature lines, an event per page run."""
    tables = [results_table(s) for s, _ in events]
    pagesize = PORTRAIT if all(fits_portrait(t) for t in tables) else LANDSCAPE
    width = pagesize[0] - 2 * MARGIN
    story = []
    for k, ((standings, published_at), table) in enumerate(zip(events, tables, strict=True)):
        heading = Heading(
            organiser=organiser, title=f"{standings.contest_name}成绩公示", subtitle=standings.event_name,
            published_at=published_at, snapshot=standings.snapshot, notice=notice,
        )  # fmt: skip
        story += [PageBreak()] if k else []
        story += [*title_block(heading), flowable(table, width), *closing_block(heading, width)]
    return render(story, pagesize, f"{events[0][0].contest_name}成绩公示" if events else "成绩公示")


__all__ = ["results_pdf", "results_table"]
