"""Republishing after an appeal: the change list names exactly what changed."""

from __future__ import annotations

import msgspec
import pytest

from contests.results import Change, diff_standings
from scoring.errors import RuleError
from tests.results.fixtures import standings_of


def test_an_unchanged_event_has_no_changes(contest, welder):
    assert diff_standings(standings_of(contest, welder, snapshot=1), standings_of(contest, welder, snapshot=2)) == []


def test_a_corrected_theory_mark_changes_only_that_competitor(contest, welder):
    """W10 (last, 30.38) gets 5 more theory marks on appeal: +1.50, still last."""
    old = standings_of(contest, welder, snapshot=1)
    i = welder.index("W10")
    before = welder.marks["theory"][i, 0, 0]
    welder.marks["theory"][i, 0, 0] = before + 5
    welder.rescore()
    new = standings_of(contest, welder, snapshot=2)
    code = welder.code("W10")
    theory_old = old.row(code).module_units[0]
    assert diff_standings(old, new) == [
        Change(competitor=code, field="modules.theory", old=_text(theory_old), new=_text(theory_old + 500)),
        Change(competitor=code, field="total", old="30.38", new="31.88"),
    ]


def test_an_upheld_appeal_that_swaps_first_and_second(contest, welder):
    """W07's width difference is re-measured at 1.0 mm (top band, +10) and groove preparation
    re-judged 3 (+5): practical 125/125 → 100; total 26.40 + 70.00 = 96.40, now clear first."""
    old = standings_of(contest, welder, snapshot=1)
    ids = contest.event("welder").module("practical").scheme.aspect_ids()
    i = welder.index("W07")
    welder.marks["practical"][i, ids.index("width_difference")] = 1.0
    welder.marks["practical"][i, ids.index("groove_preparation")] = 3
    welder.rescore()
    new = standings_of(contest, welder, snapshot=2)
    w07, w03 = welder.code("W07"), welder.code("W03")
    tie = "同分，比技能操作（板对接焊）成绩"
    assert diff_standings(old, new) == [
        Change(competitor=w07, field="rank", old=2, new=1),
        Change(competitor=w07, field="modules.practical", old="88.00", new="100.00"),
        Change(competitor=w07, field="total", old="88.00", new="96.40"),
        Change(competitor=w07, field="decided_by", old=tie, new="总分"),
        Change(competitor=w07, field="award", old="二等奖", new="一等奖"),
        Change(competitor=w03, field="rank", old=1, new=2),
        Change(competitor=w03, field="decided_by", old=tie, new="总分"),
        Change(competitor=w03, field="award", old="一等奖", new="二等奖"),
    ]


def test_an_appeal_that_lifts_a_disqualification(contest, electrician):
    """E05's equipment-damage veto is overturned. Its 81.29 now ranks 5th (E10 has 81.30);
    with 10 ranked the shares give 1 / 2 / 3 prizes (10%, 30%, 60% cumulative), so E03 and
    E01 move up a tier, everyone from E04 down moves down a place, and team RD-E counts
    three members again."""
    old = standings_of(contest, electrician)
    motor_ids = contest.event("electrician").module("motor_control").scheme.aspect_ids()
    electrician.marks["motor_control"][electrician.index("E05"), motor_ids.index("equipment_damage")] = 0
    electrician.rescore()
    new = standings_of(contest, electrician, snapshot=2)
    code = electrician.code

    def row(employee_no, field, before, after):
        return Change(competitor=code(employee_no), field=field, old=before, new=after)

    assert diff_standings(old, new) == [
        row("E03", "award", "二等奖", "一等奖"),
        row("E01", "award", "三等奖", "二等奖"),
        row("E05", "rank", 0, 5),
        row("E05", "disqualified", True, False),
        row("E05", "decided_by", "取消资格，不排名", "总分"),
        row("E05", "award", None, "三等奖"),
        *(row(e, "rank", r, r + 1) for e, r in (("E04", 5), ("E08", 6), ("E09", 7), ("E07", 8), ("E02", 9))),
        Change(competitor="RD-E", field="score", old="148.15", new="229.44", kind="team"),
        Change(competitor="RD-E", field="members_counted", old=2, new=3, kind="team"),
        Change(
            competitor="RD-E",
            field="members",
            old=(code("E08"), code("E02")),
            new=(code("E05"), code("E08"), code("E02")),
            kind="team",
        ),
    ]
    assert new.row(code("E05")).total_units == old.row(code("E05")).total_units == 8129


def test_rows_that_appear_or_go(contest, welder):
    s = standings_of(contest, welder)
    fewer = msgspec.structs.replace(s, rows=s.rows[1:])
    first = s.rows[0].blind_code
    assert diff_standings(fewer, s) == [Change(competitor=first, field="present", old=False, new=True)]
    assert diff_standings(s, fewer) == [Change(competitor=first, field="present", old=True, new=False)]


def test_changes_serialise(contest, welder):
    change = Change(competitor="1234", field="titles", old=("技术能手",), new=())
    assert msgspec.json.decode(msgspec.json.encode([change]), type=list[Change]) == [change]


def test_snapshots_of_different_events_are_not_compared(contest, welder, electrician):
    with pytest.raises(RuleError):
        diff_standings(standings_of(contest, welder), standings_of(contest, electrician))


def _text(units: int) -> str:
    return f"{units // 100}.{units % 100:02d}"
