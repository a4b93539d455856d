"""The submission workflow through the HTTP API, enumerated from the domain's declared table
(`contests.campaigns.workflow.TABLE`):

- every (state, action) pair the table does not have is refused with 409, naming the
  current state and the allowed actions, and changes nothing;
- every pair it has works (with the role and payload the table asks for) and leads to the
  table's next state; every other role is refused with 403;
- payload rules (a reason to reject, who verified) are 409s; employees see only their own
  submissions and edit only drafts; every transition is audited.
"""

from __future__ import annotations

import pytest

from contests.campaigns.workflow import ACTIONS, STATES, TABLE, allowed_actions
from tests.api.campaigns_support import VERIFIER, Flow, json_1986

pytestmark = pytest.mark.db

# how to reach each state from a fresh draft: (action, role, payload) steps
_REASON = {"reason": "不符合立项条件"}
_VERIFY = {"verified_benefit_yuan": "0", "verified_by": VERIFIER}
_TO_REVIEW = [("submit", "employee", {}), ("accept", "organiser", {}), ("start_review", "organiser", {})]
_TO_ADOPTED = [*_TO_REVIEW, ("adopt", "organiser", {})]
_TO_IMPLEMENTED = [*_TO_ADOPTED, ("implement", "organiser", {})]
ROUTES = {
    "draft": [],
    "submitted": [("submit", "employee", {})],
    "accepted": _TO_REVIEW[:2],
    "rejected": [("submit", "employee", {}), ("reject", "organiser", _REASON)],
    "under_review": _TO_REVIEW,
    "adopted": _TO_ADOPTED,
    "not_adopted": [*_TO_REVIEW, ("decline", "organiser", _REASON)],
    "in_trial": [*_TO_ADOPTED, ("start_trial", "organiser", {})],
    "implemented": _TO_IMPLEMENTED,
    "verified": [*_TO_IMPLEMENTED, ("verify", "finance", _VERIFY)],
    "archived": [("submit", "employee", {}), ("reject", "organiser", _REASON), ("archive", "organiser", {})],
    "withdrawn": [("withdraw", "employee", {})],
}
# the payload each action needs; the caller for each workflow role
PAYLOADS = {"reject": _REASON, "decline": _REASON, "abandon": _REASON, "verify": {**_VERIFY, "verified_benefit_yuan": "150000"}}
CALLER = {"proposer": "employee", "organiser": "organiser", "finance": "finance"}
WORKFLOW_ROLES = ("employee", "organiser", "finance")


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


def _walk(flow: Flow, cid: int, sid: int, state: str) -> None:
    if state != "awarded":
        for action, role, payload in ROUTES[state]:
            flow.act(cid, sid, action, role, **payload)
    assert flow.state(cid, sid) == state


@pytest.fixture(scope="module")
def one_in_every_state(flow) -> tuple[int, dict[str, int]]:
    """A published 1986 campaign holding one submission in each of the 13 states: "verified"
    has no benefit (no grade, so publishing leaves it verified), "awarded" has 250,000 yuan."""
    cid = flow.campaign(json_1986())
    sids = {state: flow.draft(cid) for state in [*ROUTES, "awarded"]}
    for state, sid in sids.items():
        if state != "awarded":
            _walk(flow, cid, sid, state)
    _walk(flow, cid, sids["awarded"], "implemented")
    flow.act(cid, sids["awarded"], "verify", "finance", verified_benefit_yuan="250000", verified_by=VERIFIER)
    flow.act(cid, sids["awarded"], "award", expect=409)  # awards come from publishing the list
    published = flow.publish(cid)
    assert [int(e["submission"]) for e in published["award_list"]["entries"]] == [sids["awarded"]]
    return cid, sids


def test_every_state_is_reached_through_the_api(flow, one_in_every_state):
    cid, sids = one_in_every_state
    assert {state: flow.state(cid, sid) for state, sid in sids.items()} == {s: s for s in STATES}


@pytest.mark.parametrize("state", STATES)
def test_every_invalid_transition_is_refused_with_409(flow, one_in_every_state, row_counts, state):
    cid, sids = one_in_every_state
    sid = sids[state]
    invalid = [a for a in ACTIONS if (state, a) not in TABLE]
    assert invalid, state
    before = row_counts()
    for action in invalid:
        payload = PAYLOADS.get(action, {})
        for role in ("organiser", "employee"):
            response = flow.act(cid, sid, action, role, expect=409, **payload)
            body = response.json()
            assert response.headers["content-type"].startswith("application/problem+json")
            assert body["type"] == "/problems/transition-refused" and body["errors"][0]["path"] == "action"
            allowed = ", ".join(allowed_actions(state)) or "none (final state)"
            assert body["errors"][0]["rule"] == f"{action!r} is not allowed in state {state!r}; allowed: {allowed}"
    assert flow.state(cid, sid) == state
    assert row_counts() == before, "a refused transition wrote something"


@pytest.fixture(scope="module")
def open_campaign(flow) -> int:
    return flow.campaign(json_1986())


@pytest.mark.parametrize(("state", "action"), sorted(TABLE), ids=[f"{s}-{a}" for s, a in sorted(TABLE)])
def test_every_table_row_works_for_its_role_only(flow, open_campaign, row_counts, state, action):
    cid = open_campaign
    step = TABLE[(state, action)]
    if state == "awarded":  # reached by publishing, which closes the campaign: a campaign of its own
        cid = flow.campaign(json_1986())
        sid = flow.draft(cid)
        _walk(flow, cid, sid, "implemented")
        flow.act(cid, sid, "verify", "finance", verified_benefit_yuan="10000", verified_by=VERIFIER)
        flow.publish(cid)
    else:
        sid = flow.draft(cid)
    _walk(flow, cid, sid, state)
    payload = PAYLOADS.get(action, {})
    allowed = {CALLER[r] for r in step.roles}
    before = row_counts()
    for role in WORKFLOW_ROLES:
        if role not in allowed:
            response = flow.act(cid, sid, action, role, expect=403, **payload)
            assert response.json()["errors"][0]["path"] == "actor_role"
    assert row_counts() == before
    if action == "award":
        response = flow.act(cid, sid, action, "organiser", expect=409)
        assert "publish" in response.json()["detail"]
        return
    (role,) = allowed
    view = flow.act(cid, sid, action, role, **payload).json()
    assert view["state"] == step.next
    last = view["history"][-1]
    assert (last["action"], last["from_state"], last["to_state"]) == (action, state, step.next)
    assert last["actor_role"] == next(r for r in step.roles)


def test_archive_after_award(flow):
    cid = flow.campaign(json_1986())
    sid = flow.draft(cid)
    _walk(flow, cid, sid, "implemented")
    flow.act(cid, sid, "verify", "finance", verified_benefit_yuan="10000", verified_by=VERIFIER)
    flow.publish(cid)
    assert flow.state(cid, sid) == "awarded"
    view = flow.act(cid, sid, "archive").json()
    assert view["state"] == "archived" and view["award"]["grade"] == 4 and view["allowed_actions"] == []


@pytest.mark.parametrize(
    ("state", "action", "payload", "path", "rule"),
    [
        ("submitted", "reject", {}, "payload.reason", "'reject' requires reason"),
        ("submitted", "reject", {"reason": "   "}, "payload.reason", "must not be blank"),
        ("submitted", "accept", {"verified_by": VERIFIER}, "payload.verified_by", "'accept' does not take verified_by"),
        ("implemented", "verify", {"verified_benefit_yuan": "100"}, "payload.verified_by", "'verify' requires verified_by"),
        ("under_review", "decline", {}, "payload.reason", "'decline' requires reason"),
    ],
)
def test_payload_rules_are_409(flow, open_campaign, state, action, payload, path, rule):
    cid = open_campaign
    sid = flow.draft(cid)
    _walk(flow, cid, sid, state)
    role = CALLER[TABLE[(state, action)].roles[0]]
    body = flow.act(cid, sid, action, role, expect=409, **payload).json()
    assert {"path": path, "rule": rule} in body["errors"]
    assert flow.state(cid, sid) == state


def test_money_is_exact_text_in_yuan(flow, open_campaign):
    cid = open_campaign
    sid = flow.draft(cid)
    _walk(flow, cid, sid, "implemented")
    for bad in ("1e5", "0.001", "-5", "1,000", " 5", "NaN", 5):
        flow.act(cid, sid, "verify", "finance", expect=400, verified_benefit_yuan=bad, verified_by=VERIFIER)
    view = flow.act(cid, sid, "verify", "finance", verified_benefit_yuan="943000.10", verified_by=VERIFIER).json()
    assert (view["verified_benefit_yuan"], view["verified_by"]) == ("943000.10", VERIFIER)
    assert view["history"][-1]["actor"] == "fin1"


def test_employees_see_and_edit_only_their_own_drafts(flow, open_campaign):
    cid = open_campaign
    mine = flow.draft(cid)
    theirs = flow.draft(cid, employee="employee2")
    listed = {s["id"] for s in flow.call("GET", f"/campaigns/{cid}/submissions", "employee", expect=200).json()}
    assert mine in listed and theirs not in listed
    assert {s["owner"] for s in flow.call("GET", f"/campaigns/{cid}/submissions", "employee", expect=200).json()} == {"emp1"}
    flow.call("GET", f"/campaigns/{cid}/submissions/{theirs}", "employee", expect=404)
    flow.act(cid, theirs, "submit", "employee", expect=404)
    flow.call("PUT", f"/campaigns/{cid}/submissions/{theirs}", "employee", json=flow.draft_json(cid), expect=404)
    everything = {s["id"] for s in flow.call("GET", f"/campaigns/{cid}/submissions", "finance", expect=200).json()}
    assert {mine, theirs} <= everything
    # the employee sees no blind code; the organiser does
    assert flow.call("GET", f"/campaigns/{cid}/submissions/{mine}", "employee", expect=200).json()["blind_code"] is None
    assert flow.call("GET", f"/campaigns/{cid}/submissions/{mine}", expect=200).json()["blind_code"]
    # edit while a draft, then no more
    edited = flow.call(
        "PUT", f"/campaigns/{cid}/submissions/{mine}", "employee", json=flow.draft_json(cid, title="改进后的标题", unit="HF"), expect=200
    )
    assert edited.json()["submission"]["title"] == "改进后的标题" and edited.json()["submission"]["unit"] == "HF"
    assert edited.json()["allowed_actions"] == ["submit", "withdraw"]
    flow.act(cid, mine, "submit", "employee")
    flow.call("PUT", f"/campaigns/{cid}/submissions/{mine}", "employee", json=flow.draft_json(cid), expect=409)
    filtered = flow.call("GET", f"/campaigns/{cid}/submissions?state=submitted", "organiser", expect=200).json()
    assert mine in {s["id"] for s in filtered} and {s["state"] for s in filtered} == {"submitted"}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"unit": "NOPE"}, "unit"),
        ({"category": "rationalisation", "period": "2024"}, "period"),
        (
            {
                "proposers": [
                    {"employee_no": "E1", "name": "张三", "share_bp": 5000},
                    {"employee_no": "E2", "name": "李四", "share_bp": 4999},
                ]
            },
            "proposers",
        ),
        ({"proposers": [{"employee_no": "E1", "name": "张三", "share_bp": 10000, "unit": "XX"}]}, "proposers[0].unit"),
    ],
)
def test_a_draft_that_does_not_fit_the_campaign_is_409(flow, open_campaign, row_counts, changes, path):
    before = row_counts()
    body = flow.call(
        "POST", f"/campaigns/{open_campaign}/submissions", "employee", json=flow.draft_json(open_campaign, **changes), expect=409
    ).json()
    assert path in [e["path"] for e in body["errors"]]
    assert row_counts() == before


def test_every_transition_is_audited(flow, open_campaign):
    cid = open_campaign
    sid = flow.draft(cid)
    _walk(flow, cid, sid, "verified")
    audit = flow.call("GET", f"/campaigns/{cid}/audit?limit=1000", expect=200).json()
    mine = [e for e in audit if e["entity_key"].endswith(f"/{sid}")]
    actions = [e["action"] for e in reversed(mine)]
    assert actions == ["submission.create", "submission.submit", "submission.accept", "submission.start_review",
                       "submission.adopt", "submission.implement", "submission.verify"]  # fmt: skip
    verify = mine[0]
    assert verify["actor"] == "fin1" and verify["before"] == {"state": "implemented"} and verify["after"]["state"] == "verified"
    assert verify["after"]["payload"] == {"verified_benefit_yuan": "0", "verified_by": VERIFIER}
