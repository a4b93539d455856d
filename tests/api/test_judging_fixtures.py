"""Shared set-up of the judging-day API tests (no tests here): a contest holding both example
events (examples/welder.toml and examples/electrician.toml), set up through the HTTP API
like an organiser would, judge accounts that log in, and builders of mark batches.

Welder event: six welders HJ-W1…HJ-W6 of units TLGS, HFJX and WHGD; practical panel P1–P5
(P1 is of unit TLGS, so recused from HJ-W1 and HJ-W2), theory judge T1.
Electrician event: five electricians DG-E1…DG-E5 in teams TL-1 and HF-1; motor-control panel
M1–M3 (M1 of unit TLGS), fault-finding panel F1–F3, theory judge ET1.
The contest names its chief judge CJ, linked to the login "chief" of tests/api/conftest.py.

Employee numbers, names and unit codes are distinctive strings, so the blindness tests can
search raw response bytes for them without false hits. The day itself (people, panels,
designed marks) is declared once in tests/factories/judging_day.py, shared with tests/db.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import msgspec
from httpx import Response
from litestar.testing import TestClient

from contests.definition import decode_contest
from tests.api.conftest import unique
from tests.db.helpers import EXAMPLES
from tests.factories import judging_day as declared
from tests.factories import logins
from tests.factories.draws import seeded_codes
from tests.factories.judging_day import BANDS_TOP, JUDGEMENTS, Naming  # noqa: F401 (the judging API tests import them from here)

JUDGE_PASSWORD = "judge-password-2026"
DRAW_SEED = "1352e0d"  # any hex: a reproducible draw

# the declared day (tests/factories/judging_day.py), spelled distinctively for byte searches
NAMING = Naming(
    seat_prefix={"welder": "HJ-", "electrician": "DG-"},
    units={"TL": "TLGS", "HF": "HFJX", "WH": "WHGD", "ZJ": "CPWY"},
    judges={("electrician", "T1"): "ET1"},  # one contest holds both events: one theory judge code each
)
UNITS = {NAMING.unit(key): name for key, name in declared.UNIT_NAMES.items()}
COMPETING_UNITS = tuple(NAMING.unit(key) for key in declared.COMPETING_UNITS)
TEAMS = {code: (name, NAMING.unit(unit)) for code, (name, unit) in declared.TEAMS.items()}

# employee number → (name, unit, team, event)
WELDERS = NAMING.competitors("welder")
ELECTRICIANS = NAMING.competitors("electrician")
COMPETITORS = {**{k: (*v, "welder") for k, v in WELDERS.items()}, **{k: (*v, "electrician") for k, v in ELECTRICIANS.items()}}

# judge code → (name, unit)
JUDGES = NAMING.judges_of("welder") | NAMING.judges_of("electrician")
PANELS = {event: NAMING.panels(event) for event in ("welder", "electrician")}


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


def add_accounts(run, usernames: list[str], role: str = "judge") -> None:
    """Accounts written directly with one shared precomputed hash (tests/factories/logins.py);
    the judges still log in through /auth/token."""
    run(lambda session: logins.add_logins(session, [(u, role) for u in usernames], password=JUDGE_PASSWORD))


def log_in(client: TestClient, username: str, password: str = JUDGE_PASSWORD) -> dict[str, str]:
    return logins.log_in(client, username, password)


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
        ok(client.post(f"/contests/{cid}/events/{event}/draw", json={"seed": DRAW_SEED}, headers=organiser), 201)
        day.codes |= seeded_codes([no for no, c in COMPETITORS.items() if c[3] == event], DRAW_SEED)  # the answer is sealed
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


# ---------------------------------------------------------------- the marks, by employee number

WELDER_THEORY = NAMING.by_employee("welder", declared.WELDER_THEORY)
WELDER_TIMES = NAMING.by_employee("welder", declared.WELDER_TIMES)  # practical completion seconds


def welder_practical(judge: str) -> dict[str, dict[str, object]]:
    """What each practical judge marks, per welder (see tests/factories/judging_day.py)."""
    return NAMING.by_employee("welder", declared.welder_practical(judge))


# module → judge → {employee number: marks}; M1 (unit TLGS) marks only the HFJX electricians
ELECTRICIAN_MARKS = {
    module: {NAMING.judge("electrician", judge): NAMING.by_employee("electrician", marks) for judge, marks in by_judge.items()}
    for module, by_judge in declared.ELECTRICIAN_MARKS.items()
}
ELECTRICIAN_THEORY = NAMING.by_employee("electrician", declared.ELECTRICIAN_THEORY)
ELECTRICIAN_TIMES = {module: NAMING.by_employee("electrician", times) for module, times in declared.ELECTRICIAN_TIMES.items()}


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
