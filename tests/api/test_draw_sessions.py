"""Draws in sessions over HTTP (场次 × 工位, issue 15): 25 competitors into 3 sessions of 10
stations, reproducible from the seed; the event's declared session times reach the draw;
bad stations or sessions are refused naming the field, writing nothing; and without sessions
the draw is made as before (one station per competitor, biwu-draw/1)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from contests.draw import verify
from contests.draw_sessions import draw_record
from tests.api import conftest
from tests.api.conftest import new_contest
from tests.factories.logins import password_of

pytestmark = pytest.mark.db
SEED = "7e5"
EXTRA = [f"S{n:02d}" for n in range(1, 23)]  # with E001–E003: 25 competitors
TIMES = """[events.sessions]
stations = 10
times = [
    { starts_at = 2026-05-10T08:30:00+08:00, ends_at = 2026-05-10T11:30:00+08:00 },
    { starts_at = 2026-05-10T13:30:00+08:00, ends_at = 2026-05-10T16:30:00+08:00 },
    { starts_at = 2026-05-11T08:30:00+08:00 },
]

"""


def _contest(client, organiser) -> int:
    cid = new_contest(client, organiser)
    for n, employee_no in enumerate(EXTRA, 1):
        body = {"employee_no": employee_no, "name": f"选手{n}", "unit": "TL" if n % 2 else "HF", "event": "welder"}
        assert client.post(f"/contests/{cid}/competitors", json=body, headers=organiser).status_code == 201
    return cid


@pytest.fixture(scope="module")
def field(client, headers) -> int:
    return _contest(client, headers["organiser"])


def test_twenty_five_competitors_into_three_sessions_of_ten(client, headers, field):
    url = f"/contests/{field}/events/welder/draw"
    posted = client.post(url, json={"seed": SEED, "stations_per_session": 10, "sessions": 3}, headers=headers["organiser"])
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert body["algorithm"] == "biwu-draw/2 shake256" and body["stations_per_session"] == 10
    assert [(s["session"], s["seated"], s["starts_at"]) for s in body["sessions"]] == [(1, 10, None), (2, 10, None), (3, 5, None)]
    seats = [(a["session"], a["station"]) for a in body["assignments"]]
    assert len(seats) == 25 and len(set(seats)) == 25 and Counter(s for s, _ in seats) == {1: 10, 2: 10, 3: 5}
    expected = draw_record(["E001", "E002", "E003", *EXTRA], 10, int(SEED, 16))
    assert sorted((a["blind_code"], a["session"], a["station"]) for a in body["assignments"]) == sorted(
        (a.code, a.session, a.station) for a in expected.assignments
    )  # the committed seed reproduces the whole assignment
    assert body["commitment"] == expected.commitment and verify(expected, EXTRA + ["E003", "E002", "E001"])
    assert client.get(url, headers=headers["chief_judge"]).json() == body


@pytest.mark.parametrize(
    "body, status, path",
    [
        ({"stations_per_session": 0}, 400, "stations_per_session"),  # the body's bounds
        ({"stations_per_session": 10_001}, 400, "stations_per_session"),
        ({"stations_per_session": 10, "sessions": 0}, 400, "sessions"),
        ({"stations_per_session": 10, "sessions": 2}, 409, "sessions"),  # the draw's rules ("draw-refused")
        ({"sessions": 3}, 409, "stations_per_session"),
    ],
)
def test_stations_or_sessions_that_cannot_hold_the_field_are_refused(client, headers, field, row_counts, body, status, path):
    before = row_counts()
    refused = client.post(f"/contests/{field}/events/welder/draw", json=body, headers=headers["organiser"])
    assert refused.status_code == status, refused.text
    assert [e["path"] for e in refused.json()["errors"]] == [path]
    assert row_counts() == before


def test_the_events_declared_sessions_and_times_are_drawn(client, headers, monkeypatch):
    declared = conftest.welder_toml().replace(b"[events.panel_size]", TIMES.encode() + b"[events.panel_size]", 1)
    monkeypatch.setattr(conftest, "welder_toml", lambda: declared)
    cid = _contest(client, headers["organiser"])
    posted = client.post(f"/contests/{cid}/events/welder/draw", headers=headers["organiser"])
    assert posted.status_code == 201, posted.text
    sessions = posted.json()["sessions"]
    assert [(s["session"], s["seated"]) for s in sessions] == [(1, 10), (2, 10), (3, 5)]
    assert [s["starts_at"] for s in sessions] == ["2026-05-10T00:30:00Z", "2026-05-10T05:30:00Z", "2026-05-11T00:30:00Z"]
    assert sessions[0]["ends_at"] == "2026-05-10T03:30:00Z" and sessions[2]["ends_at"] is None
    tight = client.post(f"/contests/{cid}/events/welder/draw", json={"stations_per_session": 8}, headers=headers["organiser"])
    assert tight.status_code == 409 and tight.json()["errors"][0]["path"] == "sessions"  # 3 declared sessions × 8 < 25
    assert "seat 24" in tight.json()["errors"][0]["rule"]
    board = client.get(f"/venue/{cid}/board")  # the hall's display: session and station, no code
    assert board.status_code == 200 and "第 3 场" in board.text and "第 4 场" not in board.text
    assert not any(a["blind_code"] in board.text for a in posted.json()["assignments"])
    page = _signed_in(client, "org").get(f"/organiser/contests/{cid}/draw")
    client.cookies.clear()
    assert page.status_code == 200 and "每场工位数" in page.text and "第 3 场" in page.text and "2026年5月11日 08:30" in page.text


def _signed_in(client, username: str):
    client.cookies.clear()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"username": username, "password": password_of(username), "_csrf_token": token})
    return client


def test_without_sessions_the_draw_is_as_before(client, headers, field):
    posted = client.post(f"/contests/{field}/events/welder/draw", headers=headers["organiser"])
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert body["algorithm"] == "biwu-draw/1 hmac-sha256" and body["stations_per_session"] is None and body["sessions"] == []
    assert {a["session"] for a in body["assignments"]} == {1} and len(body["stations"]) == 25
