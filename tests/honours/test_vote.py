"""The committee vote: the 2/3 rule with abstentions and absences, recusal, a boundary tie
with a recorded run-off, the declared fewer-no tie-break, and secrecy (RULES.md, "Honours":
"a nominee passes with at least two thirds of the members present; or the top N by yes
votes within the quota; ties at the boundary go to a run-off")."""

from __future__ import annotations

import msgspec
import pytest

from contests.honours import Ballot, TopN, VoteError, decide, run_off
from tests.honours.factories import committee, nomination, round_, title

MEMBERS = [f"M{i}" for i in range(1, 10)]


def ballots(nid: str, yes: int, no: int = 0, abstain: int = 0, members=MEMBERS) -> list[Ballot]:
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    assert len(choices) == len(members), "every present member votes"
    return [Ballot(member=m, nomination=nid, choice=c) for m, c in zip(members, choices)]


def test_two_thirds_of_present_abstentions_present_absences_not():
    r = round_()
    t = r.titles[0]
    present = MEMBERS[:7]  # M8, M9 absent: 7 present, 2/3 of 7 = 4.67 → 5 yes needed
    noms = [nomination(1), nomination(2), nomination(3)]
    votes = ballots("N1", 5, 1, 1, present) + ballots("N2", 4, 0, 3, present) + ballots("N3", 5, 2, 0, present)
    out = decide(r, t, noms, present, votes)
    counts = {c.nomination: c for c in out.counts}
    assert (counts["N1"].present, counts["N1"].absent, counts["N1"].abstain) == (7, 2, 1)
    assert counts["N1"].passed and counts["N3"].passed
    assert not counts["N2"].passed  # 4 yes and 3 abstentions: abstaining is not yes
    assert out.elected == ["N1", "N3"] and out.not_passed == ["N2"]


def test_two_thirds_boundary_with_everyone_present():
    r = round_()
    noms = [nomination(1), nomination(2)]
    out = decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 6, 3) + ballots("N2", 5, 0, 4))
    assert [c.passed for c in out.counts] == [True, False]  # 6 of 9 is exactly 2/3; 5 is not


def test_recusal_of_own_unit_is_recorded_and_shrinks_present():
    r = round_(comm=committee(units={"M1": "U1", "M2": "U2"}))
    noms = [nomination(1, unit="U1")]
    others = MEMBERS[1:]
    out = decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 6, 2, 0, others))
    assert [(x.member, x.nomination, x.unit) for x in out.recusals] == [("M1", "N1", "U1")]
    c = out.counts[0]
    assert (c.present, c.recused, c.yes, c.passed) == (8, 1, 6, True)  # 6 of 8 ≥ 2/3
    with pytest.raises(VoteError, match="recused"):
        decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 6, 3))


def test_no_recusal_when_the_rule_says_so():
    r = round_(comm=committee(units={"M1": "U1"}, recuse_own_unit=False))
    out = decide(r, r.titles[0], [nomination(1, unit="U1")], MEMBERS, ballots("N1", 9))
    assert out.recusals == [] and out.counts[0].present == 9


def test_missing_doubled_and_stranger_ballots_are_refused():
    r = round_()
    noms = [nomination(1)]
    with pytest.raises(VoteError, match="has not voted"):
        decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 8, members=MEMBERS[:8]))
    with pytest.raises(VoteError, match="already voted"):
        decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 9) + [Ballot(member="M1", nomination="N1", choice="no")])
    with pytest.raises(VoteError, match="not a committee member present"):
        decide(r, r.titles[0], noms, MEMBERS[:8], ballots("N1", 9))


def top_n_round(tie_break="run_off", open_voting=False):
    return round_(titles=[title(quota=2, voting=TopN(tie_break=tie_break))], comm=committee(open_voting=open_voting))


def test_boundary_tie_goes_to_a_recorded_run_off():
    r = top_n_round()
    t = r.titles[0]
    noms = [nomination(i) for i in range(1, 5)]
    votes = ballots("N1", 7, 2) + ballots("N2", 4, 5) + ballots("N3", 4, 1, 4) + ballots("N4", 2, 7)
    out = decide(r, t, noms, MEMBERS, votes)
    assert (out.elected, out.tied, out.places_left, out.reserve) == (["N1"], ["N2", "N3"], 1, ["N4"])
    again = run_off(r, t, out, noms, MEMBERS, ballots("N2", 5, 4) + ballots("N3", 5, 4))
    assert again.tied == ["N2", "N3"] and len(again.run_offs) == 1  # tied again: another run-off
    final = run_off(r, t, again, noms, MEMBERS, ballots("N2", 3, 6) + ballots("N3", 6, 3))
    assert (final.elected, final.tied, final.reserve) == (["N1", "N3"], [], ["N2", "N4"])
    assert [[c.yes for c in ro.counts] for ro in final.run_offs] == [[5, 5], [3, 6]]
    with pytest.raises(VoteError, match="no run-off is needed"):
        run_off(r, t, final, noms, MEMBERS, [])


def test_declared_fewer_no_tie_break_avoids_the_run_off():
    r = top_n_round(tie_break="fewer_no")
    noms = [nomination(i) for i in range(1, 4)]
    votes = ballots("N1", 7, 2) + ballots("N2", 4, 5) + ballots("N3", 4, 1, 4)
    out = decide(r, r.titles[0], noms, MEMBERS, votes)
    assert (out.elected, out.tied, out.reserve) == (["N1", "N3"], [], ["N2"])


def test_secret_unless_open_voting_is_declared():
    noms = [nomination(1)]
    secret = decide(top_n_round(), title(quota=2, voting=TopN()), noms, MEMBERS, ballots("N1", 9))
    assert secret.ballots is None
    assert b'"member"' not in msgspec.json.encode(secret)
    r = top_n_round(open_voting=True)
    opened = decide(r, r.titles[0], noms, MEMBERS, ballots("N1", 9))
    assert len(opened.ballots) == 9


def test_a_nominee_with_every_present_member_recused_cannot_pass():
    r = round_(comm=committee(n=2, units={"M1": "U1", "M2": "U1"}))
    out = decide(r, r.titles[0], [nomination(1, unit="U1")], ["M1", "M2"], [])
    c = out.counts[0]
    assert (c.present, c.recused, c.passed) == (0, 2, False) and out.elected == []
