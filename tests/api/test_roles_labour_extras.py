"""Every issue-12 extra endpoint × every role: exports and statistics, evidence files on
reports, reopenings. Same rules as tests/api/test_roles_labour.py: allowed → the exact
success status; denied → 401/403 problem+json with no row written. The employee login is
the unit reporter of U1 (T1, T2, T3) in the shared competition."""

from __future__ import annotations

import datetime as dt

import pytest

from contests.attachments.local_disk import LocalDiskStore
from tests.api.labour_support import definition, on_day, report_body
from tests.api.roles import EVERY_ROLE, Call, Case, Ctx, check_case
from tests.attachments import files

pytestmark = pytest.mark.db

READERS = ("organiser", "employee", "viewer")
STATS = ("organiser", "viewer")
REPORTS = ("organiser", "employee")
ORG = ("organiser",)
ROLES = ("anonymous", *EVERY_ROLE)
L = "/labour/{cid}"
E = L + "/reports/{key}/evidence"


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def upload(method: str, path: str) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str):
        return c.client.request(method, path.format(cid=c.cid, key=key), files={"file": ("台账.txt", files.TEXT, "text/plain")}, headers=h)

    return call


def _attached_report(ctx: Ctx) -> str:
    """A report of a U1 team in a competition of its own, with one evidence file."""
    org = ctx.organiser
    cid = ctx.client.post("/labour", json=definition(), headers=org).json()["id"]
    assert ctx.client.post(f"/labour/{cid}/reporters", json={"username": "emp1", "unit": "U1"}, headers=org).status_code == 201
    response = ctx.client.post(f"/labour/{cid}/reports", json=report_body("T1", "2026-01", 100, 0), headers=org)
    assert response.status_code == 201, response.text
    rid = response.json()["id"]
    sent = ctx.client.post(f"/labour/{cid}/reports/{rid}/evidence/", files={"file": ("a.txt", files.TEXT, "text/plain")}, headers=org)
    assert sent.status_code == 201, sent.text
    return f"{cid}/reports/{rid}"


def _refusing(ctx: Ctx) -> str:
    """A competition of its own that refuses late reports."""
    response = ctx.client.post("/labour", json=definition({"action": "refuse"}), headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _reopen(c: Ctx, h: dict[str, str], key: str):
    body = {"participant": "T1", "period": "2026-01", "reason": "系统故障补报"}
    return c.client.post(f"/labour/{key}/reopenings", json=body, headers=h)


CASES = [
    Case("GET period standings.json", READERS, 200, get(L + "/periods/2026-01/standings.json")),
    Case("GET period standings.csv", READERS, 200, get(L + "/periods/2026-01/standings.csv")),
    Case("GET period standings.xlsx", READERS, 200, get(L + "/periods/2026-01/standings.xlsx")),
    Case("GET annual standings.json", READERS, 200, get(L + "/standings.json")),
    Case("GET annual standings.csv", READERS, 200, get(L + "/standings.csv")),
    Case("GET annual standings.xlsx", READERS, 200, get(L + "/standings.xlsx")),
    Case("GET statistics", STATS, 200, get(L + "/statistics")),
    Case("GET statistics.csv", STATS, 200, get(L + "/statistics.csv?table=vetoes")),
    Case("GET statistics.xlsx", STATS, 200, get(L + "/statistics.xlsx")),
    Case("POST reports/{id}/evidence", REPORTS, 201, upload("POST", "/labour/{key}/evidence/"), _attached_report),
    Case("PUT reports/{id}/evidence/{n}", REPORTS, 201, upload("PUT", "/labour/{key}/evidence/1"), _attached_report),
    Case("GET reports/{id}/evidence", REPORTS, 200, get("/labour/{key}/evidence"), _attached_report),
    Case("GET reports/{id}/evidence/{n}", REPORTS, 200, get("/labour/{key}/evidence/1"), _attached_report),
    Case("POST reopenings", ORG, 201, _reopen, _refusing),
    Case("GET reopenings", ORG, 200, get(L + "/reopenings")),
]  # fmt: skip


@pytest.fixture(scope="module")
def competition(client, headers, tmp_path_factory) -> int:
    client.app.state.attachment_store = LocalDiskStore(tmp_path_factory.mktemp("evidence"))
    org = headers["organiser"]
    cid = client.post("/labour", json=definition(), headers=org).json()["id"]
    assert client.post(f"/labour/{cid}/reporters", json={"username": "emp1", "unit": "U1"}, headers=org).status_code == 201
    plan = {"participant": "T1", "period": "2026-01", "plans": {"output": 100}}
    assert client.post(f"/labour/{cid}/plans", json=plan, headers=org).status_code == 201
    report = client.post(f"/labour/{cid}/reports", json=report_body("T1", "2026-01", 104, 1), headers=org).json()
    assert client.post(f"/labour/{cid}/reports/{report['id']}/verify", headers=org).status_code == 200
    return cid


@pytest.fixture(autouse=True)
def _late_day(monkeypatch):
    on_day(monkeypatch, dt.date(2026, 2, 20))  # after January's deadline: reopening has something to reopen


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_labour_extras_role_matrix(case: Case, role: str, client, headers, competition, row_counts):
    check_case(case, Ctx(client, headers["organiser"], competition, role), headers, row_counts)
