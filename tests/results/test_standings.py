"""Standings snapshots: rank order, exact units, ties, disqualification, awards, teams,
blindness, JSON round trip and refusal of inputs that do not belong together."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from contests.results import Standings, build_standings, from_json, to_json
from scoring import MedalPolicy, Ranking, Standardisation
from scoring.errors import RuleError
from scoring.rounding import to_units
from tests.results.fixtures import COMPUTED_AT, EMOJI_NAME, SCRIPT_NAME, UNITS, EventDay, standings_of


def by_code(day: EventDay) -> dict[str, int]:
    return {day.codes[c.employee_no]: i for i, c in enumerate(day.competitors)}


@pytest.mark.parametrize("which", ["welder", "electrician"])
def test_rows_in_rank_order_with_the_engines_units(contest, which, request):
    day = request.getfixturevalue(which)
    s = standings_of(contest, day)
    index = by_code(day)
    got = [index[r.blind_code] for r in s.rows]
    assert got == day.result.ranking.order.tolist()
    for r in s.rows:
        i = index[r.blind_code]
        assert r.total_units == day.result.total_units[i]
        assert r.rank == day.result.ranking.rank[i]
        for k, m in enumerate(s.modules):
            assert r.module_units[k] == to_units(day.result.modules[m.id].scaled[i], day.scorer.rules.rounding)
    ranked = [r.rank for r in s.rows if r.rank]
    assert ranked == sorted(ranked) and all(r.rank == 0 for r in s.rows[len(ranked) :])
    assert [m.id for m in s.modules] == day.scorer.module_ids


def test_the_tie_settled_by_the_chain_is_explained(contest, welder):
    """W03 and W07 both total 88.00 (hand computation in fixtures); higher practical wins."""
    s = standings_of(contest, welder)
    first, second = s.rows[:2]
    assert (first.employee_no, second.employee_no) == ("W03", "W07")
    assert first.total_units == second.total_units == 8800
    assert first.module_units == (6000, 10000) and second.module_units == (8800, 8800)
    assert (first.rank, second.rank) == (1, 2)
    assert first.decided_by == second.decided_by == "同分，比技能操作（板对接焊）成绩"
    assert first.decided_by_en == "tie: higher Practical: plate butt joint score"
    assert s.rows[2].decided_by == "总分"


def test_the_veto_zeroes_the_visual_criterion(contest, welder):
    s = standings_of(contest, welder)
    last = s.rows[-1]
    assert last.employee_no == "W10" and last.rank == 12 and not last.disqualified
    assert last.module_units[1] < 2000  # only workmanship (≤ 25 of 125) is left


def test_disqualified_competitor_has_no_place_and_comes_last(contest, electrician):
    s = standings_of(contest, electrician)
    last = s.rows[-1]
    assert last.employee_no == "E05" and last.disqualified and last.rank == 0
    assert last.award is None and last.titles == ()
    assert last.decided_by == "取消资格，不排名" and last.decided_by_en == "disqualified: no place"
    assert all(not r.disqualified for r in s.rows[:-1])


def test_awards_and_titles(contest, welder):
    """welder.toml: 1 / 3 / 6 (Anhui 2021); 技术能手 for the top 5 passing theory and practical."""
    s = standings_of(contest, welder)
    assert [(g.name, g.name_en, g.capacity, len(g.codes)) for g in s.awards] == [
        ("一等奖", "First prize", 1, 1), ("二等奖", "Second prize", 3, 3), ("三等奖", "Third prize", 6, 6),
    ]  # fmt: skip
    rows = {r.blind_code: r for r in s.rows}
    for g in s.awards:
        assert [rows[c].rank for c in g.codes] == sorted(rows[c].rank for c in g.codes)
        assert all(rows[c].award == g.name and rows[c].award_en == g.name_en for c in g.codes)
    assert [r.award for r in s.rows[:10]] == ["一等奖"] + ["二等奖"] * 3 + ["三等奖"] * 6
    assert [r.award for r in s.rows[10:]] == [None, None]
    [title] = s.titles
    assert (title.name, title.name_en) == ("技术能手", "Technical expert")
    holders = [r for r in s.rows if r.titles]
    assert [r.blind_code for r in holders] == list(title.codes)
    assert all(r.titles_en == ("Technical expert",) and r.rank <= 5 for r in holders)
    assert s.award_field_size == 12


def test_share_awards_and_team_standings(contest, electrician):
    """electrician.toml: 10/20/30% of the 9 ranked, cumulative and floored (0.9, 2.7, 5.4 →
    0, 2, 5): 0 / 2 / 3 places; teams: sum of the best 3 (Zoucheng)."""
    s = standings_of(contest, electrician)
    assert [(g.name, g.capacity) for g in s.awards] == [("一等奖", 0), ("二等奖", 2), ("三等奖", 3)]
    assert s.awards[0].codes == ()
    assert [t.code for t in s.teams] == ["GD-E", "JX1-E", "RD-E"]
    assert [t.rank for t in s.teams] == [1, 2, 3]
    assert [t.score_units for t in s.teams] == sorted((t.score_units for t in s.teams), reverse=True)
    rows = {r.blind_code: r for r in s.rows}
    for t in s.teams:
        members = [rows[c] for c in t.members]
        assert len(members) == t.members_counted
        assert t.score_units == sum(m.total_units for m in members)  # sum of the best 3
        assert all(m.team == t.name for m in members)
        others = [r for r in s.rows if r.team == t.name and r.blind_code not in t.members and r.rank]
        assert all(o.total_units <= min(m.total_units for m in members) for o in others)
    rd = s.teams[2]
    assert rd.members_counted == 2 and electrician.code("E05") not in rd.members  # E05 was disqualified
    assert (rd.name, rd.unit, s.teams[0].unit) == ("热电电工队", "热电公司", "供电公司 & <Grid>")


def test_blind_standings_hold_no_name_unit_or_employee_number(contest, welder, electrician):
    for day in (welder, electrician):
        s = standings_of(contest, day, reveal=False)
        assert s.blind and s.teams == ()
        assert all(r.name is None and r.unit is None and r.employee_no is None and r.team is None for r in s.rows)
        text = to_json(s).decode("utf-8")
        for c in day.competitors:
            assert c.name not in text and f'"{c.employee_no}"' not in text
        for u in UNITS:
            assert u.name not in text
        assert "电工队" not in text  # team names name their units


def test_json_round_trip_is_exact(contest, welder, electrician):
    for day in (welder, electrician):
        s = standings_of(contest, day)
        back = from_json(to_json(s))
        assert back == s
        assert back.computed_at == COMPUTED_AT and back.computed_at.utcoffset() == COMPUTED_AT.utcoffset()
    names = {r.name for r in standings_of(contest, welder).rows}
    assert {SCRIPT_NAME, EMOJI_NAME} <= names


def test_snapshots_are_immutable(contest, welder):
    s = standings_of(contest, welder, snapshot=0)
    assert s.provisional and not standings_of(contest, welder).provisional
    with pytest.raises(AttributeError):
        s.snapshot = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.rows[0].rank = 9  # type: ignore[misc]
    assert isinstance(s.rows, tuple) and isinstance(s.rows[0].module_units, tuple)
    hash(s)  # frozen all the way down


def test_recorded_draw_is_published_with_codes(contest, welder):
    """Hainan 2023: no shared place in the top 3. Without a chain W03 and W07 share place 1,
    so the seeded draw orders them and the snapshot records it."""
    rules = msgspec.structs.replace(welder.scorer.rules, ranking=Ranking(no_shared_top=3, draw_seed=5))
    event = contest.event("welder")
    day = EventDay("welder", type(welder.scorer)(event.modules, rules), welder.marks, welder.competitors, welder.codes)
    s = standings_of(contest, day)
    [d] = s.draws
    assert d.place == 1 and d.seed == 5
    assert set(d.codes) == {welder.code("W03"), welder.code("W07")}
    assert [r.blind_code for r in s.rows[:2]] == list(d.codes)
    assert [r.decided_by for r in s.rows[:2]] == ["抽签决定", "抽签决定"]


def test_standardised_scores_and_medals(contest, welder):
    rules = msgspec.structs.replace(welder.scorer.rules, standardisation=Standardisation(), medals=MedalPolicy())
    event = contest.event("welder")
    day = EventDay("welder", type(welder.scorer)(event.modules, rules), welder.marks, welder.competitors, welder.codes,
                   times=welder.times)  # fmt: skip
    s = standings_of(contest, day)
    assert all(r.standardised_centi is not None for r in s.rows)
    centi = np.array([r.standardised_centi for r in s.rows])
    assert (np.diff(centi) <= 0).all()  # same order as the totals
    assert s.rows[0].medal == s.rows[1].medal == "gold"  # equal totals, equal standardised scores
    assert s.medal_notes == ("两枚金牌，不设银牌 / two golds: no silver",)


def test_inputs_that_do_not_belong_together_are_refused(contest, welder, electrician):
    def build(**change):
        args = dict(
            contest=contest, event_id="welder", scorer=welder.scorer, result=welder.result,
            competitors=welder.competitors, blind_codes=welder.codes,
        )  # fmt: skip
        kw = dict(version=1, snapshot=1, computed_at=COMPUTED_AT, reveal_names=True)
        for k, v in change.items():
            (args if k in args else kw)[k] = v
        return build_standings(*args.values(), **kw)

    cases = {
        "event_id": dict(event_id="lathe"),
        "result": dict(event_id="electrician"),
        "competitors": dict(competitors=welder.competitors[:-1]),
        "competitors[0]": dict(blind_codes={k: v for k, v in welder.codes.items() if k != "W01"}),
        "blind_codes": dict(blind_codes={k: "1234" for k in welder.codes}),
        "computed_at": dict(computed_at=COMPUTED_AT.replace(tzinfo=None)),
        "snapshot": dict(snapshot=-1),
        "competitors[0].event": dict(competitors=[electrician.competitors[0], *welder.competitors[1:]]),
    }
    for path, change in cases.items():
        with pytest.raises(RuleError) as err:
            build(**change)
        assert path in [p.path for p in err.value.problems], path
    assert isinstance(build(), Standings)
