"""Two campaign guards of issue 10 (items 11 and 12), over HTTP:
- a reviewer's unit must be one of the campaign's units: a typo would silently switch off
  the own-unit conflict check, so it is refused with 409 naming `unit`, and nothing is stored;
- a draft cannot be edited once the campaign's award list is published (the round is closed).
"""

from __future__ import annotations

import pytest

from tests.api.campaigns_support import Flow, score_prizes_json

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


def test_a_reviewer_of_a_unit_that_is_not_in_the_campaign_is_refused(flow):
    cid = flow.campaign(score_prizes_json(), reviewers=False)
    before = flow.call("GET", f"/campaigns/{cid}/reviewers", expect=200).json()
    refused = flow.call("POST", f"/campaigns/{cid}/reviewers", json={"code": "RT", "name": "专家", "unit": "ZJX"}, expect=409)
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [e["path"] for e in refused.json()["errors"]] == ["unit"] and "'ZJX' is not a unit of this campaign" in refused.text
    assert flow.call("GET", f"/campaigns/{cid}/reviewers", expect=200).json() == before
    flow.call("POST", f"/campaigns/{cid}/reviewers", json={"code": "RT", "name": "专家", "unit": "ZJ"}, expect=201)


def test_a_draft_cannot_be_edited_after_the_award_list_is_published(flow):
    cid = flow.campaign(score_prizes_json())
    sid = flow.draft(cid)
    flow.call("PUT", f"/campaigns/{cid}/submissions/{sid}", "employee", json=flow.draft_json(cid, title="改进前"), expect=200)
    flow.publish(cid)  # nothing verified: an empty list, but the round is closed
    edit = flow.call("PUT", f"/campaigns/{cid}/submissions/{sid}", "employee", json=flow.draft_json(cid, title="发布后修改"), expect=409)
    assert "is published" in edit.json()["detail"]
    assert flow.call("GET", f"/campaigns/{cid}/submissions/{sid}", expect=200).json()["submission"]["title"] == "改进前"
