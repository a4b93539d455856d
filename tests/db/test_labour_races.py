"""Racing decisions on one labour report: a "verify" and a "return" sent together leave
exactly one winner (the report's row version and its event sequence are checked by the
database). Kept cheap: one competition, 200 small reports, two sessions per race."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from contests.store import session_factory
from contests.store.labour import LabourReportEventRow, LabourReportRow
from contests.usecases.core.errors import Conflict
from contests.usecases.labour import verification
from tests.db.labour_helpers import ON_TIME, ORG, report, set_up

pytestmark = [pytest.mark.db, pytest.mark.anyio]

RACES = 200


async def test_two_hundred_racing_verify_and_return_each_leave_one_winner(session, engine):
    cid = await set_up(session)
    factory = session_factory(engine)

    async def decide(rid: int, action: str) -> str:
        async with factory() as own:
            try:
                if action == "verify":
                    return (await verification.verify_report(own, ORG, cid, rid)).state
                return (await verification.return_report(own, ORG, cid, rid, "请核实")).state
            except Conflict:
                return "conflict"

    sent = await report(session, cid, "T-A", today=ON_TIME)
    double = []
    for _ in range(RACES):
        outcomes = await asyncio.gather(decide(sent.id, "verify"), decide(sent.id, "return"))
        if sorted(outcomes) not in (["conflict", "returned"], ["conflict", "verified"], ["returned", "verified"]):
            double.append(outcomes)
        # reset for the next race: a verified report is returned, a returned one resubmitted
        state = await session.scalar(
            select(LabourReportRow.state).where(LabourReportRow.id == sent.id).execution_options(populate_existing=True)
        )
        if state == "verified":
            await verification.return_report(session, ORG, cid, sent.id, "重置")
        session.expire_all()
        await report(session, cid, "T-A", today=ON_TIME)
    assert double == []
    events = (
        await session.execute(
            select(LabourReportEventRow.seq, LabourReportEventRow.from_state, LabourReportEventRow.to_state).order_by(
                LabourReportEventRow.seq
            )
        )
    ).all()
    assert [seq for seq, _, _ in events] == list(range(1, len(events) + 1))  # no gap, no duplicate
    # the history replays: every change starts from the state the previous one left (a lost
    # update would show two decisions taken from the same "submitted")
    assert [frm for _, frm, _ in events[1:]] == [to for _, _, to in events[:-1]]
    assert (await session.scalar(select(func.count()).select_from(LabourReportRow))) == 1
