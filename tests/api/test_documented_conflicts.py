"""A read that can answer 409 says so in the OpenAPI document (issue 10 item 12: `GET
standings` answered an undocumented 409). Each case provokes the 409 over HTTP, then finds
409 among the operation's documented responses, with the problem+json body.
"""

from __future__ import annotations

import pytest

from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.conftest import new_contest

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/schema/openapi.json").json()


def _documented(spec: dict, path: str, method: str = "get") -> dict:
    return spec["paths"][path][method]["responses"]


def test_standings_before_the_draw_is_a_documented_409(client, headers, spec):
    cid = new_contest(client, headers["organiser"])
    answer = client.get(f"/contests/{cid}/events/welder/standings", headers=headers["organiser"])
    assert answer.status_code == 409 and answer.headers["content-type"].startswith("application/problem+json")
    documented = _documented(spec, "/contests/{contest_id}/events/{event_id}/standings")
    assert "application/problem+json" in documented["409"]["content"]


def test_an_award_preview_over_a_refuse_budget_is_a_documented_409(client, headers, run, spec):
    flow = Flow.signed_in(client, headers, run)
    cid = flow.campaign(score_prizes_json(budget={"pool_fen": 100, "rule": "refuse"}))
    sid = flow.draft(cid)
    marks = {"value": 8.0, "novelty": 6.0, "effect": 4.0}
    flow.drive(cid, sid, "verified", benefit="1", marks=[marks] * 3, panel=["R1", "R2", "R3"])
    for path in ("/campaigns/{campaign_id}/awards", "/campaigns/{campaign_id}/awards.xlsx"):
        assert flow.call("GET", path.format(campaign_id=cid), "finance").status_code == 409
        assert "application/problem+json" in _documented(spec, path)["409"]["content"], path
