"""Every endpoint × every role (organiser, chief judge, judge, viewer, the campaign roles
employee / reviewer / finance, anonymous).

Allowed: the exact success status (each call is valid and uses keys of its own, so it
succeeds for every role let through). Denied: 401 for anonymous, 403 for a signed-in role,
as problem+json, and no row written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from httpx import Response

from tests.api.conftest import unique, welder_toml
from tests.api.roles import ALL, EVERY_ROLE, PUBLIC, SETUP, STAFF, Call, Case, Ctx, all_cases, check_case

pytestmark = pytest.mark.db


def _unit(ctx: Ctx) -> str:
    code = ctx.key("U")
    ctx.add("units", {"code": code, "name": f"单位{ctx.role}"})
    return code


def _team(ctx: Ctx) -> str:
    code = ctx.key("T")
    ctx.add("teams", {"code": code, "name": f"班组{ctx.role}", "unit": "TL"})
    return code


def _competitor(ctx: Ctx) -> str:
    no = ctx.key("C")
    ctx.add("competitors", {"employee_no": no, "name": "赵六", "unit": "TL", "event": "welder"})
    return no


def _judge(ctx: Ctx) -> str:
    code = ctx.key("J")
    ctx.add("judges", {"code": code, "name": "裁判", "unit": "HF"})
    return code


def _version(ctx: Ctx, h, _) -> Response:
    current = ctx.client.get(f"/contests/{ctx.cid}", headers=ctx.organiser).json()["definition"]
    current["name_en"] = f"version by {ctx.role}"
    return ctx.client.post(f"/contests/{ctx.cid}/versions", json=current, headers=h)


def _import(ctx: Ctx, h, _) -> Response:
    csv = f"工号,姓名,单位,赛项\n{ctx.key('I')},孙七,TL,welder\n".encode()
    return ctx.client.post(f"/contests/{ctx.cid}/competitors/import", files={"file": ("a.csv", csv)}, headers=h)


def _new_contest(ctx: Ctx, h, _) -> Response:
    body = welder_toml().replace(b'id = "welder-2026"', f'id = "{unique("m")}"'.encode(), 1)
    return ctx.client.post("/contests", content=body, headers={**h, "Content-Type": "application/toml"})


C = "/contests/{cid}"
PANEL = "/events/welder/modules/practical/panel"


def get(path: str) -> Call:
    return lambda c, h, key: c.client.get(path.format(cid=c.cid, key=key), headers=h)


def send(method: str, path: str, body: Callable[[Ctx, str], dict] | None = None) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str) -> Response:
        json = body(c, key) if body else None
        return c.client.request(method, path.format(cid=c.cid, key=key), json=json, headers=h)

    return call


CASES = [
    Case("GET /health", PUBLIC, 200, get("/health")),
    Case("GET /schema/openapi.json", PUBLIC, 200, get("/schema/openapi.json")),
    Case("GET /schema/swagger", PUBLIC, 200, get("/schema/swagger")),
    Case(
        "POST /auth/token",
        PUBLIC,
        200,
        lambda c, h, _: c.client.post("/auth/token", data={"username": "org", "password": "password-of-org"}),
    ),
    Case("GET /contests", ALL, 200, get("/contests")),
    Case("POST /contests", SETUP, 201, _new_contest),
    Case("GET /contests/{id}", ALL, 200, get(C + "?version=1")),
    Case("POST /contests/{id}/versions", SETUP, 201, _version),
    Case("GET units", STAFF, 200, get(C + "/units")),
    Case("POST units", SETUP, 201, send("POST", C + "/units", lambda c, _: {"code": c.key("NU"), "name": "新单位"})),
    Case("GET units/{code}", STAFF, 200, get(C + "/units/TL")),
    Case("PUT units/{code}", SETUP, 200, send("PUT", C + "/units/{key}", lambda c, k: {"code": k, "name": "改名"}), _unit),
    Case("DELETE units/{code}", SETUP, 204, send("DELETE", C + "/units/{key}"), _unit),
    Case("GET teams", STAFF, 200, get(C + "/teams")),
    Case("POST teams", SETUP, 201, send("POST", C + "/teams", lambda c, _: {"code": c.key("NT"), "name": "新班组", "unit": "HF"})),
    Case("GET teams/{code}", STAFF, 200, get(C + "/teams/TL-1")),
    Case("PUT teams/{code}", SETUP, 200, send("PUT", C + "/teams/{key}", lambda c, k: {"code": k, "name": "改名", "unit": "TL"}), _team),
    Case("DELETE teams/{code}", SETUP, 204, send("DELETE", C + "/teams/{key}"), _team),
    Case("GET competitors", STAFF, 200, get(C + "/competitors")),
    Case(
        "POST competitors",
        SETUP,
        201,
        send("POST", C + "/competitors", lambda c, _: {"employee_no": c.key("NC"), "name": "周八", "unit": "HF", "event": "welder"}),
    ),
    Case("GET competitors/{no}", STAFF, 200, get(C + "/competitors/E001")),
    Case(
        "PUT competitors/{no}",
        SETUP,
        200,
        send("PUT", C + "/competitors/{key}", lambda c, k: {"employee_no": k, "name": "赵六六", "unit": "HF", "event": "welder"}),
        _competitor,
    ),
    Case("DELETE competitors/{no}", SETUP, 204, send("DELETE", C + "/competitors/{key}"), _competitor),
    Case("POST competitors/import", SETUP, 201, _import),
    Case("GET competitors/template.xlsx", STAFF, 200, get(C + "/competitors/template.xlsx")),
    Case("GET judges", STAFF, 200, get(C + "/judges")),
    Case("POST judges", SETUP, 201, send("POST", C + "/judges", lambda c, _: {"code": c.key("NJ"), "name": "新裁判", "unit": "TL"})),
    Case("GET judges/{code}", STAFF, 200, get(C + "/judges/J1")),
    Case(
        "PUT judges/{code}",
        SETUP,
        200,
        send("PUT", C + "/judges/{key}?username=judge1", lambda c, k: {"code": k, "name": "改名", "unit": "TL"}),
        _judge,
    ),
    Case("DELETE judges/{code}", SETUP, 204, send("DELETE", C + "/judges/{key}"), _judge),
    Case("GET panels", STAFF, 200, get(C + "/panels")),
    Case("GET panel", STAFF, 200, get(C + PANEL)),
    Case("PUT panel", STAFF, 200, send("PUT", C + PANEL, lambda c, _: {"judges": ["J1", "J2", "J3", "J4", "J6"]})),
    Case("POST draw", STAFF, 201, send("POST", C + "/events/welder/draw")),
    Case("GET draw", STAFF, 200, get(C + "/events/welder/draw")),  # judges read no draw (issue 10: sealed names)
    Case(
        "POST draw/seal-breaks", ("chief_judge",), 201, send("POST", C + "/events/welder/draw/seal-breaks", lambda c, _: {"reason": "核对"})
    ),
    Case("GET audit", STAFF, 200, get(C + "/audit")),
]
ROLES = ("anonymous", *EVERY_ROLE)


@pytest.fixture(scope="module")
def drawn(client, headers, contest_id) -> int:
    response = client.post(f"/contests/{contest_id}/events/welder/draw", headers=headers["organiser"])
    assert response.status_code == 201, response.text
    return contest_id


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_matrix(case: Case, role: str, client, headers, drawn, row_counts):
    ctx = Ctx(client, headers["organiser"], drawn, role)
    check_case(case, ctx, headers, row_counts)


def test_every_route_is_in_the_matrix(client):
    """A new endpoint must be added to CASES (and so get a role decision)."""
    paths = client.get("/schema/openapi.json").json()["paths"]
    operations = {(m.upper(), p) for p, item in paths.items() for m in item}
    cases = [c for c in all_cases() if not c.name.startswith("GET /schema")]
    assert len(operations) == len(cases), sorted(operations)


def test_judges_see_codes_not_names(client, headers, drawn):
    # issue 10 changed the rule: before the lock nobody reads names in the draw (the chief judge
    # did), judges read no draw at all (403), and the names come only through a break of the seal
    blind = client.get(f"/contests/{drawn}/events/welder/draw", headers=headers["chief_judge"]).json()
    assert client.get(f"/contests/{drawn}/events/welder/draw", headers=headers["judge"]).status_code == 403
    named = client.post(f"/contests/{drawn}/events/welder/draw/seal-breaks", json={"reason": "核对"}, headers=headers["chief_judge"]).json()
    assert blind["seed"] is None and named["seed"] is not None
    assert all(a["name"] is None and a["employee_no"] is None and a["unit"] is None for a in blind["assignments"])
    assert {a["blind_code"] for a in blind["assignments"]} == {a["blind_code"] for a in named["assignments"]}
    assert "张三" not in str(blind) and "张三" in str(named)
