"""The honours demo seed (`biwu serve --demo`, api/honours_demo.py): the round, its quotas,
nominators, the committee's logins and the nominations within every unit's places; seeding
twice adds nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from api.honours_demo import seed_honours
from contests.accounts import Actor
from contests.store.honours import HonoursNominationRow
from contests.usecases.honours import board

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def test_the_demo_round_fills_every_place_and_seeds_once(session):
    await seed_honours(session)
    await seed_honours(session)
    view = await board.board(session, Actor("org", "organiser"), 1)
    use = {(x.title, x.unit): (x.used, x.places) for x in view.quota_use}
    # 先进个人: 12 places, a minimum of 1, largest remainder over 1260/540/430/310/180/120
    individual = [use[("advanced-individual", u)] for u in ("U01", "U02", "U03", "U04", "U05", "U06")]
    assert individual == [(4, 4), (2, 2), (2, 2), (2, 2), (1, 1), (1, 1)]
    # 先进集体: 4 places over the same headcounts, no minimum: U01 2, U02 1, U03 1
    assert [use[("advanced-collective", u)][1] for u in ("U01", "U02", "U03", "U04", "U05", "U06")] == [2, 1, 1, 0, 0, 0]
    assert all(used == places for used, places in use.values())
    assert await session.scalar(select(func.count()).select_from(HonoursNominationRow)) == 12 + 4 + 3
    assert view.states == {"nominated": 19}
