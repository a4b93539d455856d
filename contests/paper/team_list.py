"""The printed team results (团体成绩公示): one table per event that ranks teams, from its
published snapshot, in the columns and digits of the public page (`contests.results.html`):
名次, 代表队, 单位, 成绩, 计分人数, 计分选手. Same layout rules as the printed results: A4 turned
by the widest table, cells on one line, header repeated, 公示 and signature lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import PageBreak

from contests.paper.document import LANDSCAPE, MARGIN, PORTRAIT, closing_block, fits_portrait, render, title_block
from contests.paper.heading import Heading, Notice
from contests.paper.table import PrintTable, flowable
from contests.results.labels import word
from contests.results.standings import Standings
from contests.results.units import units_text

TOO_FEW = "—"  # rank 0: too few members with a result to rank the team


def team_table(standings: Standings) -> PrintTable:
    """The event's team ranking as text cells; a counted member by name (by code while blind)."""
    rows = {r.blind_code: r for r in standings.rows}
    headers = tuple(word(k, "zh") for k in ("rank", "team", "unit", "score", "members_counted", "members"))
    body = tuple(
        (
            str(t.rank) if t.rank else TOO_FEW,
            t.name,
            t.unit,
            units_text(t.score_units, standings.places),
            str(t.members_counted),
            word("list_sep", "zh").join(rows[c].name or c if c in rows else c for c in t.members),
        )
        for t in standings.teams
    )
    return PrintTable(headers=headers, rows=body, numeric=frozenset({0, 3, 4}))


def team_results_pdf(events: Sequence[tuple[Standings, dt.datetime]], *, organiser: str, notice: Notice | None = None) -> bytes:
    """One PDF: each event with a team ranking on its own page run; events without teams left out
    (the caller refuses when none has any)."""
    ranked = [(s, at) for s, at in events if s.teams]
    tables = [team_table(s) for s, _ in ranked]
    pagesize = PORTRAIT if all(fits_portrait(t) for t in tables) else LANDSCAPE
    width = pagesize[0] - 2 * MARGIN
    story = []
    for k, ((standings, published_at), table) in enumerate(zip(ranked, tables, strict=True)):
        heading = Heading(
            organiser=organiser, title=f"{standings.contest_name}团体成绩公示", subtitle=standings.event_name,
            published_at=published_at, snapshot=standings.snapshot, notice=notice,
        )  # fmt: skip
        story += [PageBreak()] if k else []
        story += [*title_block(heading), flowable(table, width), *closing_block(heading, width)]
    return render(story, pagesize, f"{ranked[0][0].contest_name}团体成绩公示" if ranked else "团体成绩公示")


__all__ = ["team_results_pdf", "team_table"]
