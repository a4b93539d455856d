"""What changed between two snapshots of one event (republishing after an appeal).

Rows are matched by blind code, teams by team code. Scores are compared as their exact
decimal text, so the change list reads like the published tables ("86.30" → "88.10") and
stays meaningful even if the declared places changed between definition versions. Names,
units and other registration data are not compared: a snapshot diff is about results.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from contests.results.standings import STANDARDISED_PLACES, StandingRow, Standings, TeamStanding
from contests.results.units import units_text
from scoring.errors import RuleError

Value = int | bool | str | tuple[str, ...] | None


class Change(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """competitor: the blind code (the team code when kind is "team"). field: "rank",
    "modules.<id>", "total", … or "present" when a row appears (False → True) or goes."""

    competitor: str
    field: str
    old: Value
    new: Value
    kind: Literal["competitor", "team"] = "competitor"


def diff_standings(old: Standings, new: Standings) -> list[Change]:
    """Every field that differs, competitors in the new rank order (rows that went last),
    then teams."""
    if (old.contest_id, old.event_id) != (new.contest_id, new.event_id):
        where = f"{old.contest_id}/{old.event_id} and {new.contest_id}/{new.event_id}"
        raise RuleError.at("new", f"snapshots of different events cannot be compared: {where}")
    module_ids = _module_ids(old, new)
    rows = _changes(
        {r.blind_code: _row_fields(old, r, module_ids) for r in old.rows},
        {r.blind_code: _row_fields(new, r, module_ids) for r in new.rows},
        "competitor",
    )
    teams = _changes(
        {t.code: _team_fields(old, t) for t in old.teams},
        {t.code: _team_fields(new, t) for t in new.teams},
        "team",
    )
    return rows + teams


def _module_ids(old: Standings, new: Standings) -> list[str]:
    ids = [m.id for m in new.modules]
    return ids + [m.id for m in old.modules if m.id not in ids]


def _row_fields(s: Standings, row: StandingRow, module_ids: list[str]) -> dict[str, Value]:
    units = {m.id: u for m, u in zip(s.modules, row.module_units)}
    return {
        "rank": row.rank,
        **{f"modules.{m}": _text(units.get(m), s.places) for m in module_ids},
        "total": units_text(row.total_units, s.places),
        "disqualified": row.disqualified,
        "decided_by": row.decided_by,
        "award": row.award,
        "titles": row.titles,
        "medal": row.medal,
        "standardised": _text(row.standardised_centi, STANDARDISED_PLACES),
    }


def _team_fields(s: Standings, team: TeamStanding) -> dict[str, Value]:
    return {
        "rank": team.rank,
        "score": units_text(team.score_units, s.places),
        "members_counted": team.members_counted,
        "members": team.members,
    }


def _text(units: int | None, places: int) -> str | None:
    return None if units is None else units_text(units, places)


def _changes(old: dict[str, dict], new: dict[str, dict], kind) -> list[Change]:
    out: list[Change] = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            out.append(Change(competitor=key, field="present", old=before is not None, new=after is not None, kind=kind))
            continue
        out += [Change(competitor=key, field=f, old=before[f], new=after[f], kind=kind) for f in after if before[f] != after[f]]
    return out
