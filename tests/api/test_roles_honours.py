"""Every honours endpoint × every role (issue 13).

Allowed: the exact success status. Denied: 401 for anonymous, 403 for a signed-in role, as
problem+json, and no row written anywhere. In these rounds the employee login (emp1) is the
unit nominator of U01 and the reviewer login (rev1) is a committee member of no unit; the
public 公示 and final list are read by everyone, signed in or not.
"""

from __future__ import annotations

import pytest

from tests.api.conftest import unique
from tests.api.honours_support import round_toml
from tests.api.roles import EVERY_ROLE, Case, Ctx, check_case

pytestmark = pytest.mark.db

ORG = ("organiser",)
NOMINATES = ("organiser", "employee")
READERS = ("organiser", "employee", "reviewer", "viewer")
MEMBERS = ("organiser", "reviewer")
PUBLIC = ("anonymous", *EVERY_ROLE)
ROLES = ("anonymous", *EVERY_ROLE)
A = "advanced-individual"
H = "/honours/{key}"
PERIOD = {"period": {"start": "2026-12-07", "end": "2026-12-11", "contact": "工会办公室"}}
STAGES = ("fresh", "people", "nominated", "sitting", "voted", "posted", "final")
_reviewer: dict[str, str] = {}
_shared: dict[str, str] = {}
RECORDS = [{"unit": u, "headcount": 100, "competitors": 5, "registered_on_time": True} for u in ("U01", "U02", "U03", "U04")]


def _post(ctx: Ctx, path: str, body: dict | None = None, status: int = 201, headers: dict | None = None):
    response = ctx.client.post(path, json=body, headers=headers or ctx.organiser)
    assert response.status_code == status, response.text
    return response.json()


def _round(ctx: Ctx, stage: str) -> str:
    """A fresh round brought to `stage` (one of STAGES); returns its id."""
    toml = round_toml().replace('code = "c07"', 'code = "rev1"')
    response = ctx.client.post("/honours", content=toml.encode(), headers=ctx.organiser | {"Content-Type": "application/toml"})
    assert response.status_code == 201, response.text
    rid = response.json()["id"]
    steps = STAGES.index(stage)
    if steps >= 1:
        _post(ctx, f"/honours/{rid}/nominators", {"username": "emp1", "unit": "U01"})
        # a nominee of its own per round: a final list puts its title in the shared history (a cooldown)
        person = {"code": f"E{rid}", "name": "职工甲", "unit": "U01", "kind": "individual", "hired": "2010-01-01"}
        _post(ctx, f"/honours/{rid}/candidates", {"candidates": [person]})
    if steps >= 2:
        _post(ctx, f"/honours/{rid}/nominations", {"title": A, "unit": "U01", "nominee": f"E{rid}", "record": "事迹突出。"})
    if steps >= 3:
        _post(ctx, f"/honours/{rid}/titles/{A}/sittings", {"present": ["rev1"]})
    if steps >= 4:
        _post(ctx, f"/honours/{rid}/titles/{A}/ballots", {"ballots": [{"nomination": "N001", "choice": "yes"}]}, headers=_reviewer)
        _post(ctx, f"/honours/{rid}/titles/{A}/tally", status=200)
    if steps >= 5:
        _post(ctx, f"/honours/{rid}/notice", PERIOD)
    if steps >= 6:
        _post(ctx, f"/honours/{rid}/final", {"on": "2026-12-14"})
    return str(rid)


def at(stage: str, allowed: tuple[str, ...] = ORG):
    """A round of its own for an allowed role (the call changes it); a denied call writes
    nothing, so it may share one."""
    return lambda ctx: _round(ctx, stage) if ctx.role in allowed else shared(stage)(ctx)


def shared(stage: str):
    """One round per stage for the read-only cases (reads change nothing)."""

    def setup(ctx: Ctx) -> str:
        if stage not in _shared:
            _shared[stage] = _round(ctx, stage)
            if stage == "posted":
                _post(ctx, f"/honours/{_shared[stage]}/titles/organisation-award/organisation", {"records": RECORDS})
        return _shared[stage]

    return setup


def _objection(ctx: Ctx) -> str:
    rid = shared("posted")(ctx)
    if ctx.role not in ORG and "objection" in _shared:
        return _shared["objection"]
    notice = _post(ctx, f"/honours/{rid}/notice/objections", {"nomination": "N001", "received": "2026-12-08", "grounds": "有异议"})
    _shared["objection"] = f"{rid}/notice/objections/{notice['notice']['objections'][-1]['id']}"
    return _shared["objection"]


def _balloted(ctx: Ctx) -> str:
    if ctx.role not in ORG:
        return shared("sitting")(ctx)
    rid = _round(ctx, "sitting")
    _post(ctx, f"/honours/{rid}/titles/{A}/ballots", {"ballots": [{"nomination": "N001", "choice": "yes"}]}, headers=_reviewer)
    return rid


def get(path: str):
    return lambda c, h, key: c.client.get(path.format(key=key), headers=h)


def send(path: str, body=None):
    return lambda c, h, key: c.client.post(path.format(key=key), json=body(key) if callable(body) else body, headers=h)


def _new_version(c: Ctx, h: dict, key: str):
    slug = c.client.get(f"/honours/{key}", headers=c.organiser).json()["slug"]
    return c.client.post(f"/honours/{key}/versions", content=round_toml(slug).encode(), headers=h | {"Content-Type": "application/toml"})


def _create(c: Ctx, h: dict, key: str):
    return c.client.post("/honours", content=round_toml().encode(), headers=h | {"Content-Type": "application/toml"})


def NOMINATION(key: str) -> dict:  # noqa: N802  (a body, named like the others)
    return {"title": A, "unit": "U01", "nominee": f"E{key}", "record": "事迹突出。"}


CANDIDATE = {"candidates": [{"code": "E09", "name": "职工乙", "unit": "U02", "kind": "individual"}]}
CASES = [
    Case("POST /honours", ORG, 201, _create),
    Case("GET /honours/{id}", READERS, 200, get(H), shared("fresh")),
    Case("POST /honours/{id}/versions", ORG, 201, _new_version, at("fresh")),
    Case("GET allocation", READERS, 200, get(H + "/allocation"), shared("fresh")),
    Case("GET allocation.csv", READERS, 200, get(H + "/allocation.csv"), shared("fresh")),
    Case("GET allocation.xlsx", READERS, 200, get(H + "/allocation.xlsx"), shared("fresh")),
    Case("POST nominators", ORG, 201, send(H + "/nominators", {"username": "emp1", "unit": "U02"}), at("fresh")),
    Case("POST candidates", ORG, 201, send(H + "/candidates", CANDIDATE), shared("fresh")),
    Case("POST /honours/history", ORG, 201, send("/honours/history", lambda _: {"awards": [{"holder": unique("H"), "title": "先进个人", "year": 2020}]})),
    Case("GET board", ORG, 200, get(H + "/board"), shared("nominated")),
    Case("GET eligibility", ORG, 200, get(H + f"/titles/{A}/eligibility"), shared("people")),
    Case("POST nominations", NOMINATES, 201, send(H + "/nominations", NOMINATION), at("people", NOMINATES)),
    Case("GET nominations", NOMINATES, 200, get(H + "/nominations"), shared("nominated")),
    Case("GET nominations/{code}", NOMINATES, 200, get(H + "/nominations/N001"), shared("nominated")),
    Case("POST withdraw", NOMINATES, 200, send(H + "/nominations/N001/withdraw", {"reason": "撤回"}), at("nominated", NOMINATES)),
    Case("POST sittings", ORG, 201, send(H + f"/titles/{A}/sittings", {"present": ["rev1"]}), at("nominated")),
    Case("GET sitting", MEMBERS, 200, get(H + f"/titles/{A}/sitting"), shared("sitting")),
    Case("POST ballots", ("reviewer",), 201, send(H + f"/titles/{A}/ballots", {"ballots": [{"nomination": "N001", "choice": "yes"}]}), at("sitting", ("reviewer",))),
    Case("POST tally", ORG, 200, send(H + f"/titles/{A}/tally"), _balloted),
    Case("POST notice", ORG, 201, send(H + "/notice", PERIOD), at("voted")),
    Case("GET notice", ORG, 200, get(H + "/notice"), shared("posted")),
    Case("GET notice.csv", ORG, 200, get(H + "/notice.csv"), shared("posted")),
    Case("GET notice.xlsx", ORG, 200, get(H + "/notice.xlsx"), shared("posted")),
    Case("POST objections", ORG, 201, send(H + "/notice/objections", {"nomination": "N001", "received": "2026-12-08", "grounds": "有异议"}), shared("posted")),
    Case("POST objection decision", ORG, 201, send(H + "/decision", {"upheld": False, "reason": "不属实", "on": "2026-12-10"}), _objection),
    Case("POST final", ORG, 201, send(H + "/final", {"on": "2026-12-14"}), at("posted")),
    Case("GET final", ORG, 200, get(H + "/final"), shared("final")),
    Case("GET final.csv", ORG, 200, get(H + "/final.csv"), shared("final")),
    Case("GET final.xlsx", ORG, 200, get(H + "/final.xlsx"), shared("final")),
    Case("POST revocations", ORG, 201, send(H + "/final/revocations", {"nomination": "N001", "reason": "事迹失实", "on": "2027-01-05"}), at("final")),
    Case("POST organisation", ORG, 201, send(H + "/titles/organisation-award/organisation", {"records": RECORDS}), shared("fresh")),
    Case("GET organisation", READERS, 200, get(H + "/titles/organisation-award/organisation"), shared("posted")),
    Case("GET organisation.csv", ORG, 200, get(H + "/titles/organisation-award/organisation.csv"), shared("posted")),
    Case("GET organisation.xlsx", ORG, 200, get(H + "/titles/organisation-award/organisation.xlsx"), shared("posted")),
    Case("GET public notice page", PUBLIC, 200, get("/public/honours/{key}/notice"), shared("posted")),
    Case("GET public notice.json", PUBLIC, 200, get("/public/honours/{key}/notice.json"), shared("posted")),
    Case("GET public final.json", PUBLIC, 200, get("/public/honours/{key}/final.json"), shared("final")),
]  # fmt: skip


@pytest.fixture(scope="module")
def reviewer(headers):
    _reviewer.update(headers["reviewer"])
    _shared.clear()
    return headers["reviewer"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_honours_role_matrix(case: Case, role: str, client, headers, reviewer, row_counts):
    ctx = Ctx(client, headers["organiser"], 0, role)
    check_case(case, ctx, headers, row_counts)
