"""The standings body built column by column (one `map` over the columns, issue 15) encodes to
the very bytes of the rows built one competitor at a time, as `_rows` did before: ties, a
veto, a disqualification, teams, standardised scores with a null, medals, blind and unblinded,
whole and paged."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from contests.results import standings as S
from scoring import MedalPolicy, Standardisation
from scoring.rounding import Rounding, to_units
from tests.results.fixtures import TEAMS, UNITS, EventDay, standings_of


def _row_by_row(contest, day: EventDay, reveal: bool) -> tuple:
    """The former per-competitor construction: one keyword StandingRow per competitor."""
    result, scorer, order = day.result, day.scorer, day.result.ranking.order
    contest_event = contest.event(day.event_id)
    rounding = scorer.rules.rounding
    zh, en = S._decided_by_texts(contest_event, scorer, result, order)
    award, award_en = S._tier_names(result, order)
    titles, titles_en = S._row_titles(scorer, result, order)
    medals = S._medals(result, order)
    unit_names = {u.code: u.name for u in UNITS}
    team_names = {t.code: t.name for t in TEAMS}
    rows = []
    for k, i in enumerate(order.tolist()):
        c = day.competitors[i]
        score = None if result.standardised is None else result.standardised.scores[i]
        rows.append(
            S.StandingRow(
                rank=int(result.ranking.rank[i]), blind_code=day.codes[c.employee_no],
                employee_no=c.employee_no if reveal else None, name=c.name if reveal else None,
                unit=unit_names.get(c.unit, c.unit) if reveal else None,
                team=(None if c.team is None else team_names.get(c.team, c.team)) if reveal else None,
                module_units=tuple(int(to_units(result.modules[m].scaled[i], rounding)) for m in result.module_ids),
                total_units=int(result.total_units[i]), disqualified=bool(result.disqualified[i]),
                decided_by=zh[k], decided_by_en=en[k], award=award[k], award_en=award_en[k], titles=titles[k],
                titles_en=titles_en[k], medal=medals[k],
                standardised_centi=None if score is None or np.isnan(score) else int(to_units(score, Rounding(places=2))),
            )
        )  # fmt: skip
    return tuple(rows)


def _with_medals(contest, day: EventDay) -> EventDay:
    rules = msgspec.structs.replace(day.scorer.rules, standardisation=Standardisation(), medals=MedalPolicy())
    event = contest.event(day.event_id)
    scorer = type(day.scorer)(event.modules, rules)
    return EventDay(day.event_id, scorer, day.marks, day.competitors, day.codes, times=day.times, teams=day.teams)


@pytest.mark.parametrize("which", ["welder", "electrician"])
@pytest.mark.parametrize("reveal", [False, True])
@pytest.mark.parametrize("medals", [False, True])
def test_columns_encode_to_the_bytes_of_rows_built_one_by_one(contest, which, reveal, medals, request):
    day = request.getfixturevalue(which)
    day = _with_medals(contest, day) if medals else day
    s = standings_of(contest, day, reveal=reveal, snapshot=0)
    old = msgspec.structs.replace(s, rows=_row_by_row(contest, day, reveal))
    assert msgspec.json.encode(s) == msgspec.json.encode(old)
    for page in (slice(0, 3), slice(3, 7), slice(8, 50)):  # the route's pages re-encode a slice of rows
        assert msgspec.json.encode(msgspec.structs.replace(s, rows=s.rows[page])) == msgspec.json.encode(
            msgspec.structs.replace(old, rows=old.rows[page])
        )
    assert msgspec.json.decode(msgspec.json.encode(s), type=S.Standings) == s


def test_the_fixture_covers_what_the_bytes_must_keep(contest, electrician, welder):
    s = standings_of(contest, _with_medals(contest, electrician))
    assert any(r.disqualified and r.rank == 0 for r in s.rows) and any(r.standardised_centi is None for r in s.rows)
    assert any(r.team for r in s.rows) and any(r.award is None for r in s.rows)
    w = standings_of(contest, welder)
    assert len({r.rank for r in w.rows}) < len(w.rows) or any("同分" in r.decided_by for r in w.rows)  # a tie decided
