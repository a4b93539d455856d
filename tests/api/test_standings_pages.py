"""Standings and competitor lists over HTTP (issue 15): the cache as the client sees it
(`X-Standings-Cache`), pages with `offset` and `limit`, `X-Total-Count`, and a 400 naming
the parameter out of its bounds. Without paging parameters the answers are what they were."""

from __future__ import annotations

import pytest

from tests.api.test_judging_fixtures import batch, mark_welder, ok, set_up_day

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def day(client, run, headers):
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    return day


def _problem_paths(response) -> set[str]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return {p["path"] for p in response.json()["errors"]}


def test_an_unchanged_event_is_served_from_the_cache_and_a_change_is_not(day):
    url = day.url("welder", "standings")
    first = day.client.get(url, headers=day.chief)
    again = day.client.get(url, headers=day.chief)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["x-standings-cache"] == "hit" and again.content == first.content
    assert again.headers["x-total-count"] == str(len(first.json()["rows"])) == "6"
    fix = batch(day, "theory", {"HJ-W5": {"theory_mark": 99}}, reason="登分错误")
    ok(day.marks("welder", "T1", fix), 201)
    changed = day.client.get(url, headers=day.chief)
    assert changed.headers["x-standings-cache"] == "miss"
    totals = {r["blind_code"]: r["total_units"] for r in changed.json()["rows"]}
    before = {r["blind_code"]: r["total_units"] for r in first.json()["rows"]}
    assert totals[day.code("HJ-W5")] > before[day.code("HJ-W5")]
    assert day.client.get(url, headers=day.chief).headers["x-standings-cache"] == "hit"


def test_standings_pages(day):
    url = day.url("welder", "standings")
    whole = ok(day.client.get(url, headers=day.organiser))
    page = day.client.get(url, params={"offset": 2, "limit": 3}, headers=day.organiser)
    assert page.status_code == 200 and page.headers["x-total-count"] == "6"
    body = page.json()
    assert body["rows"] == whole["rows"][2:5]
    assert {k: v for k, v in body.items() if k != "rows"} == {k: v for k, v in whole.items() if k != "rows"}
    assert ok(day.client.get(url, params={"limit": 2}, headers=day.organiser))["rows"] == whole["rows"][:2]
    assert ok(day.client.get(url, params={"offset": 4}, headers=day.organiser))["rows"] == whole["rows"][4:]
    assert ok(day.client.get(url, params={"offset": 60, "limit": 10}, headers=day.organiser))["rows"] == []


@pytest.mark.parametrize(
    ("params", "name"), [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"), ({"offset": -1}, "offset"), ({"limit": "ten"}, "limit")]
)
def test_pages_out_of_bounds_are_400_naming_the_parameter(day, params, name):
    for path in (day.url("welder", "standings"), f"/contests/{day.cid}/competitors"):
        paths = _problem_paths(day.client.get(path, params=params, headers=day.organiser))
        assert any(name in p for p in paths), paths


def test_competitor_pages(day):
    url = f"/contests/{day.cid}/competitors"
    whole = day.client.get(url, headers=day.organiser)
    assert whole.status_code == 200 and whole.headers["x-total-count"] == str(len(whole.json()))
    everyone = whole.json()
    assert len(everyone) > 4
    page = day.client.get(url, params={"offset": 1, "limit": 3}, headers=day.organiser)
    assert page.json() == everyone[1:4] and page.headers["x-total-count"] == str(len(everyone))
    assert ok(day.client.get(url, params={"offset": 3}, headers=day.organiser)) == everyone[3:]
    assert day.client.get(url, params={"limit": 2}, headers=day.chief).json() == everyone[:2]
