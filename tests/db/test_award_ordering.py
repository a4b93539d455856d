"""Exact ties in the award list are ordered by the declared numeric rule (issue 10 item 10).

Two submissions tied on grade, score and verified benefit are ordered by submission number,
smaller first, compared as numbers: submission 9 before submission 10 (compared as text,
"10" < "9" put 10 first). The order matters beyond the place: a budget pool scaled down by
largest remainder gives the leftover fen to the earlier entry, and the statistics by unit
add those fen up. Each test runs on a database of its own, so ids start at 1.
"""

from __future__ import annotations

import pytest

from contests.campaigns.definition import BudgetPool
from contests.campaigns.submission import Proposer
from contests.usecases.campaigns import awards, submissions
from contests.usecases.campaigns import campaign as campaigns
from tests.campaigns.factories import campaign_score_prizes
from tests.db.test_campaign_usecases import EMP, ORG, campaign, draft, to_verified

pytestmark = [pytest.mark.db, pytest.mark.anyio]

ALONE = [Proposer(employee_no="E1", name="张三", share_bp=10000)]


async def test_ties_go_to_the_smaller_submission_number_compared_as_a_number(session):
    # two first prizes of 1,500 yuan against a pool of 1,000.01 yuan: 500.005 each, one fen left over
    definition = campaign_score_prizes(budget=BudgetPool(pool_fen=100_001, rule="scale_down"))
    cid = await campaign(session, definition)
    sids = []
    for k in range(10):
        unit = "HF" if k == 9 else "TL"
        sids.append((await submissions.create_draft(session, EMP, cid, draft(unit=unit, proposers=ALONE))).id)
    nine, ten = sids[8], sids[9]
    assert (nine, ten) == (9, 10) and str(ten) < str(nine)  # the pair that text order gets wrong
    for sid in (ten, nine):  # verified in the "wrong" order: the stored order must not matter either
        await to_verified(session, cid, sid, benefit="5000.00")

    preview = (await awards.award_list(session, cid)).award_list
    assert [(e.place, e.submission, e.reward_fen) for e in preview.entries] == [(1, "9", 50_001), (2, "10", 50_000)]
    published = (await awards.publish_awards(session, ORG, cid)).award_list
    assert [(e.submission, e.reward_fen) for e in published.entries] == [("9", 50_001), ("10", 50_000)]

    by_unit = (await campaigns.campaign_statistics(session, cid)).by_unit
    assert (by_unit["TL"].rewards_paid_fen, by_unit["HF"].rewards_paid_fen) == (50_001, 50_000)
