"""Racing nominations for a unit's last place: the round's row version (compare-and-set)
lets exactly one in. Kept cheap: 20 races, two sessions each."""

from __future__ import annotations

import asyncio

import pytest

from contests.honours import NominationRefused
from contests.store import session_factory
from contests.usecases.core.errors import Conflict
from contests.usecases.honours import nominations
from tests.db.honours_helpers import NOMINATOR, ORG, draft, set_up

pytestmark = [pytest.mark.db, pytest.mark.anyio]
RACES = 20


async def test_racing_nominations_for_the_last_place_let_one_in(session, engine):
    rid = await set_up(session)
    await nominations.nominate(session, NOMINATOR["U1"], rid, draft("E1"))  # U1 has 2 places: one is left
    factory = session_factory(engine)

    async def nominate(nominee: str) -> str:
        async with factory() as own:
            try:
                return (await nominations.nominate(own, NOMINATOR["U1"], rid, draft(nominee))).id
            except (Conflict, NominationRefused):
                return "refused"

    doubles = []
    for _ in range(RACES):
        outcomes = await asyncio.gather(nominate("E2"), nominate("E3"))
        winners = [o for o in outcomes if o != "refused"]
        if len(winners) != 1:
            doubles.append(outcomes)
        for code in winners:  # reset: the winner withdraws, freeing the place again
            await nominations.withdraw(session, ORG, rid, code, "重置")
        session.expire_all()
    assert doubles == []
    listed = await nominations.list_nominations(session, ORG, rid)
    assert sum(1 for n in listed if n.state == "nominated" and n.unit == "U1") == 1
