"""Racing transitions on one submission, run many times (issue 10, item 0).

Before the row version (migration 0004) an `accept` and a `reject` sent together both won
about once in 25 runs: each read the submission as `submitted` in one snapshot and its
history in another, and nothing compared the state inside the writing transaction. Now
every UPDATE compares the version it read, so exactly one of the two is applied each time.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from contests.campaigns.errors import TransitionConflict
from contests.store import session_factory
from contests.store.models import TransitionRow
from contests.usecases.campaigns import submissions
from contests.usecases.core.errors import Conflict
from tests.db.test_campaign_usecases import EMP, ORG, act, campaign, draft

pytestmark = [pytest.mark.db, pytest.mark.anyio]

RACES = 200


async def test_two_hundred_racing_transitions_each_leave_one_winner(session, engine):
    cid = await campaign(session)
    factory = session_factory(engine)

    async def decide(sid: int, action: str, payload: dict) -> str:
        async with factory() as own:
            try:
                return (await act(own, ORG, cid, sid, action, **payload)).state
            except (Conflict, TransitionConflict) as exc:
                return type(exc).__name__

    double_winners = []
    for _ in range(RACES):
        sid = (await submissions.create_draft(session, EMP, cid, draft())).id
        await act(session, EMP, cid, sid, "submit")
        outcomes = await asyncio.gather(decide(sid, "accept", {}), decide(sid, "reject", {"reason": "重复"}))
        if sorted(o in ("accepted", "rejected") for o in outcomes) != [False, True]:
            double_winners.append((sid, outcomes))
    assert double_winners == []
    per_submission = (
        select(TransitionRow.submission_id, func.count()).where(TransitionRow.campaign_id == cid).group_by(TransitionRow.submission_id)
    )
    assert {n for _, n in (await session.execute(per_submission)).all()} == {2}  # submit + the one winner
