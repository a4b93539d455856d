"""Roles of the paper endpoints (issue 14) in the role matrix of tests/api/roles.py: the
organiser prints results and certificates and revokes; organiser and finance print the
award list and the pay sheet; the chief judge prints the panel's marking sheets (a judge
only their own, and the matrix's judge sits on no panel here); anyone reads the public PDFs
and the certificate check. The contest's prize pay sheet is the organiser's and finance's,
its team results and all-events certificates the organiser's; the labour standings on paper
are read by the standings' readers (organiser, employee, viewer)."""

from __future__ import annotations

import re
from functools import cache

import pytest
from httpx import Response

from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.conftest import unique
from tests.api.roles import EVERY_ROLE, PUBLIC, Case, Ctx, check_case
from tests.api.test_judging_fixtures import close_and_publish, mark_electrician, mark_welder, ok, set_up_day
from tests.api.test_paper_more import with_prizes
from tests.api.test_roles_labour import definition as labour_definition
from tests.paper import poppler

pytestmark = [pytest.mark.db, poppler.needs_poppler]
ORG = ("organiser",)
MONEY = ("organiser", "finance")
CHIEF = ("chief_judge",)
LABOUR_READERS = ("organiser", "employee", "viewer")
_WORLD: dict[str, object] = {}  # set by the `world` fixture: the published contest and campaign


def _get(path: str):
    return lambda c, h, key: c.client.get(path.format(cid=_WORLD["cid"], kid=_WORLD["kid"], lid=_WORLD["lid"], key=key), headers=h)


def _post(path: str, body: dict | None = None):
    return lambda c, h, key: c.client.post(path.format(cid=_WORLD["cid"], kid=_WORLD["kid"], key=key), json=body, headers=h)


@cache
def _serial() -> str:
    """A certificate of the published campaign (issued once)."""
    flow: Flow = _WORLD["flow"]  # type: ignore[assignment]
    pdf = flow.call("POST", f"/campaigns/{_WORLD['kid']}/certificates.pdf", expect=200).content
    return re.search(r"ZS\d{4}-[A-Z0-9]{8}", poppler.text(pdf)).group(0)


def _certificate(ctx: Ctx) -> str:
    return _serial()


def _revoke(c: Ctx, h: dict[str, str], key: str) -> Response:
    return c.client.post(f"/certificates/{key}/revoke", json={"reason": f"撤销测试 {c.role}"}, headers=h)


CASES = [
    Case("GET paper results.pdf", ORG, 200, _get("/contests/{cid}/paper/results.pdf")),
    Case("POST contest certificates.pdf", ORG, 200, _post("/contests/{cid}/events/welder/certificates.pdf")),
    Case("GET paper marking sheets.pdf", CHIEF, 200, _get("/contests/{cid}/events/welder/modules/practical/paper/sheets.pdf")),
    Case("GET paper awards.pdf", MONEY, 200, _get("/campaigns/{kid}/paper/awards.pdf")),
    Case("GET paper pay-sheet.pdf", MONEY, 200, _get("/campaigns/{kid}/paper/pay-sheet.pdf")),
    Case("GET paper pay-sheet.xlsx", MONEY, 200, _get("/campaigns/{kid}/paper/pay-sheet.xlsx")),
    Case("POST campaign certificates.pdf", ORG, 200, _post("/campaigns/{kid}/certificates.pdf")),
    Case("POST certificates revoke", ORG, 200, _revoke, _certificate),
    Case("GET public certificate page", PUBLIC, 200, _get("/public/certificates/{key}"), _certificate),
    Case("GET public certificate check.json", PUBLIC, 200, _get("/public/certificates/{key}/check.json"), _certificate),
    Case("GET public results.pdf", PUBLIC, 200, _get("/public/contests/{cid}/results.pdf")),
    Case("GET public awards.pdf", PUBLIC, 200, _get("/public/campaigns/{kid}/awards.pdf")),
    Case("GET paper teams.pdf", ORG, 200, _get("/contests/{cid}/paper/teams.pdf")),
    Case("GET contest pay-sheet.pdf", MONEY, 200, _get("/contests/{cid}/paper/pay-sheet.pdf")),
    Case("GET contest pay-sheet.xlsx", MONEY, 200, _get("/contests/{cid}/paper/pay-sheet.xlsx")),
    Case("POST contest all certificates.pdf", ORG, 200, _post("/contests/{cid}/certificates.pdf")),
    Case("GET labour period standings.pdf", LABOUR_READERS, 200, _get("/labour/{lid}/paper/periods/2026-01/standings.pdf")),
    Case("GET labour annual standings.pdf", LABOUR_READERS, 200, _get("/labour/{lid}/paper/standings.pdf")),
]


@pytest.fixture(scope="module")
def world(client, run, headers) -> dict:
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    close_and_publish(day, "welder")
    slug = ok(client.get(f"/contests/{day.cid}", headers=headers["organiser"]))["slug"]
    ok(client.post(f"/contests/{day.cid}/versions", json=with_prizes(slug), headers=headers["organiser"]), 201)
    ok(client.post(day.url("welder", "publish"), headers=day.organiser), 201)  # priced: the pay sheet has lines
    mark_electrician(day)
    close_and_publish(day, "electrician")  # the event that ranks teams
    lid = ok(client.post("/labour", json=labour_definition(unique("paper")), headers=headers["organiser"]), 201)["id"]
    ok(client.post(f"/labour/{lid}/reporters", json={"username": "emp1", "unit": "U01"}, headers=headers["organiser"]), 201)
    flow = Flow.signed_in(client, headers, run)
    kid = flow.campaign(score_prizes_json())
    sid = flow.draft(kid)
    flow.drive(kid, sid, "verified", benefit="1000", marks=[{"value": 8.0, "novelty": 6.0, "effect": 4.0}] * 3, panel=["R1", "R2", "R3"])
    flow.publish(kid)
    _serial.cache_clear()
    _WORLD.update(cid=day.cid, kid=kid, lid=lid, flow=flow)
    return _WORLD


@pytest.mark.parametrize("role", ("anonymous", *EVERY_ROLE))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_paper_role_matrix(case: Case, role: str, client, headers, world, row_counts):
    check_case(case, Ctx(client, headers["organiser"], world["cid"], role), headers, row_counts)
