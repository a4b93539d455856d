"""Bad input on the judging-day endpoints gets a precise 4xx problem+json naming the field
and rule, and writes nothing (the row count of every table, audit log included, is compared
before and after).

State: a contest with both events; the welder's marks are all in, its sheets signed and
both modules locked, one appeal already decided; the electrician event is drawn, unmarked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from httpx import Response

from contests.usecases.judging import appeals as appeals_uc
from tests.api.test_judging_fixtures import Day, batch, mark_welder, ok, set_up_day, sign_and_lock

pytestmark = pytest.mark.db


@dataclass(frozen=True)
class Bad:
    name: str
    send: Callable[[Day], Response]
    status: int
    path: str | None  # the field the first problem names (None: not checked)
    detail: str = ""  # a phrase of the rule


def marks(judge: str, body: Any, event: str = "electrician", key: str | None = None) -> Callable[[Day], Response]:
    return lambda d: d.marks(event, judge, body(d) if callable(body) else body, key=key)


def _url(d: Day, event: str, path: str) -> str:
    return path.format(cid=d.cid, appeal=d.appeal) if path.startswith("/") else d.url(event, path)


def _headers(d: Day, who: str) -> dict[str, str]:
    return {"chief": d.chief, "organiser": d.organiser, "public": {}}.get(who, d.judges.get(who, {}))


def post(who: str, path: str, body: Any = None, event: str = "welder") -> Callable[[Day], Response]:
    return lambda d: d.client.post(_url(d, event, path), json=body(d) if callable(body) else body, headers=_headers(d, who))


def get(who: str, path: str, event: str = "welder") -> Callable[[Day], Response]:
    return lambda d: d.client.get(_url(d, event, path), headers=_headers(d, who))


def _motor(values: dict[str, object]) -> Callable[[Day], dict]:
    """M2's motor-control marks for DG-E4: a judgement and a deduction first, then `values`."""
    return lambda d: batch(d, "motor_control", {"DG-E4": {"wiring_neatness": 3, "wiring_error": 1, **values}})


def _theory(value: object, **extra: object) -> Callable[[Day], dict]:
    """ET1's theory mark for DG-E1 (80 is stored already), with extra fields on the mark."""
    return lambda d: {"marks": [m | extra for m in batch(d, "theory", {"DG-E1": {"theory_mark": value}})["marks"]]}


def _raw(**mark: object) -> dict:
    return {"marks": [{"module_id": "theory", "blind_code": "987654", "aspect_id": "theory_mark", "value": 80} | mark]}


def _appeal(**fields: object) -> Callable[[Day], dict]:
    return lambda d: {"module_id": "theory", "grounds": "复核", "appellant": "领队"} | fields


DECIDE = "/contests/{cid}/appeals/{appeal}/decision"

CASES = [
    # ---- 409: well-formed marks that break the scheme, the draw, the panel or the lock
    Bad("judgement 2.5", marks("M2", _motor({"tool_handling": 2.5})), 409, "marks[2].value"),
    Bad("judgement 2.5 as text", marks("M2", _motor({"tool_handling": "2.5"})), 409, "marks[2].value"),
    Bad("judgement above 3", marks("M2", _motor({"tool_handling": 4})), 409, "marks[2].value"),
    Bad("half a deduction", marks("M2", _motor({"no_helmet": "0.5"})), 409, "marks[2].value"),
    Bad("measurement above max", marks("ET1", _theory(101)), 409, "marks[0].value"),
    Bad("more than 4 places", marks("ET1", _theory("80.00001")), 409, "marks[0].value", "4 decimal places"),
    Bad("unknown blind code", marks("ET1", _raw()), 409, "marks[0].blind_code", "no competitor has blind code 987654"),
    Bad("unknown aspect", marks("ET1", _theory(80, aspect_id="theory_marks")), 409, "marks[0].aspect_id"),
    Bad("unknown module", marks("ET1", _theory(80, module_id="lathe")), 409, "marks[0].module_id"),
    Bad("the same cell twice", marks("ET1", lambda d: {"marks": _theory(80)(d)["marks"] * 2}), 409, "marks[1]", "one mark per cell"),
    Bad(
        "conflict of interest (refused as an unknown code: the judge learns nothing of who is recused)",
        marks("M1", lambda d: batch(d, "motor_control", {"DG-E1": {"wiring_neatness": 3}})),
        409,
        "marks[0].blind_code",
        "no competitor has blind code",
    ),
    Bad("not on the panel", marks("F1", _theory(80)), 409, "marks[0]", "not on the panel"),
    Bad("correction without reason", marks("ET1", _theory(81)), 409, "marks[0].reason", "already has 80"),
    Bad(
        "mark after lock",
        marks("P2", lambda d: batch(d, "practical", {"HJ-W3": {"tack_welding": 2}}, reason="改判"), event="welder"),
        409,
        "marks[0]",
        "locked",
    ),
    # ---- 400: the body, a query or a header does not fit the schema
    Bad("value not a number", marks("ET1", _theory("八十")), 400, "marks[0].value"),
    Bad("empty batch", marks("ET1", {"marks": []}), 400, "marks"),
    Bad("event id in the body", marks("ET1", _theory(80, event_id="welder")), 400, "marks[0].event_id"),
    Bad("blind code not digits", marks("ET1", _raw(blind_code="A1")), 400, "marks[0].blind_code"),
    Bad("Idempotency-Key with a space", marks("ET1", _theory(80), key="two words"), 400, "Idempotency-Key", "visible ASCII"),
    Bad("Idempotency-Key too long", marks("ET1", _theory(80), key="k" * 201), 400, "Idempotency-Key", "1 to 200"),
    Bad("Idempotency-Key empty", marks("ET1", _theory(80), key=""), 400, "Idempotency-Key"),
    Bad("unlock without reason", post("chief", "modules/practical/unlock", {"reason": ""}), 400, "reason"),
    Bad("lock with an unknown field", post("chief", "modules/theory/lock", {"force": True, "why": "x"}, "electrician"), 400, "why"),
    Bad("decision that is neither", post("chief", DECIDE, {"decision": "maybe", "reason": "x"}), 400, "decision"),
    Bad("analytics threshold out of range", get("chief", "analytics?threshold=-1"), 400, "threshold"),
    Bad("snapshot number 0", get("public", "/public/contests/{cid}/events/welder/results.json?number=0"), 400, "number"),
    Bad("history without blind code", get("T1", "marks/history?module_id=theory&aspect_id=theory_mark"), 400, "blind_code"),
    # ---- 409 / 404: the state of the day
    Bad("forced lock without reason", post("chief", "modules/theory/lock", {"force": True}, "electrician"), 409, "reason"),
    Bad("lock with marks owed", post("chief", "modules/theory/lock", None, "electrician"), 409, "force", "not ready to lock"),
    Bad("lock twice", post("chief", "modules/theory/lock"), 409, "module_id", "already locked"),
    Bad("sign with marks owed", post("ET1", "modules/theory/sign-off", None, "electrician"), 409, "owed"),
    Bad("unblind with modules open", post("chief", "unblind", None, "electrician"), 409, "modules.theory"),
    Bad("publish while blind", post("organiser", "publish"), 409, "event_id", "still blind"),
    Bad("standings with marks owed", get("chief", "standings", "electrician"), 409, "modules.theory"),
    Bad(
        "appeal before the lock", post("organiser", "appeals", _appeal(employee_no="DG-E1"), "electrician"), 409, "module_id", "not locked"
    ),
    Bad("appeal naming nobody", post("organiser", "appeals", _appeal()), 409, "blind_code"),
    Bad("appeal on an unknown code", post("organiser", "appeals", _appeal(blind_code="987654")), 404, "blind_code"),
    Bad("decide twice", post("chief", DECIDE, {"decision": "rejected", "reason": "再议"}), 409, "appeal_id", "final"),
    Bad(
        "decide an unknown appeal",
        post("chief", "/contests/{cid}/appeals/2147483647/decision", {"decision": "rejected", "reason": "x"}),
        404,
        "appeal_id",
    ),
    Bad("upheld without corrections", post("chief", DECIDE, {"decision": "upheld", "reason": "x"}), 409, "corrections"),
    Bad(
        "times negative",
        post("chief", "modules/theory/times", lambda d: {"times": [{"blind_code": d.code("DG-E1"), "seconds": -1}]}, "electrician"),
        409,
        "times[0].seconds",
    ),
    Bad(
        "history of an unknown code", get("T1", "marks/history?module_id=theory&blind_code=987654&aspect_id=theory_mark"), 404, "blind_code"
    ),
    Bad("sheet of an unknown module", get("T1", "modules/lathe/sheet"), 404, "module_id"),
    Bad("sheet of an unknown judge", get("chief", "modules/theory/sheet?judge=NOPE"), 404, "judge"),
]


@pytest.fixture(scope="module")
def day(client, run, headers) -> Day:
    d = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(d)
    sign_and_lock(d, "welder")
    ok(d.marks("electrician", "ET1", batch(d, "theory", {"DG-E1": {"theory_mark": 80}})), 201)
    body = {"module_id": "practical", "employee_no": "HJ-W4", "grounds": "余高判定有误", "appellant": "合肥领队"}
    d.appeal = ok(client.post(d.url("welder", "appeals"), json=body, headers=d.organiser), 201)["id"]
    decision = {"decision": "rejected", "reason": "录像确认"}
    ok(client.post(f"/contests/{d.cid}/appeals/{d.appeal}/decision", json=decision, headers=d.chief), 201)
    return d


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_precisely_and_writes_nothing(case: Bad, day, row_counts):
    before = row_counts()
    response = case.send(day)
    assert response.status_code == case.status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    problem = response.json()
    assert problem["status"] == case.status and problem["errors"]
    if case.path is not None:
        assert problem["errors"][0]["path"] == case.path, problem
        assert case.path in problem["detail"], problem
    assert case.detail in problem["detail"], problem
    assert row_counts() == before, "a refused request wrote something"


def test_an_appeal_after_the_window_is_refused(day, row_counts, monkeypatch):
    """The window (120 minutes by default) runs from the lock; three hours later it has closed."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    monkeypatch.setattr(appeals_uc, "utcnow", lambda: later)
    before = row_counts()
    body = {"module_id": "practical", "employee_no": "HJ-W2", "grounds": "迟到的申诉", "appellant": "铜陵领队"}
    response = day.client.post(day.url("welder", "appeals"), json=body, headers=day.organiser)
    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["errors"][0]["path"] == "module_id" and "appeal window of 120 minutes" in problem["detail"]
    assert row_counts() == before


def test_a_refused_batch_stores_none_of_its_good_marks(day, row_counts):
    """All or nothing: one bad mark among good ones refuses the batch, and a retry of the same
    key after fixing nothing is refused again (refusals are not remembered as answers)."""
    good = {f"DG-E{k}": {"theory_mark": 70 + k} for k in range(2, 6)}
    body = batch(day, "theory", good)
    body["marks"].insert(2, {"module_id": "theory", "blind_code": day.code("DG-E1"), "aspect_id": "theory_mark", "value": 150})
    before = row_counts()
    for _ in range(2):
        response = day.marks("electrician", "ET1", body, key="all-or-nothing")
        assert response.status_code == 409, response.text
        assert [e["path"] for e in response.json()["errors"]] == ["marks[2].value"]
    assert row_counts() == before
    fixed = ok(day.marks("electrician", "ET1", batch(day, "theory", good), key="all-or-nothing"), 201)
    assert fixed["created"] == 4


def test_there_are_at_least_twenty_kinds():
    assert len(CASES) >= 20
