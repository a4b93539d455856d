"""Results (成绩发布): engine result → immutable standings snapshot → JSON, CSV, XLSX and the
public HTML page. Pure: no database, no HTTP; the judging-day use-cases call it.

    standings.py  Standings snapshot and build_standings (+ team_index for scoring teams)
    diff.py       diff_standings: what changed between two snapshots
    breakdown.py  per-competitor breakdown for the public page, from scoring.explain
    table.py      the ranking table's columns, shared by every output
    exports.py    to_json / from_json, to_csv, to_xlsx
    html.py       render_results_page (templates/results.html)
    units.py      exact decimal text of integer score units
    labels.py     Chinese and English words of the outputs
"""

from contests.results.breakdown import Breakdown, breakdown, event_breakdowns
from contests.results.diff import Change, diff_standings
from contests.results.exports import from_json, to_csv, to_json, to_xlsx
from contests.results.html import render_results_page
from contests.results.standings import (
    AwardGroup,
    DrawNote,
    ModuleInfo,
    StandingRow,
    Standings,
    TeamStanding,
    TitleGroup,
    build_standings,
    team_index,
)
from contests.results.units import text_units, units_text

__all__ = [
    "AwardGroup",
    "Breakdown",
    "Change",
    "DrawNote",
    "ModuleInfo",
    "StandingRow",
    "Standings",
    "TeamStanding",
    "TitleGroup",
    "breakdown",
    "build_standings",
    "diff_standings",
    "event_breakdowns",
    "from_json",
    "render_results_page",
    "team_index",
    "text_units",
    "to_csv",
    "to_json",
    "to_xlsx",
    "units_text",
]
