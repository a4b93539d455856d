"""Every endpoint of issue 11 item 5 and 7 × every role: the employee register, co-proposers'
share confirmations and the pay office's sheet. Same rules as test_roles_campaigns.py:
allowed → the exact success status; denied → 401/403 problem+json with no row written."""

from __future__ import annotations

from functools import cache

import pytest

from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.roles import EVERY_ROLE, Call, Case, Ctx, check_case

pytestmark = pytest.mark.db

ORG = ("organiser",)
MONEY = ("organiser", "finance")
REGISTER_READERS = ("organiser", "finance", "employee")
CONFIRMERS = ("organiser", "employee")  # the co-proposer (emp1 is 张三, E1), the organiser on paper
ROLES = ("anonymous", *EVERY_ROLE)

_FLOW: list[Flow] = []
C = "/campaigns/{cid}"


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def _named_draft(ctx: Ctx) -> str:
    """A draft by emp2 (周九) naming emp1 (张三) as a co-proposer, not yet confirmed."""
    flow = _FLOW[0]
    body = flow.draft_json(
        ctx.cid,
        proposers=[{"employee_no": "E90", "name": "周九", "share_bp": 7000}, {"employee_no": "E1", "name": "张三", "share_bp": 3000}],
    )
    return str(flow.call("POST", f"/campaigns/{ctx.cid}/submissions", "employee2", json=body, expect=201).json()["id"])


def _confirm(c: Ctx, h: dict[str, str], key: str):
    body = {"employee_no": "E1", "share_bp": 3000, "reason": "书面签字确认"}
    return c.client.post(f"/campaigns/{c.cid}/submissions/{key}/confirmations", json=body, headers=h)


def _register(c: Ctx, h: dict[str, str], _: str):
    return c.client.post(f"/campaigns/{c.cid}/employees", json={"employee_no": c.key("EN"), "name": "新员工", "unit": "TL"}, headers=h)


@cache
def _published_id() -> int:
    f = _FLOW[0]
    cid = f.campaign(score_prizes_json())
    sid = f.draft(cid)
    m = {"value": 8, "novelty": 6, "effect": 6}
    f.drive(cid, sid, "verified", benefit="100", marks=[m, m, m], panel=["R1", "R3", "R4"])
    f.publish(cid)
    return cid


def _published(ctx: Ctx) -> str:
    return str(_published_id())


P = "/campaigns/{key}/awards/pay"

CASES = [
    Case("POST campaign employees", ORG, 201, _register),
    Case("GET campaign employees", REGISTER_READERS, 200, get(C + "/employees")),
    Case("GET campaign employees/me", ("employee",), 200, get(C + "/employees/me")),
    Case("POST submissions/{id}/confirmations", CONFIRMERS, 201, _confirm, _named_draft),
    Case("GET submissions/{id}/confirmations", REGISTER_READERS, 200, get(C + "/submissions/{key}/confirmations"), _named_draft),
    Case("GET awards/pay.json", MONEY, 200, get(P + ".json"), _published),
    Case("GET awards/pay.csv", MONEY, 200, get(P + ".csv"), _published),
    Case("GET awards/pay.xlsx", MONEY, 200, get(P + ".xlsx"), _published),
]


@pytest.fixture(scope="module")
def campaign(client, headers, run) -> int:
    _FLOW[:] = [Flow.signed_in(client, headers, run)]
    _published_id.cache_clear()
    return _FLOW[0].campaign(score_prizes_json())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_campaign_people_role_matrix(case: Case, role: str, client, headers, campaign, row_counts):
    check_case(case, Ctx(client, headers["organiser"], campaign, role), headers, row_counts)
