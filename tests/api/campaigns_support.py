"""Driving five-smalls campaigns through the HTTP API in tests: campaign bodies from the
RULES.md presets, units, reviewers with their own logins, drafts, transitions, panels and
scores. Every step asserts its status, so a test reads as the story it tells."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import msgspec
from litestar.testing import TestClient

from contests.campaigns.definition import Campaign
from tests.api.conftest import USERNAMES, unique
from tests.campaigns.factories import campaign_1986, campaign_score_prizes
from tests.factories.logins import add_logins, log_in

UNITS = (
    {"code": "TL", "name": "铜陵供电公司", "headcount": 1200},
    {"code": "HF", "name": "合肥检修公司", "headcount": 800},
    {"code": "AQ", "name": "安庆供电公司", "headcount": 600},
    {"code": "ZJ", "name": "专家中心", "headcount": 40},
)
# reviewer code → (name, unit, login); none is from TL, where the default submissions come from
REVIEWERS = {
    "R1": ("周评审", "ZJ", "rev1"),
    "R2": ("吴评审", "HF", "rev2"),
    "R3": ("郑评审", "AQ", "rev3"),
    "R4": ("王评审", "ZJ", "rev4"),
    "R5": ("冯评审", "AQ", "rev5"),
}
EXTRA_LOGINS = {"rev2": "reviewer", "rev3": "reviewer", "rev4": "reviewer", "rev5": "reviewer", "emp2": "employee"}
# the employee register every test campaign gets (issue 11 item 5): 工号 → (name, unit, login);
# emp1 writes the default drafts as 张三 (E1, a proposer), emp2 is a colleague named on none
EMPLOYEES = {"E1": ("张三", "TL", USERNAMES["employee"]), "E2": ("李四", "TL", None), "E90": ("周九", "TL", "emp2")}
OTHER_PROPOSERS = [{"employee_no": "E90", "name": "周九", "share_bp": 6000}, {"employee_no": "E2", "name": "李四", "share_bp": 4000}]
PAPER_CONFIRMATION = "书面签字确认（测试）"
ELIGIBLE = {"in_use": True, "already_rewarded": False, "ip_dispute": False, "secret": False, "government_funded": False}
VERIFIER = "财务部 王会计"

# the main path, state → (action, workflow role of the caller)
MAIN_PATH = (
    ("submitted", "submit", "employee"),
    ("accepted", "accept", "organiser"),
    ("under_review", "start_review", "organiser"),
    ("adopted", "adopt", "organiser"),
    ("implemented", "implement", "organiser"),
    ("verified", "verify", "finance"),
)
STATES_ON_PATH = [s for s, _, _ in MAIN_PATH]


def definition_json(base: Campaign | None = None, **changes: Any) -> dict:
    """A campaign body (builtins) with a fresh id; `changes` replace top-level fields."""
    body = msgspec.to_builtins(base or campaign_score_prizes())
    body["id"] = unique("c")
    body.update(copy.deepcopy(changes))
    return body


def score_prizes_json(**changes: Any) -> dict:
    return definition_json(campaign_score_prizes(), **changes)


def json_1986(**changes: Any) -> dict:
    return definition_json(campaign_1986(), **changes)


async def ensure_logins(session) -> None:
    """The extra reviewer and employee logins (rows inserted directly, hashes computed once)."""
    await add_logins(session, EXTRA_LOGINS, skip_existing=True)


def login(client: TestClient, username: str) -> dict[str, str]:
    return log_in(client, username)


@dataclass
class Flow:
    """A signed-in cast: `as_[role]` headers for every role, `reviewer[code]` per reviewer login."""

    client: TestClient
    as_: dict[str, dict[str, str]]
    reviewer: dict[str, dict[str, str]] = field(default_factory=dict)
    registered: dict[int, set[str]] = field(default_factory=dict)  # campaign id → 工号 in its register

    @classmethod
    def signed_in(cls, client: TestClient, headers: dict[str, dict[str, str]], run) -> Flow:
        run(ensure_logins)
        as_ = dict(headers)
        as_["employee2"] = login(client, "emp2")
        reviewers = {
            code: (headers["reviewer"] if user == USERNAMES["reviewer"] else login(client, user))
            for code, (_, _, user) in REVIEWERS.items()
        }
        return cls(client, as_, reviewers)

    # ------------------------------------------------------------ requests

    def call(self, method: str, path: str, role: str = "organiser", expect: int | None = None, **kwargs: Any):
        response = self.client.request(method, path, headers=self.as_[role], **kwargs)
        if expect is not None:
            assert response.status_code == expect, f"{method} {path} as {role}: {response.status_code} {response.text}"
        return response

    def campaign(self, body: dict | None = None, *, units: bool = True, reviewers: bool = True) -> int:
        """A stored campaign (score prizes by default) with the units and reviewers above."""
        cid = self.call("POST", "/campaigns", json=body or score_prizes_json(), expect=201).json()["id"]
        if units:
            for unit in UNITS:
                self.call("POST", f"/campaigns/{cid}/units", json=unit, expect=201)
            self.register(cid)
        if reviewers:
            for code, (name, unit, user) in REVIEWERS.items():
                self.call(
                    "POST", f"/campaigns/{cid}/reviewers", json={"code": code, "name": name, "unit": unit, "username": user}, expect=201
                )
        return cid

    def draft_json(self, cid: int, **changes: Any) -> dict:
        definition = self.call("GET", f"/campaigns/{cid}", expect=200).json()["definition"]
        body = {
            "period": (definition["periods"] or [str(definition["year"])])[0],
            "category": definition["categories"][0],
            "title": f"变压器油位远程监测装置 {unique('t')}",
            "problem": "人工巡视油位耗时且有漏检。",
            "solution": "加装油位传感器，数据接入集控系统。",
            "unit": "TL",
            "proposers": [
                {"employee_no": "E1", "name": "张三", "share_bp": 6000},
                {"employee_no": "E2", "name": "李四", "share_bp": 4000},
            ],
            "claimed_benefit_yuan": "120000.00",
            "attachments": [{"filename": "张三-图纸.pdf", "size_bytes": 12345, "sha256": "ab" * 32, "content_type": "application/pdf"}],
            "eligibility": dict(ELIGIBLE),
        }
        body.update(copy.deepcopy(changes))
        return body

    def register(self, cid: int, proposers: list[dict] | None = None, unit: str = "TL") -> None:
        """Put the default employees (EMPLOYEES), or these proposers not yet in it, in the
        campaign's register: a draft may name registered people only."""
        known = self.registered.setdefault(cid, set())
        people = [{"employee_no": no, "name": n, "unit": u, "username": user} for no, (n, u, user) in EMPLOYEES.items()]
        if proposers is not None:
            people = [{"employee_no": p["employee_no"], "name": p["name"], "unit": p.get("unit") or unit} for p in proposers]
        for person in people:
            if person["employee_no"] not in known:
                body = {k: v for k, v in person.items() if v is not None}
                self.call("POST", f"/campaigns/{cid}/employees", json=body)  # a 409 (unknown unit) shows in the draft's answer
                known.add(person["employee_no"])

    def confirm_shares(self, cid: int, sid: int) -> None:
        """Every co-proposer's share of a draft confirmed, as the organiser records a paper
        confirmation (nothing to do for a submission that is not a draft, or is confirmed)."""
        standing = self.call("GET", f"/campaigns/{cid}/submissions/{sid}/confirmations")
        if standing.status_code != 200 or self.call("GET", f"/campaigns/{cid}/submissions/{sid}").json()["state"] != "draft":
            return
        for p in standing.json():
            if not p["confirmed"]:
                body = {"employee_no": p["employee_no"], "share_bp": p["share_bp"], "reason": PAPER_CONFIRMATION}
                self.call("POST", f"/campaigns/{cid}/submissions/{sid}/confirmations", json=body, expect=201)

    def draft(self, cid: int, employee: str = "employee", **changes: Any) -> int:
        if employee == "employee2" and "proposers" not in changes:
            changes["proposers"] = OTHER_PROPOSERS  # emp2 writes as 周九: emp1's 张三 is on none of its drafts
        body = self.draft_json(cid, **changes)
        self.register(cid, body["proposers"], body["unit"])
        sid = self.call("POST", f"/campaigns/{cid}/submissions", employee, json=body, expect=201).json()["id"]
        self.confirm_shares(cid, sid)  # confirmed as it is written, so a later submit writes nothing else
        return sid

    def act(self, cid: int, sid: int, action: str, role: str = "organiser", expect: int | None = 200, **payload: Any):
        if action == "submit":
            self.confirm_shares(cid, sid)  # co-proposers confirm before submission (issue 11 item 5)
        return self.call("POST", f"/campaigns/{cid}/submissions/{sid}/transitions", role, json={"action": action, **payload}, expect=expect)

    def state(self, cid: int, sid: int) -> str:
        return self.call("GET", f"/campaigns/{cid}/submissions/{sid}", expect=200).json()["state"]

    def panel(self, cid: int, sid: int, codes: list[str], expect: int | None = 200):
        return self.call("PUT", f"/campaigns/{cid}/submissions/{sid}/panel", json={"reviewers": codes}, expect=expect)

    def blind_code(self, cid: int, sid: int) -> str:
        return self.call("GET", f"/campaigns/{cid}/submissions/{sid}", expect=200).json()["blind_code"]

    def score(self, cid: int, sid: int, reviewer: str, marks: dict[str, float], expect: int | None = 201):
        return self.score_code(cid, self.blind_code(cid, sid), reviewer, marks, expect)

    def score_code(self, cid: int, code: str, reviewer: str, marks: dict[str, float], expect: int | None = 201):
        response = self.client.post(f"/campaigns/{cid}/reviews/{code}/scores", json={"marks": marks}, headers=self.reviewer[reviewer])
        if expect is not None:
            assert response.status_code == expect, response.text
        return response

    def drive(
        self,
        cid: int,
        sid: int,
        to: str,
        *,
        benefit: str = "0",
        panel: list[str] | None = None,
        marks: list[dict[str, float]] | None = None,
    ) -> None:
        """Walk a draft along the main path to `to` (a state of MAIN_PATH); with `marks`,
        the panel scores it on the way (one marks dict per panel member)."""
        for state, action, role in MAIN_PATH[: STATES_ON_PATH.index(to) + 1]:
            if self.state(cid, sid) != state:
                payload = {"verified_benefit_yuan": benefit, "verified_by": VERIFIER} if action == "verify" else {}
                self.act(cid, sid, action, role, **payload)
            if state == "accepted" and marks is not None:
                self.panel(cid, sid, panel or list(REVIEWERS)[: len(marks)])
            if state == "under_review" and marks is not None:
                for code, m in zip(panel or list(REVIEWERS), marks):
                    self.score(cid, sid, code, m)

    def publish(self, cid: int) -> dict:
        return self.call("POST", f"/campaigns/{cid}/awards/publish", expect=201).json()


def seed_for_contract_tests(client: TestClient, tokens: dict[str, str]) -> int:
    """Campaign 1 for the schemathesis run: units, reviewers (R1 is the login "rev1"), and
    submissions of "emp1" in draft, submitted and under review (panel R1, R3, R4)."""
    as_ = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}

    def ok(response, status: int = 200):
        assert response.status_code == status, response.text
        return response.json()

    cid = ok(client.post("/campaigns", json=score_prizes_json(), headers=as_["organiser"]), 201)["id"]
    for unit in UNITS:
        ok(client.post(f"/campaigns/{cid}/units", json=unit, headers=as_["organiser"]), 201)
    for no, (name, unit, user) in EMPLOYEES.items():
        if user != "emp2":  # the contract tests sign in the six roles only
            body = {"employee_no": no, "name": name, "unit": unit, **({"username": user} if user else {})}
            ok(client.post(f"/campaigns/{cid}/employees", json=body, headers=as_["organiser"]), 201)
    for code, (name, unit, user) in list(REVIEWERS.items())[:4]:
        body = {"code": code, "name": name, "unit": unit, **({"username": user} if user == USERNAMES["reviewer"] else {})}
        ok(client.post(f"/campaigns/{cid}/reviewers", json=body, headers=as_["organiser"]), 201)
    flow = Flow(client, as_)
    sids = [flow.draft(cid) for _ in range(3)]
    flow.act(cid, sids[1], "submit", "employee")
    flow.act(cid, sids[2], "submit", "employee")
    flow.act(cid, sids[2], "accept")
    flow.panel(cid, sids[2], ["R1", "R3", "R4"])
    flow.act(cid, sids[2], "start_review")
    return cid
