"""Two app workers on one database serve identical standings (issue 15): provisional
standings stand at the time of the contest's newest audit event, not at the moment a worker
computed them. Before, `computed_at` was each worker's own clock and the bodies differed."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient

from api.app import create_app
from contests.usecases.judging import standings_cache
from tests.api.conftest import SECRET
from tests.api.test_judging_fixtures import batch, mark_welder, ok, set_up_day

pytestmark = pytest.mark.db


def test_two_workers_serve_identical_standings(client, run, headers, api_db):
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    url = day.url("welder", "standings")
    first = day.client.get(url, headers=day.chief)
    time.sleep(0.01)  # the second worker computes later: its clock has moved on
    with TestClient(create_app(api_db, secret=SECRET), raise_server_exceptions=False) as second:
        standings_cache.CACHE.entries.clear()  # the cache is the process's: another process starts with none
        other = second.get(url, headers=day.chief)
        assert (first.status_code, other.status_code) == (200, 200)
        assert other.headers["x-standings-cache"] == "miss" and other.content == first.content
        ok(day.marks("welder", "T1", batch(day, "theory", {"HJ-W5": {"theory_mark": 98}}, reason="登分错误")), 201)
        changed = [second.get(url, headers=day.chief)]
        standings_cache.CACHE.entries.clear()
        changed.append(day.client.get(url, headers=day.chief))
        assert changed[0].content == changed[1].content and changed[0].json()["computed_at"] > first.json()["computed_at"]
