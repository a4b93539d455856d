"""公示: the declared period, objections decided with a reason, an upheld objection and the
freed place (next by votes, or left empty), the final snapshot and a revocation afterwards
as a new version (RULES.md, "Honours": 公示 commonly 5–7 working days with a contact)."""

from __future__ import annotations

from datetime import date

import pytest

from contests.honours import (
    Ballot,
    NoticeError,
    NoticePeriod,
    Objection,
    TopN,
    decide,
    decide_objection,
    finalise,
    provisional_list,
    record_objection,
    revoke_final,
    title_awards,
    working_days,
)
from contests.titles import TitleHistory, check_bars, import_awards
from tests.honours.factories import nomination, round_, title

MEMBERS = [f"M{i}" for i in range(1, 10)]
# Monday 2026-12-07 to Friday 2026-12-11: 5 working days.
PERIOD = NoticePeriod(start=date(2026, 12, 7), end=date(2026, 12, 11), contact="工会办公室 0561-1234567")


def posted(freed_place="next_by_votes"):
    r = round_(titles=[title(quota=2, voting=TopN(), freed_place=freed_place)])
    noms = [nomination(i) for i in range(1, 4)]
    yes = {"N1": 8, "N2": 6, "N3": 5}
    votes = [Ballot(member=m, nomination=n, choice="yes" if k < y else "no") for n, y in yes.items() for k, m in enumerate(MEMBERS)]
    out = decide(r, r.titles[0], noms, MEMBERS, votes)
    names = {f"E{i}": f"职工{i}" for i in range(1, 4)}
    return r, provisional_list(r, {r.titles[0].id: out}, {n.id: n for n in noms}, names, PERIOD)


def objection(nid="N1", on=date(2026, 12, 9), oid="O1"):
    return Objection(id=oid, nomination=nid, received=on, grounds="反映其存在违纪问题")


def test_the_period_needs_the_declared_working_days():
    assert working_days(PERIOD.start, PERIOD.end) == 5
    assert working_days(date(2026, 12, 7), date(2026, 12, 13)) == 5  # a weekend adds nothing
    r = round_()
    short = NoticePeriod(start=date(2026, 12, 7), end=date(2026, 12, 10), contact="工会")
    with pytest.raises(NoticeError, match="4 working days"):
        provisional_list(r, {}, {}, {}, short)


def test_an_upheld_objection_gives_the_freed_place_to_the_next_by_votes():
    r, notice = posted()
    assert [e.nomination for e in notice.entries] == ["N1", "N2"] and [e.nomination for e in notice.reserve] == ["N3"]
    notice = record_objection(notice, objection())
    notice = decide_objection(r, notice, "O1", upheld=True, reason="经核实，受到警告处分", on=date(2026, 12, 10))
    assert [e.nomination for e in notice.entries] == ["N2", "N3"] and notice.reserve == []
    d = notice.decisions[0]
    assert (d.upheld, d.removed, d.promoted, d.reason) == (True, "N1", "N3", "经核实，受到警告处分")
    with pytest.raises(NoticeError, match="already decided"):
        decide_objection(r, notice, "O1", upheld=False, reason="重复", on=date(2026, 12, 10))


def test_an_upheld_objection_leaves_the_place_empty_when_declared():
    r, notice = posted("leave_empty")
    notice = decide_objection(r, record_objection(notice, objection()), "O1", upheld=True, reason="属实", on=date(2026, 12, 10))
    assert [e.nomination for e in notice.entries] == ["N2"] and notice.decisions[0].promoted is None


def test_a_dismissed_objection_changes_nothing_but_is_recorded():
    r, notice = posted()
    after = decide_objection(r, record_objection(notice, objection()), "O1", upheld=False, reason="反映问题不属实", on=date(2026, 12, 10))
    assert after.entries == notice.entries and after.decisions[0].removed is None


def test_objections_outside_the_period_or_off_the_list_are_refused():
    _, notice = posted()
    with pytest.raises(NoticeError, match="outside the period"):
        record_objection(notice, objection(on=date(2026, 12, 12)))
    with pytest.raises(NoticeError, match="not on the posted list"):
        record_objection(notice, objection("N3"))


def test_final_only_after_the_period_with_every_objection_decided():
    r, notice = posted()
    with pytest.raises(NoticeError, match="final from 2026-12-12"):
        finalise(r, notice, on=date(2026, 12, 11))
    pending = record_objection(notice, objection())
    with pytest.raises(NoticeError, match="not decided"):
        finalise(r, pending, on=date(2026, 12, 14))
    final = finalise(r, notice, on=date(2026, 12, 14))
    assert (final.version, [e.nomination for e in final.entries]) == (1, ["N1", "N2"])


def test_a_revocation_after_the_final_list_is_a_new_version_and_enters_the_history():
    r, notice = posted()
    v1 = finalise(r, notice, on=date(2026, 12, 14))
    v2 = revoke_final(v1, "N2", reason="事迹材料弄虚作假", on=date(2027, 3, 1))
    assert (v1.version, len(v1.entries), v1.revocations) == (1, 2, [])  # the snapshot is untouched
    assert (v2.version, [e.nomination for e in v2.entries]) == (2, ["N1"])
    assert (v2.revocations[0].entry.nomination, v2.revocations[0].reason) == ("N2", "事迹材料弄虚作假")
    with pytest.raises(NoticeError, match="not on version 2"):
        revoke_final(v2, "N2", reason="再次", on=date(2027, 3, 2))
    history = import_awards(TitleHistory(), title_awards(v2))
    bars = check_bars(["E1", "E2"], 2027, title="先进个人", history=history)
    assert bars["E1"].rule == "cooldown" and bars["E2"] is None  # the revoked title does not bar
