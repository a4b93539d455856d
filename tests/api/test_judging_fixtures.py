"""Shared set-up of the judging-day API tests (no tests here): a contest holding both example
events (examples/welder.toml and examples/electrician.toml), set up through the HTTP API
like an organiser would, judge accounts that log in, and builders of mark batches.

Welder event: six welders HJ-W1…HJ-W6 of units TLGS, HFJX and WHGD; practical panel P1–P5
(P1 is of unit TLGS, so recused from HJ-W1 and HJ-W2), theory judge T1.
Electrician event: five electricians DG-E1…DG-E5 in teams TL-1 and HF-1; motor-control panel
M1–M3 (M1 of unit TLGS), fault-finding panel F1–F3, theory judge ET1.
The contest names its chief judge CJ, linked to the login "chief" of tests/api/conftest.py.

Employee numbers, names and unit codes are distinctive strings, so the blindness tests can
search raw response bytes for them without false hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import msgspec
from argon2 import PasswordHasher
from httpx import Response
from litestar.testing import TestClient

from contests.definition import decode_contest
from contests.store.models import UserRow
from tests.api.conftest import unique
from tests.db.helpers import EXAMPLES

JUDGE_PASSWORD = "judge-password-2026"
DRAW_SEED = "1352e0d"  # any hex: a reproducible draw

UNITS = {"TLGS": "铜陵供电公司", "HFJX": "合肥检修公司", "WHGD": "芜湖供电公司", "CPWY": "省裁判委员会"}
COMPETING_UNITS = ("TLGS", "HFJX", "WHGD")
TEAMS = {"TL-1": ("铜陵一队", "TLGS"), "HF-1": ("合肥一队", "HFJX")}

# employee number → (name, unit, team, event)
WELDERS = {
    "HJ-W1": ("张三", "TLGS", None),
    "HJ-W2": ("李四", "TLGS", None),
    "HJ-W3": ("王五", "HFJX", None),
    "HJ-W4": ("赵六", "HFJX", None),
    "HJ-W5": ("孙七", "WHGD", None),
    "HJ-W6": ("周八", "WHGD", None),
}
ELECTRICIANS = {
    "DG-E1": ("钱一", "TLGS", "TL-1"),
    "DG-E2": ("钱二", "TLGS", "TL-1"),
    "DG-E3": ("钱三", "TLGS", "TL-1"),
    "DG-E4": ("吴四", "HFJX", "HF-1"),
    "DG-E5": ("吴五", "HFJX", "HF-1"),
}
COMPETITORS = {**{k: (*v, "welder") for k, v in WELDERS.items()}, **{k: (*v, "electrician") for k, v in ELECTRICIANS.items()}}

# judge code → (name, unit)
JUDGES = {
    "P1": ("裁判甲", "TLGS"),
    **{f"P{k}": (f"焊工裁判{k}", "CPWY") for k in range(2, 6)},
    "T1": ("焊工理论裁判", "CPWY"),
    "M1": ("电工裁判甲", "TLGS"),
    **{c: (f"电工裁判{c}", "CPWY") for c in ("M2", "M3", "F1", "F2", "F3")},
    "ET1": ("电工理论裁判", "CPWY"),
}
PANELS = {
    "welder": {"theory": ["T1"], "practical": ["P1", "P2", "P3", "P4", "P5"]},
    "electrician": {"theory": ["ET1"], "motor_control": ["M1", "M2", "M3"], "fault_finding": ["F1", "F2", "F3"]},
}


@cache
def two_event_definition() -> dict[str, Any]:
    """One contest with both example events (JSON builtins; the slug is replaced per day)."""
    welder = decode_contest((EXAMPLES / "welder.toml").read_bytes(), "toml")
    electrician = decode_contest((EXAMPLES / "electrician.toml").read_bytes(), "toml")
    both = msgspec.structs.replace(
        welder,
        name="2026年职工焊工、电工技能竞赛",
        name_en="2026 employee welder and electrician skills contest",
        events=[welder.events[0], electrician.events[0]],
    )
    return msgspec.to_builtins(both)


@cache
def _password_hash() -> str:
    return PasswordHasher().hash(JUDGE_PASSWORD)


def add_accounts(run, usernames: list[str], role: str = "judge") -> None:
    """Accounts written directly with one shared hash (hashing is not what these tests test);
    the judges still log in through /auth/token."""

    async def work(session):
        session.add_all(UserRow(username=u, password_hash=_password_hash(), role=role) for u in usernames)
        await session.commit()

    run(work)


def log_in(client: TestClient, username: str, password: str = JUDGE_PASSWORD) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@dataclass
class Day:
    client: TestClient
    cid: int
    organiser: dict[str, str]
    chief: dict[str, str]
    codes: dict[str, str] = field(default_factory=dict)  # employee number → blind code
    judges: dict[str, dict[str, str]] = field(default_factory=dict)  # judge code → Authorization header
    usernames: dict[str, str] = field(default_factory=dict)  # judge code → login
    appeal: int = 0  # an appeal a test set up, if any

    def code(self, employee_no: str) -> str:
        return self.codes[employee_no]

    def url(self, event: str, path: str) -> str:
        return f"/contests/{self.cid}/events/{event}/{path}"

    def marks(self, event: str, judge: str, body: dict, key: str | None = None) -> Response:
        headers = self.judges[judge] | ({"Idempotency-Key": key} if key is not None else {})
        return self.client.post(self.url(event, "marks"), json=body, headers=headers)


def set_up_day(client: TestClient, run, organiser: dict[str, str], chief: dict[str, str], *, chief_username: str = "chief") -> Day:
    """A new contest with both events, its people, judge logins, panels and both draws."""
    slug = unique("day")
    definition = two_event_definition() | {"id": slug}
    cid = ok(client.post("/contests", json=definition, headers=organiser), 201)["id"]
    day = Day(client, cid, organiser, chief)

    def add(resource: str, body: dict, query: str = "") -> None:
        ok(client.post(f"/contests/{cid}/{resource}{query}", json=body, headers=organiser), 201)

    for code, name in UNITS.items():
        add("units", {"code": code, "name": name})
    for code, (name, unit) in TEAMS.items():
        add("teams", {"code": code, "name": name, "unit": unit})
    for no, (name, unit, team, event) in COMPETITORS.items():
        add("competitors", {"employee_no": no, "name": name, "unit": unit, "team": team, "event": event})
    day.usernames = {code: f"{slug}-{code.lower()}" for code in JUDGES}
    add_accounts(run, list(day.usernames.values()))
    for code, (name, unit) in JUDGES.items():
        add("judges", {"code": code, "name": name, "unit": unit}, f"?username={day.usernames[code]}")
    add("judges", {"code": "CJ", "name": "裁判长", "unit": "CPWY", "role": "chief_judge"}, f"?username={chief_username}")
    for event, panels in PANELS.items():
        for module, judges in panels.items():
            ok(client.put(f"/contests/{cid}/events/{event}/modules/{module}/panel", json={"judges": judges}, headers=organiser))
        drawn = ok(client.post(f"/contests/{cid}/events/{event}/draw", json={"seed": DRAW_SEED}, headers=organiser), 201)
        day.codes |= {a["employee_no"]: a["blind_code"] for a in drawn["assignments"]}
    day.judges = {code: log_in(client, username) for code, username in day.usernames.items()}
    return day


def batch(day: Day, module_id: str, marks: dict[str, dict[str, object]], reason: str | None = None) -> dict:
    """{employee_no: {aspect: value}} of one module as a batch body on blind codes."""
    return {
        "marks": [
            {"module_id": module_id, "blind_code": day.code(no), "aspect_id": a, "value": v} | ({"reason": reason} if reason else {})
            for no, aspects in marks.items()
            for a, v in aspects.items()
        ]
    }


# ---------------------------------------------------------------- the welder marks

BANDS_TOP = {  # every band aspect in its best band
    "cap_height": 0.5, "height_difference": 0.5, "width_difference": 1.0, "undercut": 0,
    "root_concavity": 0, "root_convexity": 0.5, "misalignment": 0, "angular_distortion": 1,
}  # fmt: skip
JUDGEMENTS = ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")
WELDER_THEORY = {"HJ-W1": 90, "HJ-W2": 80, "HJ-W3": 95, "HJ-W4": 70, "HJ-W5": 60, "HJ-W6": 60}
WELDER_TIMES = {"HJ-W5": "1800", "HJ-W6": "1750.5"}  # practical completion seconds


def welder_practical(judge: str) -> dict[str, dict[str, object]]:
    """What each practical judge marks, per welder (P1 is recused from W1 and W2).

    W1: all bands best (100); judgements 3 except P5's groove 2.
    W2: cap height 1.5 mm (band ≤ 2 → 12); judgements all 2.
    W3: a pore (P4 records it): the whole visual criterion is 0; judgements all 3.
    W4: cap unfinished (aspect veto: cap height 0); judgements [3, 2, 2, 2, 1] by P1..P5.
    W5: undercut 16 mm by everyone (band ≤ 30 → 8); judgements all 3.
    W6: undercut 15 mm by everyone (band ≤ 15 → 14); judgements all 3.
    """
    k = int(judge[1])
    out: dict[str, dict[str, object]] = {}
    if judge != "P1":
        out["HJ-W1"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"groove_preparation": 2} if judge == "P5" else {})
        out["HJ-W2"] = BANDS_TOP | {"cap_height": "1.5"} | {a: 2 for a in JUDGEMENTS}
    out["HJ-W3"] = BANDS_TOP | {a: 3 for a in JUDGEMENTS} | ({"pore": 1} if judge == "P4" else {})
    out["HJ-W4"] = BANDS_TOP | {"cap_unfinished": 1} | {a: [3, 2, 2, 2, 1][k - 1] for a in JUDGEMENTS}
    out["HJ-W5"] = BANDS_TOP | {"undercut": 16} | {a: 3 for a in JUDGEMENTS}
    out["HJ-W6"] = BANDS_TOP | {"undercut": "15"} | {a: 3 for a in JUDGEMENTS}
    return out


# ---------------------------------------------------------------- the electrician marks


def _motor(neat: int, tool: int, **deductions: int) -> dict[str, int]:
    return {"wiring_neatness": neat, "tool_handling": tool} | deductions


def _fault(f2: int, repair: int, record: int) -> dict[str, int]:
    return {"fault_1": 1, "fault_2": f2, "fault_3": 1, "repair_test": repair, "record_quality": record}


# judge → {employee_no: marks}; M1 (unit TLGS) marks only the HFJX electricians
ELECTRICIAN_MARKS = {
    "motor_control": {
        "M1": {"DG-E4": _motor(3, 3), "DG-E5": _motor(3, 2)},
        "M2": {
            "DG-E1": _motor(3, 2), "DG-E2": _motor(2, 2, wiring_error=4, live_operation=2),
            "DG-E3": _motor(3, 3, damaged_device=2), "DG-E4": _motor(3, 3), "DG-E5": _motor(3, 2),
        },
        "M3": {
            "DG-E1": _motor(3, 2), "DG-E2": _motor(2, 2, wiring_error=5, no_helmet=1),
            "DG-E3": _motor(3, 3), "DG-E4": _motor(3, 3), "DG-E5": _motor(3, 2),
        },
    },
    "fault_finding": {
        "F1": {"DG-E1": _fault(1, 30, 3), "DG-E2": _fault(0, 20, 2), "DG-E3": _fault(1, 30, 3), "DG-E4": _fault(1, 30, 3), "DG-E5": _fault(1, 30, 3)},
        "F2": {"DG-E1": _fault(1, 30, 3), "DG-E2": _fault(0, 20, 2), "DG-E3": _fault(1, 30, 3), "DG-E4": _fault(1, 30, 3), "DG-E5": _fault(1, 30, 3)},
        "F3": {"DG-E1": _fault(1, 27, 3), "DG-E2": _fault(0, 20, 2), "DG-E3": _fault(1, 30, 3), "DG-E4": _fault(1, 30, 3), "DG-E5": _fault(1, 27, 3)},
    },
}  # fmt: skip
ELECTRICIAN_THEORY = {"DG-E1": 85, "DG-E2": 70, "DG-E3": 80, "DG-E4": 90, "DG-E5": 85}
ELECTRICIAN_TIMES = {"motor_control": {"DG-E1": 1500, "DG-E5": 1600}, "fault_finding": {"DG-E1": 1200, "DG-E5": 1000}}


# ---------------------------------------------------------------- whole steps, for tests that need a finished day


def mark_welder(day: Day) -> None:
    for judge in PANELS["welder"]["practical"]:
        ok(day.marks("welder", judge, batch(day, "practical", welder_practical(judge)), key=unique(judge)), 201)
    ok(day.marks("welder", "T1", batch(day, "theory", {no: {"theory_mark": v} for no, v in WELDER_THEORY.items()})), 201)
    times = [{"blind_code": day.code(no), "seconds": s} for no, s in WELDER_TIMES.items()]
    ok(day.client.post(day.url("welder", "modules/practical/times"), json={"times": times}, headers=day.chief), 201)


def mark_electrician(day: Day) -> None:
    for module, by_judge in ELECTRICIAN_MARKS.items():
        for judge, marks in by_judge.items():
            ok(day.marks("electrician", judge, batch(day, module, marks), key=unique(judge)), 201)
    ok(day.marks("electrician", "ET1", batch(day, "theory", {no: {"theory_mark": v} for no, v in ELECTRICIAN_THEORY.items()})), 201)
    for module, times in ELECTRICIAN_TIMES.items():
        body = {"times": [{"blind_code": day.code(no), "seconds": s} for no, s in times.items()]}
        ok(day.client.post(day.url("electrician", f"modules/{module}/times"), json=body, headers=day.chief), 201)


def sign_and_lock(day: Day, event: str) -> None:
    for module, judges in PANELS[event].items():
        for judge in judges:
            ok(day.client.post(day.url(event, f"modules/{module}/sign-off"), headers=day.judges[judge]), 201)
        ok(day.client.post(day.url(event, f"modules/{module}/lock"), headers=day.chief), 201)


def close_and_publish(day: Day, event: str) -> dict:
    """Sign, lock, unblind and publish an event whose marks are all in: the published snapshot."""
    sign_and_lock(day, event)
    ok(day.client.post(day.url(event, "unblind"), headers=day.chief), 201)
    return ok(day.client.post(day.url(event, "publish"), headers=day.organiser), 201)
