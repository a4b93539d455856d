"""Blind until unblinded, over HTTP: no response a judge can read before the chief judge
unblinds the event (sheets, the draw, the contest, batch answers, mark histories, sign-offs,
times, refusals of every kind) contains any competitor's name, employee number, unit or
team. The raw response bytes are searched for every one of them, so a leak through any
field, header or error message would be found."""

from __future__ import annotations

import pytest
from httpx import Response

from tests.api.test_judging_fixtures import (
    COMPETING_UNITS,
    COMPETITORS,
    TEAMS,
    UNITS,
    batch,
    ok,
    set_up_day,
    sign_and_lock,
    welder_practical,
)

pytestmark = pytest.mark.db

SECRETS = sorted(
    {name for name, _, _, _ in COMPETITORS.values()}
    | set(COMPETITORS)
    | {UNITS[u] for u in COMPETING_UNITS}
    | set(COMPETING_UNITS)
    | set(TEAMS)
    | {name for name, _ in TEAMS.values()}
)


def leaks(response: Response) -> list[str]:
    raw = response.content + b"\n".join(f"{k}: {v}".encode() for k, v in response.headers.items())
    return [s for s in SECRETS if s.encode("utf-8") in raw]


def test_nothing_a_judge_reads_names_a_competitor_before_unblinding(client, run, headers):
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    seen: dict[str, Response] = {}
    c, url = client, lambda path: day.url("welder", path)

    def read(what: str, response: Response, status: int) -> None:
        assert response.status_code == status, (what, response.text)
        seen[what] = response

    for judge, module in (("P1", "practical"), ("P2", "practical"), ("T1", "theory")):
        read(f"empty sheet {judge}", c.get(url(f"modules/{module}/sheet"), headers=day.judges[judge]), 200)
    read("draw", c.get(url("draw"), headers=day.judges["P1"]), 403)  # judges read no draw (issue 10: it showed every code)
    read("contest", c.get(f"/contests/{day.cid}", headers=day.judges["P1"]), 200)
    read("contests", c.get("/contests", headers=day.judges["P1"]), 200)
    for judge in ("P1", "P2", "P3", "P4", "P5"):
        read(f"batch {judge}", day.marks("welder", judge, batch(day, "practical", welder_practical(judge)), key=f"{judge}-1"), 201)
    read("retried batch P2", day.marks("welder", "P2", batch(day, "practical", welder_practical("P2")), key="P2-1"), 201)
    theory = batch(day, "theory", {no: {"theory_mark": 80} for no in COMPETITORS if no.startswith("HJ-")})
    read("batch T1", day.marks("welder", "T1", theory), 201)
    times = {"times": [{"blind_code": day.code("HJ-W1"), "seconds": 3600}]}
    read("times T1", c.post(url("modules/theory/times"), json=times, headers=day.judges["T1"]), 201)

    # refusals: a conflict of interest (P1 of unit TLGS and a TLGS welder), another panel's
    # sheet, another judge's sheet, an unknown code, a bad value, a correction without reason
    read("conflict refusal", day.marks("welder", "P1", batch(day, "practical", {"HJ-W1": {"tack_welding": 3}})), 409)
    read("panel refusal", c.get(url("modules/practical/sheet"), headers=day.judges["T1"]), 403)
    read("other judge's sheet", c.get(url("modules/practical/sheet?judge=P3"), headers=day.judges["P2"]), 403)
    unknown = {"marks": [{"module_id": "practical", "blind_code": "999999", "aspect_id": "tack_welding", "value": 3}]}
    read("unknown code", day.marks("welder", "P2", unknown), 409)
    read("bad value", day.marks("welder", "P2", batch(day, "practical", {"HJ-W3": {"tack_welding": "2.5"}})), 409)
    read("no reason", day.marks("welder", "P2", batch(day, "practical", {"HJ-W3": {"tack_welding": 1}})), 409)
    read("sign-off P1", c.post(url("modules/practical/sign-off"), headers=day.judges["P1"]), 201)
    read(
        "unknown history",
        c.get(url("marks/history?module_id=practical&blind_code=999999&aspect_id=undercut"), headers=day.judges["P2"]),
        404,
    )
    for what, path in (
        ("progress", "progress"),
        ("standings", "standings"),
        ("appeals", "appeals"),
        ("locks", "locks"),
        ("analytics", "analytics"),
    ):
        read(f"{what} refused", c.get(url(path), headers=day.judges["P2"]), 403)
    read("lock refused", c.post(url("modules/practical/lock"), headers=day.judges["P2"]), 403)
    read("competitors refused", c.get(f"/contests/{day.cid}/competitors", headers=day.judges["P2"]), 403)
    read("public page", c.get(f"/public/contests/{day.cid}"), 404)
    read("public results", c.get(f"/public/contests/{day.cid}/events/welder/results.json"), 404)

    for judge in ("P2", "P3"):
        read(f"sign-off {judge}", c.post(url("modules/practical/sign-off"), headers=day.judges[judge]), 201)
        read(f"full sheet {judge}", c.get(url("modules/practical/sheet"), headers=day.judges[judge]), 200)
    query = f"marks/history?module_id=practical&blind_code={day.code('HJ-W1')}&aspect_id=groove_preparation"
    read("history", c.get(url(query), headers=day.judges["P2"]), 200)

    sheet = seen["full sheet P2"].json()
    assert sheet["blind"] and len(sheet["rows"]) == 6 and all(r["owed"] == [] for r in sheet["rows"])
    assert {what: leaks(r) for what, r in seen.items()} == {what: [] for what in seen}

    # the same search does find them once the event is unblinded
    assert ok(c.get(url("progress"), headers=day.chief))["modules"][1]["owed"] == 0
    sign_and_lock(day, "welder")
    ok(c.post(url("unblind"), headers=day.chief), 201)
    revealed = c.get(url("modules/practical/sheet"), headers=day.judges["P2"])  # P1's leaves HJ-W1 off (issue 10)
    assert {"张三", "HJ-W1", "铜陵供电公司"} <= set(leaks(revealed))
