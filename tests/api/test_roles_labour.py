"""Every labour-competition endpoint × every role (issue 12 item 3).

Allowed: the exact success status (each call works on a record of its own). Denied: 401 for
anonymous, 403 for a signed-in role, as problem+json, and no row written anywhere. The
employee login is the unit reporter of U01 (T-A) in the shared competition; another unit's
reports are 404 to it (tested in tests/db/test_labour_reports.py).
"""

from __future__ import annotations

import msgspec
import pytest

from contests.labour.definition import encode_labour
from contests.labour.presets import load_preset
from tests.api.conftest import unique
from tests.api.roles import EVERY_ROLE, Case, Ctx, check_case

pytestmark = pytest.mark.db

ORG = ("organiser",)
REPORTS = ("organiser", "employee")
READERS = ("organiser", "employee", "viewer")
ROLES = ("anonymous", *EVERY_ROLE)
L = "/labour/{cid}"
A_ACTUALS = {"output": 1062, "cost": 490000, "quality": 98.5, "safety": 1, "discipline": 0}
CSV = "班组编号,赛产量,赛成本,赛质量,赛安全,赛纪律,出勤率低于95%\nT-A,1062,490000,98.5,1,0,97\n".encode()


def definition(slug: str) -> dict:
    return msgspec.to_builtins(msgspec.json.decode(encode_labour(msgspec.structs.replace(load_preset("liusai"), id=slug))))


def get(path: str):
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def send(method: str, path: str, body=None):
    return lambda c, h, key: c.client.request(method, path.format(cid=c.cid, key=key), json=body(c, key) if body else None, headers=h)


def _fresh(ctx: Ctx) -> str:
    response = ctx.client.post("/labour", json=definition(ctx.key("ls")), headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _report(ctx: Ctx) -> str:
    """A fresh competition with a submitted report of T-A: "{competition}/reports/{report}"."""
    lid = _fresh(ctx)
    body = {"participant": "T-A", "period": "2026-01", "actuals": A_ACTUALS}
    response = ctx.client.post(f"/labour/{lid}/reports", json=body, headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return f"{lid}/reports/{response.json()['id']}"


def _own_report(ctx: Ctx) -> str:
    body = {"participant": "T-A", "period": "2026-02", "actuals": A_ACTUALS}
    response = ctx.client.post(f"/labour/{ctx.cid}/reports", json=body, headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _import(c: Ctx, h: dict[str, str], key: str):
    return c.client.post(f"/labour/{c.cid}/periods/2026-03/import?sheet=reports", files={"file": ("三月.csv", CSV, "text/csv")}, headers=h)


CASES = [
    Case("POST /labour", ORG, 201, lambda c, h, _: c.client.post("/labour", json=definition(unique("ls")), headers=h)),
    Case("GET /labour/{id}", READERS, 200, get(L)),
    Case("POST /labour/{id}/versions", ORG, 201, send("POST", "/labour/{key}/versions", lambda c, k: definition(c.client.get(f"/labour/{k}", headers=c.organiser).json()["slug"])), _fresh),
    Case("POST reporters", ORG, 201, send("POST", "/labour/{key}/reporters", lambda c, _: {"username": "emp1", "unit": "U02"}), _fresh),
    Case("POST plans", ORG, 201, send("POST", L + "/plans", lambda c, _: {"participant": "T-B", "period": "2026-03", "plans": {"output": 800}, "reason": "调整"})),
    Case("GET plans", ORG, 200, get(L + "/plans?participant=T-A&period=2026-01")),
    Case("POST marks", ORG, 201, send("POST", L + "/marks", lambda c, _: {"participant": "T-B", "period": "2026-01", "indicator": "spirit", "marks": [4, 5, 4], "reason": "复查"})),
    Case("POST reports", REPORTS, 201, send("POST", L + "/reports", lambda c, _: {"participant": "T-A", "period": "2026-02", "actuals": A_ACTUALS})),
    Case("GET reports", REPORTS, 200, get(L + "/reports")),
    Case("GET reports/{id}", REPORTS, 200, get(L + "/reports/{key}"), _own_report),
    Case("POST reports/{id}/verify", ORG, 200, send("POST", "/labour/{key}/verify"), _report),
    Case("POST reports/{id}/return", ORG, 200, send("POST", "/labour/{key}/return", lambda c, _: {"reason": "请核实产量"}), _report),
    Case("GET period standings", READERS, 200, get(L + "/periods/2026-01/standings")),
    Case("GET annual standings", READERS, 200, get(L + "/standings")),
    Case("POST period import", ORG, 201, _import),
]  # fmt: skip


@pytest.fixture(scope="module")
def competition(client, headers) -> int:
    org = headers["organiser"]
    response = client.post("/labour", json=definition(unique("liusai")), headers=org)
    assert response.status_code == 201, response.text
    lid = response.json()["id"]
    assert client.post(f"/labour/{lid}/reporters", json={"username": "emp1", "unit": "U01"}, headers=org).status_code == 201
    plan = {"participant": "T-A", "period": "2026-01", "plans": {"output": 1000, "cost": 500000}}
    assert client.post(f"/labour/{lid}/plans", json=plan, headers=org).status_code == 201
    return lid


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_labour_role_matrix(case: Case, role: str, client, headers, competition, row_counts):
    ctx = Ctx(client, headers["organiser"], competition, role)
    check_case(case, ctx, headers, row_counts)


def test_a_reporter_reads_only_their_own_unit(client, headers, competition):
    org, emp = headers["organiser"], headers["employee"]
    body = {"participant": "T-B", "period": "2026-01", "actuals": {**A_ACTUALS, "output": 760}}
    theirs = client.post(f"/labour/{competition}/reports", json=body, headers=org).json()["id"]
    assert client.get(f"/labour/{competition}/reports/{theirs}", headers=emp).status_code == 404
    refused = client.post(f"/labour/{competition}/reports", json=body, headers=emp)
    assert refused.status_code == 404 and refused.json()["errors"][0]["path"] == "participant"
    assert {r["participant"] for r in client.get(f"/labour/{competition}/reports", headers=emp).json()} <= {"T-A"}


def test_bad_input_is_a_problem_naming_field_and_rule(client, headers, competition):
    org = headers["organiser"]
    bad = client.post(
        f"/labour/{competition}/reports", json={"participant": "T-A", "period": "2026-01", "actuals": {"output": 1}}, headers=org
    )
    assert bad.status_code == 409 and {e["path"] for e in bad.json()["errors"]} >= {"actuals.cost", "actuals.safety"}
    broken = definition(unique("bad")) | {"periods": []}
    response = client.post("/labour", json=broken, headers=org)
    assert response.status_code == 409 and response.json()["errors"][0]["path"] == "periods"
