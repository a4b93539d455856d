"""Reviews through the HTTP API: panels with conflicts of interest enforced, blind views,
rubric marks checked by the engine, append-only score versions, and the panel's score
aggregated by the engine (a trimmed mean for five reviewers, checked against scipy)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from scipy.stats import trim_mean

from contests.campaigns.presets import INNOVATION_ASPECTS
from tests.api.campaigns_support import Flow, json_1986, score_prizes_json

pytestmark = pytest.mark.db

FULL = {"value": 8, "novelty": 6, "effect": 6}


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


@pytest.fixture(scope="module")
def cid(flow) -> int:
    cid = flow.campaign(score_prizes_json())
    body = {"code": "R9", "name": "张三的同事", "unit": "ZJ", "employee_no": "E1"}  # E1 proposes the default drafts
    flow.call("POST", f"/campaigns/{cid}/reviewers", json=body, expect=201)
    return cid


def _accepted(flow: Flow, cid: int, **changes) -> int:
    sid = flow.draft(cid, **changes)
    flow.act(cid, sid, "submit", "employee")
    flow.act(cid, sid, "accept")
    return sid


@pytest.mark.parametrize(
    ("panel", "changes", "path", "words"),
    [
        (["R1", "R2", "R9"], {}, "reviewers[2]", "is a proposer of submission"),
        (["R1", "R2", "R3"], {"unit": "HF"}, "reviewers[1]", "is from unit 'HF', a unit of submission"),
        (
            ["R1", "R2", "R3"],
            {
                "proposers": [
                    {"employee_no": "E7", "name": "陈七", "share_bp": 5000},
                    {"employee_no": "E8", "name": "林八", "unit": "AQ", "share_bp": 5000},
                ]
            },
            "reviewers[2]",
            "is from unit 'AQ'",
        ),  # a co-proposer's unit counts too
        (["R1", "R2"], {}, "reviewers", "the campaign's panels have 3 reviewers, this one has 2"),
        (["R1", "R2", "R2"], {}, "reviewers", "this one has 2"),
        (["R1", "R2", "NOBODY"], {}, "reviewers[2]", "unknown reviewer 'NOBODY'"),
    ],
)
def test_panels_enforce_conflicts_of_interest(flow, cid, row_counts, panel, changes, path, words):
    sid = _accepted(flow, cid, **changes)
    before = row_counts()
    body = flow.panel(cid, sid, panel, expect=409).json()
    assert any(e["path"] == path and words in e["rule"] for e in body["errors"]), body
    assert row_counts() == before


def test_panels_only_while_accepted_or_under_review_and_before_scores(flow, cid):
    sid = flow.draft(cid)
    flow.panel(cid, sid, ["R1", "R3", "R4"], expect=409)  # a draft
    flow.act(cid, sid, "submit", "employee")
    flow.act(cid, sid, "accept")
    assert flow.panel(cid, sid, ["R1", "R3", "R4"]).json() == {"submission_id": sid, "reviewers": ["R1", "R3", "R4"]}
    assert flow.panel(cid, sid, ["R4", "R3", "R1"]).json()["reviewers"] == ["R4", "R3", "R1"]  # replaced
    flow.act(cid, sid, "start_review")
    flow.score(cid, sid, "R4", FULL)
    assert "already has review scores" in flow.panel(cid, sid, ["R1", "R3", "R5"], expect=409).text


def test_blind_reviewers_see_codes_not_names(flow, cid, client):
    sid = _accepted(flow, cid, title="冷却塔节水改造")
    flow.panel(cid, sid, ["R1", "R3", "R4"])
    flow.act(cid, sid, "start_review")
    response = client.get(f"/campaigns/{cid}/reviews", headers=flow.reviewer["R1"])
    assert response.status_code == 200
    [task] = [t for t in response.json() if t["blind_view"]["title"] == "冷却塔节水改造"]
    assert task["blind"] is True and task["open"] is True and task["open_view"] is None
    assert task["code"] == flow.blind_code(cid, sid) and task["blind_view"]["code"] == task["code"]
    for secret in ("张三", "李四", "E1", "铜陵", '"TL"', "图纸", str(sid) + ","):
        assert secret not in response.text, secret
    # a reviewer not on the panel does not see it; one who is no reviewer of the campaign is refused
    assert all(t["code"] != task["code"] for t in client.get(f"/campaigns/{cid}/reviews", headers=flow.reviewer["R2"]).json())
    flow.score_code(cid, task["code"], "R2", FULL, expect=404)
    other = flow.campaign(score_prizes_json(), reviewers=False)
    assert client.get(f"/campaigns/{other}/reviews", headers=flow.reviewer["R1"]).status_code == 403


def test_open_review_shows_the_proposers(flow, client):
    cid = flow.campaign(score_prizes_json(blind_review=False))
    sid = _accepted(flow, cid)
    flow.panel(cid, sid, ["R1", "R3", "R4"])
    [task] = client.get(f"/campaigns/{cid}/reviews", headers=flow.reviewer["R3"]).json()
    assert task["blind"] is False and task["blind_view"] is None
    assert [p["name"] for p in task["open_view"]["proposers"]] == ["张三", "李四"] and task["open_view"]["unit"] == "TL"


@pytest.mark.parametrize(
    ("marks", "path", "words"),
    [
        ({"value": 9, "novelty": 6, "effect": 6}, "value", "9"),
        ({"value": 8, "novelty": 6, "effect": 6, "charm": 1}, "marks.charm", "unknown aspect 'charm'"),
        ({"value": 8, "novelty": 6}, "effect", "missing"),
    ],
)
def test_marks_are_checked_by_the_engine(flow, cid, row_counts, marks, path, words):
    sid = _accepted(flow, cid)
    flow.panel(cid, sid, ["R1", "R3", "R4"])
    flow.score(cid, sid, "R1", FULL, expect=409)  # not under review yet
    flow.act(cid, sid, "start_review")
    before = row_counts()
    body = flow.score(cid, sid, "R1", marks, expect=409).json()
    assert any(path in e["path"] and words in e["rule"] for e in body["errors"]), body
    assert row_counts() == before


def test_scores_are_versions_and_the_panel_score_waits_for_everyone(flow, cid):
    sid = _accepted(flow, cid)
    flow.panel(cid, sid, ["R1", "R3", "R4"])
    flow.act(cid, sid, "start_review")
    assert flow.score(cid, sid, "R1", {"value": 5, "novelty": 5, "effect": 5}).json()["version"] == 1
    assert flow.score(cid, sid, "R1", FULL).json()["version"] == 2
    flow.score(cid, sid, "R3", FULL)
    partial = flow.call("GET", f"/campaigns/{cid}/submissions/{sid}/scores", expect=200).json()
    assert partial["complete"] is False and partial["score"] is None
    assert [(p["reviewer"], p["version"]) for p in partial["panel"]] == [("R1", 2), ("R3", 1), ("R4", None)]
    flow.score(cid, sid, "R4", {"value": 7, "novelty": 5, "effect": 6})
    done = flow.call("GET", f"/campaigns/{cid}/submissions/{sid}/scores", expect=200).json()
    assert done["complete"] is True and done["score"] == "19.33"  # (20 + 20 + 18) / 3, half up
    assert [p["name"] for p in done["panel"]] == ["周评审", "郑评审", "王评审"]
    mine = [t for t in flow.client.get(f"/campaigns/{cid}/reviews", headers=flow.reviewer["R1"]).json() if t["my_version"] == 2]
    assert mine and mine[0]["my_marks"] == {"value": 8.0, "novelty": 6.0, "effect": 6.0}


def test_five_reviewers_trimmed_mean(flow):
    """RULES.md innovation rubric (out of 100) with a panel of 5 and the trimmed mean the
    campaign must use for 5+ reviewers: each aspect drops its highest and lowest mark."""
    cid = flow.campaign(json_1986())
    sid = _accepted(flow, cid)
    panel = ["R1", "R2", "R3", "R4", "R5"]
    flow.panel(cid, sid, panel)
    flow.act(cid, sid, "start_review")
    rng = np.random.default_rng(7)
    aspects = [a for a, _ in INNOVATION_ASPECTS] + ["economic_benefit"]
    marks = np.column_stack([rng.choice([5, 8, 10], size=5) for _ in INNOVATION_ASPECTS] + [rng.choice([15, 20, 30, 40], size=5)])
    for code, row in zip(panel, marks):
        flow.score(cid, sid, code, {a: float(v) for a, v in zip(aspects, row)})
    expected = Decimal(repr(float(sum(trim_mean(marks[:, k], 0.2) for k in range(marks.shape[1]))))).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    score = flow.call("GET", f"/campaigns/{cid}/submissions/{sid}/scores", expect=200).json()["score"]
    assert Decimal(score) == expected
