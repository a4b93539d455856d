"""A judging day of its own for the chief judge console's tests: both events set up and fully
marked through the API on a fresh database, so that locking, appeals and unblinding do not
touch the day the other screen tests share."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.api.conftest import run_on
from tests.api.test_judging_fixtures import Day, mark_electrician, mark_welder, set_up_day
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import LOGINS


def marked_day(url: str, client: TestClient) -> Day:
    """Both events drawn and every mark in, on the database at `url` (not signed, not locked);
    `client` is an open TestClient of an app on that database."""
    run_on(url, lambda session: add_logins(session, LOGINS))
    day = set_up_day(client, lambda work: run_on(url, work), log_in(client, "org"), log_in(client, "chief"))
    mark_welder(day)
    mark_electrician(day)
    return day
