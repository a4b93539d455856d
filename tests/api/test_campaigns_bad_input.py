"""Bad input to the campaign endpoints: a precise 4xx problem+json naming the field, never a
500, and nothing written."""

from __future__ import annotations

import pytest

from tests.api.campaigns_support import Flow, score_prizes_json

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


@pytest.fixture(scope="module")
def cid(flow) -> int:
    return flow.campaign(score_prizes_json())


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.mark.parametrize(
    ("method", "path", "role", "status", "where"),
    [
        ("GET", "/campaigns/2147483648", "organiser", 400, "campaign_id"),
        ("GET", "/campaigns/0/units", "organiser", 400, "campaign_id"),
        ("GET", "/campaigns/2147483647", "organiser", 404, "campaign_id"),
        ("GET", "/campaigns/{cid}/submissions/2147483648", "organiser", 400, "submission_id"),
        ("GET", "/campaigns/{cid}/submissions/2147483647", "finance", 404, "submission_id"),
        ("GET", "/campaigns/{cid}/submissions?state=lost", "organiser", 400, "state"),
        ("GET", "/campaigns/{cid}/audit?limit=0", "organiser", 400, "limit"),
        ("GET", "/public/campaigns/{cid}/awards.csv?lang=fr", "organiser", 400, "lang"),
        ("GET", "/public/campaigns/{cid}/awards.json", "organiser", 404, "campaign_id"),
    ],
)
def test_bad_paths_and_queries(flow, cid, method, path, role, status, where):
    body = _problem(flow.call(method, path.format(cid=cid), role), status)
    assert where in body["errors"][0]["path"], body


def test_bad_bodies_name_the_field_and_write_nothing(flow, cid, row_counts):
    before = row_counts()
    draft = flow.draft_json(cid)
    cases = [
        ("POST", f"/campaigns/{cid}/submissions", "employee", {**draft, "owner": "someone-else"}, 400, "owner"),
        ("POST", f"/campaigns/{cid}/submissions", "employee", {**draft, "claimed_benefit_yuan": 120000}, 400, "claimed_benefit_yuan"),
        ("POST", f"/campaigns/{cid}/submissions", "employee", {**draft, "proposers": []}, 400, "proposers"),
        ("POST", f"/campaigns/{cid}/submissions", "employee", {**draft, "category": "poem"}, 400, "category"),
        ("POST", f"/campaigns/{cid}/submissions/1/transitions", "organiser", {"action": "dance"}, 400, "action"),
        ("POST", f"/campaigns/{cid}/units", "organiser", {"code": "A B", "name": "x"}, 400, "code"),
        ("POST", f"/campaigns/{cid}/units", "organiser", {"code": "TL", "name": "重复"}, 409, "code"),
        ("POST", f"/campaigns/{cid}/reviewers", "organiser", {"code": "R1", "name": "重复", "unit": "ZJ"}, 409, "code"),
        ("PUT", f"/campaigns/{cid}/units/TL", "organiser", {"code": "TL2", "name": "改码"}, 409, "code"),
        ("POST", f"/campaigns/{cid}/reviews/NOCODE/scores", "reviewer", {"marks": {"value": "high"}}, 400, "marks"),
    ]
    for method, path, role, body, status, where in cases:
        problem = _problem(flow.call(method, path, role, json=body), status)
        assert any(where in e["path"] for e in problem["errors"]), (path, problem)
    assert row_counts() == before


def test_a_campaign_breaking_rules_is_refused_with_every_problem(flow, row_counts):
    before = row_counts()
    body = score_prizes_json(panel_size=5)  # 5 reviewers with a plain mean
    body["grading"]["score_thresholds"] = [{"grade": 1, "min_score": 15}, {"grade": 2, "min_score": 18}, {"grade": 3, "min_score": 25}]
    problem = _problem(flow.call("POST", "/campaigns", json=body), 409)
    paths = {e["path"] for e in problem["errors"]}
    assert {"rubric.aggregation", "grading.score_thresholds[1].min_score", "grading.score_thresholds[2].min_score"} <= paths
    assert row_counts() == before
    flow.call("POST", "/campaigns", json=dict(score_prizes_json(), id="Bad Id"), expect=400)
