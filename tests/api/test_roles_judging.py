"""Every judging-day, results and public endpoint × every role (tests/api/roles.py).

Allowed: the exact success status. Denied: 401 for anonymous, 403 for a signed-in role, as
problem+json, and no row written anywhere. Roles follow the use-cases: the judge marks,
signs and reads their own sheet and marks; the chief judge locks, unlocks, decides appeals,
unblinds and reads sheets; organiser and chief judge read progress, locks, appeals,
provisional standings and analytics and file appeals; the organiser publishes; completion
times come from the chief judge or a panel judge; published results are public.

A small contest (one event, two one-aspect modules, the login "judge1" as judge J1 on both
panels, "chief" as the contest's chief judge) is built through the API in the state each
call needs: shared ones for reads, a fresh one where a call changes the state for good.
"""

from __future__ import annotations

from typing import Any

import pytest
from httpx import Response

from tests.api.conftest import USERNAMES, unique
from tests.api.roles import EVERY_ROLE, PUBLIC, SETUP, STAFF, Call, Case, Ctx, check_case
from tests.api.test_judging_fixtures import ok
from tests.factories.draws import seeded_codes

pytestmark = pytest.mark.db

SHEET_READERS = ("chief_judge", "judge")
HISTORY_READERS = ("organiser", "chief_judge", "judge")
CHIEF = ("chief_judge",)
JUDGE = ("judge",)
TIMEKEEPERS = ("chief_judge", "judge")

_SHARED: dict[str, Any] = {}  # filled by the `shared` fixture: headers, contests in each state, codes


def _definition() -> dict:
    def module(mid: str, weight: float) -> dict:
        aspect = {"kind": "measurement", "id": "mark", "name": "成绩", "max_marks": 100}
        criterion = {"id": "c", "name": "考核", "max_marks": 100, "aspects": [aspect]}
        return {"id": mid, "name": mid, "weight": weight, "scheme": {"criteria": [criterion]}}

    event = {"id": "welder", "name": "焊工", "modules": [module("theory", 30), module("practical", 70)]}
    return {"id": unique("roles"), "name": "权限测试竞赛", "year": 2026, "events": [event]}


STATES = ("drawn", "practical-marked", "marked", "signed", "locked", "unblinded", "published")


def make(state: str) -> int:
    """A fresh contest, set up through the API up to `state` (see STATES)."""
    c, h = _SHARED["client"], _SHARED["headers"]
    org, chief, judge = h["organiser"], h["chief_judge"], h["judge"]
    cid = ok(c.post("/contests", json=_definition(), headers=org), 201)["id"]
    e = f"/contests/{cid}/events/welder"
    for body in ({"code": "RU", "name": "参赛单位"}, {"code": "RJ", "name": "裁判单位"}):
        ok(c.post(f"/contests/{cid}/units", json=body, headers=org), 201)
    for no, name in (("R1", "甲选手"), ("R2", "乙选手")):
        ok(
            c.post(f"/contests/{cid}/competitors", json={"employee_no": no, "name": name, "unit": "RU", "event": "welder"}, headers=org),
            201,
        )
    ok(
        c.post(f"/contests/{cid}/judges?username={USERNAMES['judge']}", json={"code": "J1", "name": "裁判一", "unit": "RJ"}, headers=org),
        201,
    )
    chief_judge = {"code": "CJ", "name": "裁判长", "unit": "RJ", "role": "chief_judge"}
    ok(c.post(f"/contests/{cid}/judges?username={USERNAMES['chief_judge']}", json=chief_judge, headers=org), 201)
    for module in ("theory", "practical"):
        ok(c.put(f"{e}/modules/{module}/panel", json={"judges": ["J1"]}, headers=org))
    ok(c.post(f"{e}/draw", json={"seed": "5ea1"}, headers=org), 201)
    codes = seeded_codes(["R1", "R2"], "5ea1")  # the draw's answer is sealed
    _SHARED.setdefault("codes", {})[cid] = codes
    steps = STATES.index(state)
    modules = ("practical",) if state == "practical-marked" else ("theory", "practical")
    if steps >= 1:
        marks = [
            {"module_id": m, "blind_code": code, "aspect_id": "mark", "value": 60 + k}
            for m in modules
            for k, code in enumerate(codes.values())
        ]
        ok(c.post(f"{e}/marks", json={"marks": marks}, headers=judge), 201)
    for module in ("theory", "practical") if steps >= 3 else ():
        ok(c.post(f"{e}/modules/{module}/sign-off", headers=judge), 201)
    for module in ("theory", "practical") if steps >= 4 else ():
        ok(c.post(f"{e}/modules/{module}/lock", headers=chief), 201)
    if steps >= 5:
        ok(c.post(f"{e}/unblind", headers=chief), 201)
    if steps >= 6:
        ok(c.post(f"{e}/publish", headers=org), 201)
    return cid


def fresh(state: str, then: str | None = None):
    """A setup making a new contest in `state` (and, with then="lock" / "appeal", one more step)."""

    def setup(ctx: Ctx) -> str:
        cid = make(state)
        if then == "lock":
            forced = {"force": True, "reason": "赛程"}
            ok(
                ctx.client.post(
                    f"/contests/{cid}/events/welder/modules/practical/lock", json=forced, headers=_SHARED["headers"]["chief_judge"]
                ),
                201,
            )
        return str(cid)

    return setup


def _appeal(ctx: Ctx) -> str:
    """A new appeal on the published contest (its modules are locked, the window is open)."""
    cid = _SHARED["published"]
    body = {"module_id": "practical", "employee_no": "R1", "grounds": "复核", "appellant": "领队"}
    return str(ok(ctx.client.post(f"/contests/{cid}/events/welder/appeals", json=body, headers=ctx.organiser), 201)["id"])


def at(state: str, path: str) -> str:
    """A path on a shared contest: "open" (practical marked, theory not) or "published"."""
    return f"/contests/{{{state}}}/events/welder/{path}"


def get(path: str) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str) -> Response:
        return c.client.get(_fill(path, key), headers=h)

    return call


def send(path: str, body: Any = None) -> Call:
    def call(c: Ctx, h: dict[str, str], key: str) -> Response:
        json = body(key) if callable(body) else body
        return c.client.post(_fill(path, key), json=json, headers=h)

    return call


def _fill(path: str, key: str) -> str:
    return path.format(open=_SHARED["open"], published=_SHARED["published"], key=key, code=_code)


class _Codes:
    def __getitem__(self, item: str) -> str:
        cid, no = item.split(":")
        return _SHARED["codes"][int(_SHARED[cid]) if cid in ("open", "published") else int(cid)][no]


_code = _Codes()


def _theory_mark(_: str) -> dict:
    return {"marks": [{"module_id": "theory", "blind_code": _code["open:R1"], "aspect_id": "mark", "value": 75}]}


def _times(_: str) -> dict:
    return {"times": [{"blind_code": _code["open:R1"], "seconds": "1800.5"}]}


E = "/contests/{key}/events/welder"
P = "/public/contests/{published}"
HISTORY = "marks/history?module_id=theory&blind_code={code[published:R1]}&aspect_id=mark&judge=J1"

CASES = [
    Case("GET sheet", SHEET_READERS, 200, get(at("published", "modules/practical/sheet"))),
    # this contest has no aspect measured by tolerance, grades or time: an allowed role gets the
    # rule's 409 (tests/api/test_mark_preview.py checks the computed marks)
    Case("GET aspect preview", SHEET_READERS, 409, get(at("published", "modules/practical/aspects/mark/preview?value=1"))),
    Case("POST marks", JUDGE, 201, send(at("open", "marks"), _theory_mark)),
    Case("GET marks/history", HISTORY_READERS, 200, get(at("published", HISTORY))),
    Case("GET progress", STAFF, 200, get(at("published", "progress"))),
    Case("POST sign-off", JUDGE, 201, send(at("open", "modules/practical/sign-off"))),
    Case("POST lock", CHIEF, 201, send(E + "/modules/theory/lock", {"force": True, "reason": "裁判缺席"}), fresh("drawn")),
    Case("POST unlock", CHIEF, 201, send(E + "/modules/practical/unlock", {"reason": "复核录入"}), fresh("drawn", then="lock")),
    Case("GET locks", STAFF, 200, get(at("published", "locks"))),
    Case("POST times", TIMEKEEPERS, 201, send(at("open", "modules/practical/times"), _times)),
    Case(
        "POST appeals",
        STAFF,
        201,
        send(at("published", "appeals"), {"module_id": "theory", "employee_no": "R2", "grounds": "复核", "appellant": "a"}),
    ),
    Case("GET appeals", STAFF, 200, get(at("published", "appeals"))),
    Case("GET appeal", STAFF, 200, get("/contests/{published}/appeals/{key}"), _appeal),
    Case(
        "POST appeal decision",
        CHIEF,
        201,
        send("/contests/{published}/appeals/{key}/decision", {"decision": "rejected", "reason": "维持"}),
        _appeal,
    ),
    Case("POST unblind", CHIEF, 201, send(E + "/unblind"), fresh("locked")),
    Case("GET standings", STAFF, 200, get(at("published", "standings"))),
    Case("POST publish", SETUP, 201, send(E + "/publish"), fresh("unblinded")),
    Case("GET analytics", STAFF, 200, get(at("published", "analytics"))),
    Case("GET public page", PUBLIC, 200, get(P)),
    Case("GET public results.xlsx", PUBLIC, 200, get(P + "/results.xlsx")),
    Case("GET public results.json", PUBLIC, 200, get(P + "/events/welder/results.json?number=1")),
    Case("GET public results.csv", PUBLIC, 200, get(P + "/events/welder/results.csv")),
    Case("GET explanation", STAFF, 200, get(at("published", "explanations/{code[published:R1]}"))),
    Case("GET public explanation", PUBLIC, 200, get(P + "/events/welder/explanations/{code[published:R1]}")),
]
ROLES = ("anonymous", *EVERY_ROLE)


@pytest.fixture(scope="module")
def shared(client, headers) -> dict[str, Any]:
    _SHARED.clear()
    _SHARED.update(client=client, headers=headers)
    _SHARED["open"] = make("practical-marked")
    _SHARED["published"] = make("published")
    return _SHARED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_role_matrix(case: Case, role: str, client, headers, shared, row_counts):
    ctx = Ctx(client, headers["organiser"], shared["published"], role)
    allowed = role in case.allowed
    # denied calls never reach the use-case: they need no state of their own
    key = case.setup(ctx) if case.setup and allowed else str(shared["published"])
    check_case(case, ctx, headers, row_counts, key)


def test_a_judge_is_refused_where_the_data_says_no(client, headers, shared):
    """The role lets a judge through; the use-case refuses what only the data can tell (403)."""
    judge, cid = headers["judge"], make("drawn")
    ok(client.put(f"/contests/{cid}/events/welder/modules/theory/panel", json={"judges": ["CJ"]}, headers=headers["organiser"]))
    refused = client.get(f"/contests/{cid}/events/welder/modules/theory/sheet", headers=judge)
    assert refused.status_code == 403 and "not on the panel" in refused.json()["detail"]
    other = client.get(f"/contests/{cid}/events/welder/modules/practical/sheet?judge=CJ", headers=judge)
    assert other.status_code == 403 and other.json()["errors"][0]["path"] == "judge"
    unlinked = client.post(f"/contests/{shared['published']}/events/welder/marks", json=_theory_mark(""), headers=headers["chief_judge"])
    assert unlinked.status_code == 403  # the role guard: chief judges do not mark
