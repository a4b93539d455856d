"""The honours store through its use-cases (issue 13): versions, the allocation snapshot,
nominations with their events, secret ballots, 公示 and final list versions, the shared award
history, and every write audited in its own transaction; refusals write nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from contests.honours import NominationRefused, NoticePeriod, VoteError
from contests.store.honours import (
    HonoursBallotRow,
    HonoursFinalRow,
    HonoursNominationEventRow,
    HonoursNoticeRow,
    HonoursVoteRow,
    TitleRecordRow,
)
from contests.store.models import AuditEventRow
from contests.titles import TitleAward
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.honours import nominations, notice, people, rounds, votes
from contests.usecases.honours.views import (
    BallotBody,
    BallotLine,
    DecisionBody,
    HistoryBody,
    ObjectionBody,
    RevokeBody,
    SittingBody,
    WithdrawBody,
)
from tests.db.honours_helpers import MEMBER, NOMINATOR, ORG, draft, honours_round, set_up

pytestmark = [pytest.mark.db, pytest.mark.anyio]
PERIOD = NoticePeriod(start=date(2026, 12, 7), end=date(2026, 12, 11), contact="工会办公室 0000-1234")


async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def vote(session, rid: int, member: str, choices: dict[str, str]) -> None:
    body = BallotBody(ballots=[BallotLine(nomination=n, choice=c) for n, c in choices.items()])
    await votes.cast_ballots(session, MEMBER[member], rid, "advanced-individual", body)


async def test_allocation_is_snapshotted_with_its_arithmetic(session):
    rid = await set_up(session)
    view = await rounds.get_allocations(session, rid)
    (a,) = view.titles
    assert [(x.unit, x.floor, x.remainder_exact, x.extra, x.places) for x in a.lines] == [
        ("U1", 1, "800/1000", True, 2),
        ("U2", 0, "900/1000", True, 1),
        ("U3", 0, "300/1000", False, 0),
    ]


async def test_a_new_version_is_refused_once_nominations_exist(session):
    rid = await set_up(session)
    assert (await rounds.new_version(session, ORG, rid, honours_round(name="2026年度评比（修订）"))).current_version == 2
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    with pytest.raises(Conflict):
        await rounds.new_version(session, ORG, rid, honours_round())
    assert (await rounds.get_round(session, rid, 1)).definition.name == "2026年度评比"


async def test_nominations_over_quota_or_of_another_unit_are_refused_and_write_nothing(session):
    rid = await set_up(session)
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E2"))
    audits = await count(session, AuditEventRow)
    with pytest.raises(NominationRefused) as refused:
        await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E3"))
    assert refused.value.problems[0].rule.startswith("over_quota")
    with pytest.raises(NominationRefused):  # E4 belongs to U2
        await nominations.nominate(session, NOMINATOR["U3"], rid, draft("E4"))
    with pytest.raises(NotFound):  # another unit's nomination is not found to a nominator
        await nominations.get_nomination(session, NOMINATOR["U2"], rid, "N001")
    assert await count(session, AuditEventRow) == audits
    withdrawn = await nominations.withdraw(session, NOMINATOR["U1"], rid, "N002", "本人申请撤回")
    assert withdrawn.state == "withdrawn" and [e.action for e in withdrawn.events] == ["withdraw"]
    assert (await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E3"))).id == "N003"  # the freed place


async def test_the_cooldown_reads_the_shared_award_history(session):
    rid = await set_up(session)
    await people.import_history(session, ORG, HistoryBody(awards=[TitleAward(holder="E1", title="先进个人", year=2024)]))
    with pytest.raises(NominationRefused) as refused:
        await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    assert "cooldown" in refused.value.problems[0].rule


async def _voted(session) -> int:
    """N001 E1 (U1), N002 E2 (U1), N003 E4 (U2): all five present; mem1 recused from U1's."""
    rid = await set_up(session)
    for unit, nominee in (("U1", "E1"), ("U1", "E2"), ("U2", "E4")):
        await nominations.nominate(session, NOMINATOR[unit], rid, draft(nominee))
    await votes.open_sitting(session, ORG, rid, "advanced-individual", SittingBody(present=list(MEMBER)))
    await vote(session, rid, "mem1", {"N003": "yes"})
    await vote(session, rid, "mem2", {"N001": "yes", "N002": "no"})
    for m in ("mem3", "mem4", "mem5"):
        await vote(session, rid, m, {"N001": "yes", "N002": "abstain", "N003": "yes"})
    return rid


async def test_ballots_are_counted_secretly_and_recusals_refused(session):
    rid = await _voted(session)
    with pytest.raises(Conflict) as refused:
        await vote(session, rid, "mem1", {"N001": "yes"})
    assert refused.value.problems[0].path == "ballots[0].nomination" and "recused" in refused.value.problems[0].rule
    with pytest.raises(Forbidden):  # the organiser is not a member
        await votes.cast_ballots(
            session, ORG, rid, "advanced-individual", BallotBody(ballots=[BallotLine(nomination="N001", choice="yes")])
        )
    sitting = await votes.tally(session, ORG, rid, "advanced-individual")
    counts = {c.nomination: (c.yes, c.no, c.abstain, c.present, c.recused) for c in sitting.outcome.counts}
    # N001: 4 present (mem1 recused), 4 yes ≥ 2/3; N002: 1 yes of 4 fails; N003: mem2 recused, 4 yes
    assert counts == {"N001": (4, 0, 0, 4, 1), "N002": (0, 1, 3, 4, 1), "N003": (4, 0, 0, 4, 1)}
    assert sitting.outcome.elected == ["N001", "N003"] and sitting.outcome.ballots is None
    stored = await session.scalar(select(HonoursVoteRow.outcome))
    assert "mem3" not in stored  # counts and recusals only: no member's choice is in the outcome
    assert await count(session, HonoursBallotRow) == 1 + 2 + 3 * 3
    states = {n.id: n.state for n in await nominations.list_nominations(session, ORG, rid)}
    assert states == {"N001": "elected", "N002": "not_elected", "N003": "elected"}


async def test_a_tally_with_a_missing_ballot_is_refused_and_writes_nothing(session):
    rid = await set_up(session)
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    await votes.open_sitting(session, ORG, rid, "advanced-individual", SittingBody(present=["mem2", "mem3"]))
    await vote(session, rid, "mem2", {"N001": "yes"})
    events = await count(session, HonoursNominationEventRow)
    with pytest.raises(VoteError):
        await votes.tally(session, ORG, rid, "advanced-individual")
    assert await count(session, HonoursNominationEventRow) == events
    with pytest.raises(Conflict):  # an absent member does not vote
        await vote(session, rid, "mem4", {"N001": "yes"})


async def test_notice_objection_final_and_revocation_are_versions(session):
    rid = await _voted(session)
    await votes.tally(session, ORG, rid, "advanced-individual")
    posted = await notice.publish(session, ORG, rid, PERIOD)
    assert [e.nomination for e in posted.notice.entries] == ["N001", "N003"]
    await notice.record_objection(
        session, ORG, rid, ObjectionBody(nomination="N003", received=date(2026, 12, 9), grounds="事迹材料与实际不符")
    )
    decided = await notice.decide_objection(
        session, ORG, rid, "O001", DecisionBody(upheld=True, reason="经核实异议成立", on=date(2026, 12, 10))
    )
    # N002 did not pass the 2/3 rule: there is no reserve, the freed place stays empty
    assert [e.nomination for e in decided.notice.entries] == ["N001"] and decided.notice.decisions[0].promoted is None
    assert await count(session, HonoursNoticeRow) == 3
    with pytest.raises(Conflict):
        await nominations.withdraw(session, ORG, rid, "N001", None)
    final = await notice.finalise(session, ORG, rid, date(2026, 12, 14))
    assert [e.nomination for e in final.final.entries] == ["N001"]
    revoked = await notice.revoke(session, ORG, rid, RevokeBody(nomination="N001", reason="事迹失实", on=date(2027, 3, 1)))
    assert revoked.version == 2 and revoked.final.entries == []
    assert (await notice.get_final(session, rid, 1)).final.entries[0].nomination == "N001"  # version 1 untouched
    assert await count(session, HonoursFinalRow) == 2
    records = (await session.execute(select(TitleRecordRow.holder, TitleRecordRow.revoked).order_by(TitleRecordRow.id))).all()
    assert records == [("E1", False), ("E1", True)]
    actions = (await session.scalars(select(AuditEventRow.action).where(AuditEventRow.action.like("honours.%")))).all()
    assert {"honours.notice.publish", "honours.objection.decide", "honours.finalise", "honours.revoke"} <= set(actions)
    assert (await nominations.get_nomination(session, ORG, rid, "N001")).state == "revoked"


async def test_withdrawal_is_refused_once_the_committee_sits(session):
    rid = await set_up(session)
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))
    await votes.open_sitting(session, ORG, rid, "advanced-individual", SittingBody(present=["mem3"]))
    with pytest.raises(Conflict):
        await nominations.withdraw(session, NOMINATOR["U1"], rid, "N001", WithdrawBody().reason)
