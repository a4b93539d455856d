"""Roles of the results import and the publish preview (issue 9 item 2), in the role matrix
of tests/api/roles.py: the organiser and the chief judge import a module's results; only
the organiser previews a publication (as only the organiser publishes)."""

from __future__ import annotations

import pytest
from httpx import Response

from tests.api.conftest import USERNAMES
from tests.api.roles import EVERY_ROLE, SETUP, STAFF, Case, Ctx, check_case
from tests.api.test_judging_fixtures import ok
from tests.api.test_roles_judging import _definition

pytestmark = pytest.mark.db

SHEET = "工号,姓名,成绩\nR1,甲选手,61\nR2,乙选手,62\n".encode()


def _import(c: Ctx, h: dict[str, str], key: str) -> Response:
    files = {"file": ("理论成绩.csv", SHEET, "text/csv")}
    return c.client.post(f"/contests/{c.cid}/events/welder/modules/theory/results/import", files=files, headers=h)


def _preview(c: Ctx, h: dict[str, str], key: str) -> Response:
    return c.client.get(f"/contests/{c.cid}/events/welder/publish/preview", headers=h)


CASES = [
    Case("POST results import", STAFF, 201, _import),
    Case("GET publish preview", SETUP, 200, _preview),
]


@pytest.fixture(scope="module")
def drawn_contest(client, headers) -> int:
    """One event, a one-seat theory panel (J1, the login "judge1") and the draw."""
    org = headers["organiser"]
    cid = ok(client.post("/contests", json=_definition(), headers=org), 201)["id"]
    for body in ({"code": "RU", "name": "参赛单位"}, {"code": "RJ", "name": "裁判单位"}):
        ok(client.post(f"/contests/{cid}/units", json=body, headers=org), 201)
    for no, name in (("R1", "甲选手"), ("R2", "乙选手")):
        ok(
            client.post(
                f"/contests/{cid}/competitors", json={"employee_no": no, "name": name, "unit": "RU", "event": "welder"}, headers=org
            ),
            201,
        )
    judge = {"code": "J1", "name": "裁判一", "unit": "RJ"}
    ok(client.post(f"/contests/{cid}/judges?username={USERNAMES['judge']}", json=judge, headers=org), 201)
    for module in ("theory", "practical"):
        ok(client.put(f"/contests/{cid}/events/welder/modules/{module}/panel", json={"judges": ["J1"]}, headers=org))
    ok(client.post(f"/contests/{cid}/events/welder/draw", json={"seed": "5ea1"}, headers=org), 201)
    return cid


@pytest.mark.parametrize("role", ("anonymous", *EVERY_ROLE))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_matrix(case: Case, role: str, client, headers, drawn_contest, row_counts):
    check_case(case, Ctx(client, headers["organiser"], drawn_contest, role), headers, row_counts)


def test_a_bad_sheet_is_a_409_row_report_and_writes_nothing(client, headers, drawn_contest, row_counts):
    before = row_counts()
    sheet = "工号,成绩\nR1,61\nR2,101\nR9,50\n".encode()
    files = {"file": ("理论成绩.csv", sheet, "text/csv")}
    url = f"/contests/{drawn_contest}/events/welder/modules/theory/results/import"
    refused = client.post(url, files=files, headers=headers["organiser"] | {"Idempotency-Key": "bad-sheet-1"})
    assert refused.status_code == 409 and refused.headers["content-type"].startswith("application/problem+json")
    assert [e["path"] for e in refused.json()["errors"]] == ["line 3.成绩", "line 4.工号"]
    assert row_counts() == before


def test_registering_after_the_draw_is_answered_with_a_warning(client, headers, drawn_contest):
    org = headers["organiser"]
    late = {"employee_no": "R3", "name": "丙选手", "unit": "RU", "event": "welder"}
    answer = ok(client.post(f"/contests/{drawn_contest}/competitors", json=late, headers=org), 201)
    warning = answer.pop("after_draw")
    assert answer == late | {"team": None}  # the competitor as before, plus the warning
    assert [c["employee_no"] for c in warning["competitors"]] == ["R3"] and warning["event_id"] == "welder"
    progress = ok(client.get(f"/contests/{drawn_contest}/events/welder/progress", headers=headers["chief_judge"]))
    assert [c["name"] for c in progress["after_draw"]["competitors"]] == ["丙选手"]
    preview = ok(client.get(f"/contests/{drawn_contest}/events/welder/publish/preview", headers=org))
    assert preview["ready"] is False and preview["after_draw"]["competitors"][0]["employee_no"] == "R3"
    assert {b["path"] for b in preview["blockers"]} >= {"event_id", "modules.theory", "modules.practical"}
