"""Campaign statistics: what the service reports (the incremental accumulator over the stored
transitions) equals the statistics recomputed from scratch from the stored cases, and the
figures are the ones the workload implies (milestones, benefit, rewards, rates)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from contests.campaigns.statistics import Statistics, statistics_from_scratch
from contests.usecases.campaigns import store
from tests.api.campaigns_support import VERIFIER, Flow, score_prizes_json

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


def _from_scratch(run, cid: int) -> Statistics:
    async def work(session):
        campaign = await store.campaign_row(session, cid)
        _, cases = await store.cases(session, campaign)
        return statistics_from_scratch(cases, await store.units(session, cid))

    return run(work)


M = {"value": 8, "novelty": 6, "effect": 6}  # 20 points: grade 1, 1,500 yuan


def test_reported_statistics_equal_the_recomputation_from_scratch(flow, run):
    cid = flow.campaign(score_prizes_json())
    co = [{"employee_no": "E1", "name": "张三", "share_bp": 5000}, {"employee_no": "H9", "name": "何九", "unit": "HF", "share_bp": 5000}]
    plan = [  # (unit, period, category, proposers, end state)
        ("TL", "2025-H1", "invention", None, "awarded"),
        ("TL", "2025-H1", "invention", co, "awarded"),
        ("TL", "2025-H2", "design", None, "rejected"),
        ("HF", "2025-H1", "creation", None, "withdrawn_after_submit"),
        ("HF", "2025-H2", "creation", None, "draft_withdrawn"),
        ("AQ", "2025-H2", "suggestion", None, "not_adopted"),
        ("AQ", "2025-H1", "innovation", None, "implemented"),
        ("TL", "2025-H2", "innovation", None, "draft"),
    ]
    sids = []
    for unit, period, category, proposers, end in plan:
        extra = {"proposers": proposers} if proposers else {}
        sid = flow.draft(cid, unit=unit, period=period, category=category, **extra)
        sids.append(sid)
        panel = ["R1", "R3", "R4"] if unit != "AQ" else ["R1", "R2", "R4"]
        if end == "awarded":
            flow.drive(cid, sid, "verified", benefit="125000.50", marks=[M, M, M], panel=panel)
        elif end == "rejected":
            flow.act(cid, sid, "submit", "employee")
            flow.act(cid, sid, "reject", reason="重复提交")
            flow.act(cid, sid, "archive")
        elif end == "withdrawn_after_submit":
            flow.act(cid, sid, "submit", "employee")
            flow.act(cid, sid, "accept")
            flow.act(cid, sid, "withdraw", "employee", reason="调岗")
        elif end == "draft_withdrawn":
            flow.act(cid, sid, "withdraw", "employee")
        elif end == "not_adopted":
            flow.drive(cid, sid, "under_review")
            flow.act(cid, sid, "decline", reason="效益不明显")
        elif end == "implemented":
            flow.drive(cid, sid, "implemented")
    flow.publish(cid)

    reported = flow.call("GET", f"/campaigns/{cid}/statistics", "finance", expect=200).json()
    assert reported == msgspec.to_builtins(_from_scratch(run, cid))

    total = reported["total"]
    assert (total["submitted"], total["accepted"], total["rejected"], total["adopted"], total["not_adopted"]) == (6, 5, 1, 3, 1)
    assert (total["implemented"], total["verified"], total["awarded"], total["withdrawn"]) == (3, 2, 2, 1)
    assert total["verified_benefit_yuan"] == "250001.00" and total["rewards_paid_fen"] == 300000
    # proposers: E1, E2 (default drafts) and H9 (HF); headcount 1200 + 800 + 600 + 40
    assert (total["proposers"], total["headcount"]) == (3, 2640)
    assert total["proposals_per_head"] == str((Decimal(6) / 2640).quantize(Decimal("0.0001")))
    tl, hf = reported["by_unit"]["TL"], reported["by_unit"]["HF"]
    assert (tl["submitted"], tl["proposers"], tl["participation_rate"]) == (3, 2, "0.0017")  # 2 / 1200
    assert (hf["submitted"], hf["proposers"], hf["headcount"]) == (1, 3, 800)  # E1 & E2 of the withdrawn one, H9 as co-proposer
    assert reported["by_unit"]["ZJ"]["submitted"] == 0 and reported["by_unit"]["ZJ"]["participation_rate"] == "0.0000"
    assert reported["by_period"]["2025-H1"]["awarded"] == 2 and reported["by_category"]["invention"]["rewards_paid_fen"] == 300000
    assert list(reported["by_campaign"]) == [flow.call("GET", f"/campaigns/{cid}", expect=200).json()["slug"]]


def test_statistics_of_an_empty_campaign(flow, run):
    cid = flow.campaign(score_prizes_json(), reviewers=False)
    reported = flow.call("GET", f"/campaigns/{cid}/statistics", expect=200).json()
    assert reported == msgspec.to_builtins(_from_scratch(run, cid))
    assert reported["total"]["submitted"] == 0 and reported["total"]["verified_benefit_yuan"] == "0.00"


def test_verified_by_is_recorded(flow):
    cid = flow.campaign(score_prizes_json())
    sid = flow.draft(cid)
    flow.drive(cid, sid, "verified", benefit="10")
    view = flow.call("GET", f"/campaigns/{cid}/submissions/{sid}", expect=200).json()
    assert view["verified_by"] == VERIFIER and view["history"][-1]["actor"] == "fin1"
