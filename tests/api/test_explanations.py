"""A competitor's explanation over HTTP (issue 9 item 5): who may read it, blindness, and that
it can never disagree with the standings, checked for every competitor of both events of
the shared judging day (welder: recusals, a trim, bands, a veto, a criterion veto, tie
times; electrician: deductions with caps, teams)."""

from __future__ import annotations

import re

import pytest

from tests.api.test_judging_fixtures import (
    COMPETITORS,
    close_and_publish,
    mark_electrician,
    mark_welder,
    ok,
    set_up_day,
)

pytestmark = pytest.mark.db

EVENTS = ("welder", "electrician")
NAMES = [name for name, *_ in COMPETITORS.values()]


def _explanations(client, day, event: str, headers) -> dict[str, dict]:
    standings = ok(client.get(day.url(event, "standings"), headers=headers))
    return {r["blind_code"]: ok(client.get(day.url(event, f"explanations/{r['blind_code']}"), headers=headers)) for r in standings["rows"]}


@pytest.fixture(scope="module")
def seen(client, run, headers):
    """Both events marked: what each role reads before publication, then after it."""
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    unmarked = client.get(day.url("welder", f"explanations/{day.code('HJ-W1')}"), headers=day.chief)
    mark_welder(day)
    mark_electrician(day)
    code = day.code("HJ-W1")
    out = {"day": day, "refused": {}, "blind": {}, "public_before": [], "unmarked": unmarked}
    for role in ("judge", "viewer", "anonymous", "employee"):
        out["refused"][role] = client.get(day.url("welder", f"explanations/{code}"), headers=headers[role])
    for event in EVENTS:
        out["public_before"].append(client.get(f"/public/contests/{day.cid}/events/{event}/explanations/{code}"))
        out["blind"][event] = {
            "standings": ok(client.get(day.url(event, "standings"), headers=day.chief)),
            "organiser": _explanations(client, day, event, day.organiser),
            "chief": _explanations(client, day, event, day.chief),
        }
    out["published"] = {event: close_and_publish(day, event) for event in EVENTS}
    out["after"] = {event: _explanations(client, day, event, day.chief) for event in EVENTS}
    return out


def test_only_the_organiser_and_the_chief_judge_read_it_before_publication(seen):
    statuses = {role: answer.status_code for role, answer in seen["refused"].items()}
    assert statuses == {"judge": 403, "viewer": 403, "anonymous": 401, "employee": 403}
    assert all(not any(n in a.text for n in NAMES) for a in seen["refused"].values())
    assert [a.status_code for a in seen["public_before"]] == [404, 404]


def test_the_explanation_total_is_the_standings_total_for_every_competitor(seen):
    for event in EVENTS:
        blind = seen["blind"][event]
        rows = blind["standings"]["rows"]
        assert len(rows) == len(blind["chief"]) > 3
        for row in rows:
            for reader in ("organiser", "chief"):
                found = blind[reader][row["blind_code"]]
                assert (found["total_units"], found["rank"], found["disqualified"]) == (
                    row["total_units"],
                    row["rank"],
                    row["disqualified"],
                )
                assert found["decided_by"].startswith(row["decided_by"].split(" ")[0][:2])
                assert sum(m["weighted"] for m in found["modules"]) == pytest.approx(found["total_unrounded"], abs=1e-9)
                for m in found["modules"]:
                    width = len(found["judges"][m["id"]])
                    assert all(len(a["marks"]) == len(a["kept"]) == width for a in m["aspects"])


def test_it_shows_the_dropped_marks_and_the_band_used(seen):
    day, welder = seen["day"], seen["blind"]["welder"]["chief"]
    w1 = next(m for m in welder[day.code("HJ-W1")]["modules"] if m["id"] == "practical")
    groove = next(a for a in w1["aspects"] if a["id"] == "groove_preparation")
    assert groove["marks"] == [None, 3.0, 3.0, 3.0, 2.0]  # P1 recused from W1
    assert groove["kept"].count(True) == 2 and groove["kept"][4] is False  # the 2 and one 3 trimmed
    w5 = next(m for m in welder[day.code("HJ-W5")]["modules"] if m["id"] == "practical")
    undercut = next(a for a in w5["aspects"] if a["id"] == "undercut")
    assert undercut["awarded"] == 8.0 and "30" in undercut["note"]


def test_blind_until_unblinded_then_names(seen):
    for event in EVENTS:
        for found in seen["blind"][event]["chief"].values():
            assert found["unblinded"] is False and found["name"] is None and found["unit"] is None
            assert not [n for n in NAMES if n in str(found)]
            assert all(re.fullmatch(r"[1-9][0-9]*", c) for c in found["draw"] or [])
        names = {f["name"] for f in seen["after"][event].values()}
        assert names <= set(NAMES) and None not in names


def test_the_public_explanation_is_the_published_row(client, seen):
    day = seen["day"]
    for event in EVENTS:
        rows = seen["published"][event]["standings"]["rows"]
        for row in rows:
            public = ok(client.get(f"/public/contests/{day.cid}/events/{event}/explanations/{row['blind_code']}"))
            assert (public["total_units"], public["rank"], public["name"], public["snapshot"]) == (
                row["total_units"],
                row["rank"],
                row["name"],
                1,
            )
            assert "employee_no" not in public and "'marks'" not in str(public["breakdown"])
            assert public["total_units"] == seen["after"][event][row["blind_code"]]["total_units"]
    page = client.get(f"/public/contests/{day.cid}").text
    code = day.code("HJ-W1")
    assert f'href="/public/contests/{day.cid}/events/welder/explanations/{code}"' in page


def test_owed_marks_are_a_conflict_naming_them(seen):
    """Drawn, nothing marked: the modules' "error" policy refuses to score, as the standings do."""
    answer = seen["unmarked"]
    assert answer.status_code == 409
    assert any(e["path"].startswith("modules.") and "owed" in e["rule"] for e in answer.json()["errors"])


def test_unknown_and_malformed_blind_codes(client, seen):
    day = seen["day"]
    unknown = client.get(day.url("welder", "explanations/999999"), headers=day.chief)
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["path"] == "blind_code"
    assert client.get(day.url("welder", "explanations/abc"), headers=day.chief).status_code == 400
    public = client.get(f"/public/contests/{day.cid}/events/welder/explanations/999999")
    assert public.status_code == 404 and public.json()["errors"][0]["path"] == "blind_code"
