"""Every campaign endpoint × every role (organiser, chief judge, judge, viewer, employee,
reviewer, finance, anonymous).

Allowed: the exact success status (each call is valid and works on a record of its own).
Denied: 401 for anonymous, 403 for a signed-in role (by the guard, or by the workflow for a
role the guard lets through but the action is not theirs: the owner accepting their own
submission), as problem+json, and no row written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from httpx import Response

from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.roles import EVERY_ROLE, PUBLIC, Call, Case, Ctx, check_case

pytestmark = pytest.mark.db

ORG = ("organiser",)
READERS = ("organiser", "employee", "reviewer", "finance")
SUBMISSION_READERS = ("organiser", "employee", "finance")
MONEY = ("organiser", "finance")
EMPLOYEE = ("employee",)
REVIEWER = ("reviewer",)
ROLES = ("anonymous", *EVERY_ROLE)

_FLOW: list[Flow] = []  # set by the `campaign` fixture: setups drive records as the right roles


def flow() -> Flow:
    return _FLOW[0]


C = "/campaigns/{cid}"
S = C + "/submissions/{key}"


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def send(method: str, path: str, body: Callable[[Ctx, str], dict] | None = None) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str) -> Response:
        return c.client.request(method, path.format(cid=c.cid, key=key), json=body(c, key) if body else None, headers=h)

    return call


# ---------------------------------------------------------------- setups: each makes its own record


def _unit(ctx: Ctx) -> str:
    code = ctx.key("U")
    flow().call("POST", f"/campaigns/{ctx.cid}/units", json={"code": code, "name": "新单位", "headcount": 10}, expect=201)
    return code


def _draft(ctx: Ctx) -> str:
    return str(flow().draft(ctx.cid))


def _submitted(ctx: Ctx) -> str:
    sid = flow().draft(ctx.cid)
    flow().act(ctx.cid, sid, "submit", "employee")
    return str(sid)


def _accepted(ctx: Ctx) -> str:
    sid = int(_submitted(ctx))
    flow().act(ctx.cid, sid, "accept")
    return str(sid)


def _under_review(ctx: Ctx) -> str:
    sid = int(_accepted(ctx))
    flow().panel(ctx.cid, sid, ["R1", "R3", "R4"])
    flow().act(ctx.cid, sid, "start_review")
    return flow().blind_code(ctx.cid, sid)


def _fresh_campaign(ctx: Ctx) -> str:
    return str(flow().campaign(score_prizes_json(), units=False, reviewers=False))


@cache
def _published_id() -> int:
    f = flow()
    cid = f.campaign(score_prizes_json())
    sid = f.draft(cid)
    m = {"value": 8, "novelty": 6, "effect": 6}
    f.drive(cid, sid, "verified", benefit="100", marks=[m, m, m], panel=["R1", "R3", "R4"])
    f.publish(cid)
    return cid


def _published(ctx: Ctx) -> str:
    return str(_published_id())


def _new_version(ctx: Ctx, h, _) -> Response:
    body = ctx.client.get(f"/campaigns/{ctx.cid}", headers=ctx.organiser).json()["definition"]
    body["name_en"] = f"version by {ctx.role}"
    return ctx.client.post(f"/campaigns/{ctx.cid}/versions", json=body, headers=h)


def _draft_body(c: Ctx, _: str) -> dict:
    return flow().draft_json(c.cid)


P = "/public/campaigns/{key}/awards"

CASES = [
    Case("POST /campaigns", ORG, 201, lambda c, h, _: c.client.post("/campaigns", json=score_prizes_json(), headers=h)),
    Case("GET /campaigns", READERS, 200, get("/campaigns")),
    Case("GET /campaigns/{id}", READERS, 200, get(C + "?version=1")),
    Case("POST /campaigns/{id}/versions", ORG, 201, _new_version),
    Case("GET campaign units", ("organiser", "employee", "finance"), 200, get(C + "/units")),
    Case("POST campaign units", ORG, 201, send("POST", C + "/units", lambda c, _: {"code": c.key("NU"), "name": "新单位", "headcount": 5})),
    Case(
        "PUT campaign units/{code}",
        ORG,
        200,
        send("PUT", C + "/units/{key}", lambda c, k: {"code": k, "name": "改名", "headcount": 9}),
        _unit,
    ),
    Case("GET reviewers", ORG, 200, get(C + "/reviewers")),
    Case("POST reviewers", ORG, 201, send("POST", C + "/reviewers", lambda c, _: {"code": c.key("NR"), "name": "新专家", "unit": "ZJ"})),
    Case("GET campaign audit", ORG, 200, get(C + "/audit")),
    Case("GET statistics", MONEY, 200, get(C + "/statistics")),
    Case("POST submissions", EMPLOYEE, 201, send("POST", C + "/submissions", _draft_body)),
    Case("GET submissions", SUBMISSION_READERS, 200, get(C + "/submissions")),
    Case("GET submissions/{id}", SUBMISSION_READERS, 200, get(S), _draft),
    Case("PUT submissions/{id}", EMPLOYEE, 200, send("PUT", S, _draft_body), _draft),
    Case("POST transitions (accept)", ORG, 200, send("POST", S + "/transitions", lambda c, _: {"action": "accept"}), _submitted),
    Case("PUT panel", ORG, 200, send("PUT", S + "/panel", lambda c, _: {"reviewers": ["R1", "R3", "R4"]}), _accepted),
    Case("GET scores", ORG, 200, get(S + "/scores"), _accepted),
    Case("GET reviews", REVIEWER, 200, get(C + "/reviews")),
    Case(
        "POST reviews/{code}/scores",
        REVIEWER,
        201,
        send("POST", C + "/reviews/{key}/scores", lambda c, _: {"marks": {"value": 7, "novelty": 5, "effect": 5}}),
        _under_review,
    ),
    Case("GET awards", MONEY, 200, get(C + "/awards")),
    Case("GET awards.xlsx", MONEY, 200, get(C + "/awards.xlsx")),
    Case("POST awards/publish", ORG, 201, send("POST", "/campaigns/{key}/awards/publish"), _fresh_campaign),
    Case("GET public awards page", PUBLIC, 200, get(P), _published),
    Case("GET public awards.json", PUBLIC, 200, get(P + ".json"), _published),
    Case("GET public awards.csv", PUBLIC, 200, get(P + ".csv"), _published),
    Case("GET public awards.xlsx", PUBLIC, 200, get(P + ".xlsx"), _published),
]


@pytest.fixture(scope="module")
def campaign(client, headers, run) -> int:
    _FLOW[:] = [Flow.signed_in(client, headers, run)]
    _published_id.cache_clear()
    return flow().campaign(score_prizes_json())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_campaign_role_matrix(case: Case, role: str, client, headers, campaign, row_counts):
    ctx = Ctx(client, headers["organiser"], campaign, role)
    check_case(case, ctx, headers, row_counts)
