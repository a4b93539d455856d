"""Fixtures of the screen tests.

- `day_client`: the app in Litestar's TestClient with a judging day set up through the API
  (tests/api/test_judging_fixtures.py: welder and electrician events, judges, panels, draws)
  and one login per role; for page-level checks without a browser.
- `site`: the same day served by `biwu serve` (uvicorn) on a free loopback port, and
  `browser`: headless Chromium (Debian's /usr/bin/chromium, driven by Playwright through
  `executable_path`; Playwright's own browser download is never used).

Without Chromium or the playwright package the browser tests skip with the reason; with
BIWU_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead, so CI never passes without them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET, run_on
from tests.api.test_judging_fixtures import JUDGE_PASSWORD, set_up_day
from tests.db.templates import Template
from tests.factories.logins import add_logins, log_in, password_of
from tests.servers import biwu_served

CHROMIUM = os.environ.get("BIWU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
# one login per role besides the day's judges ("chief" is the contest's chief judge CJ)
LOGINS = {"org": "organiser", "chief": "chief_judge", "watcher": "viewer", "staff1": "employee", "rev1": "reviewer", "fin1": "finance"}


@dataclass
class Site:
    base: str  # http://127.0.0.1:<port>, or the TestClient's base
    database_url: str
    cid: int
    codes: dict[str, str]  # employee number → blind code
    judges: dict[str, str]  # judge code → login
    organiser: dict[str, str] = field(default_factory=dict)  # Authorization header
    chief: dict[str, str] = field(default_factory=dict)

    def judge_password(self) -> str:
        return JUDGE_PASSWORD


def _set_up(url: str) -> Site:
    """A judging day on the database at `url`, set up through the API like an organiser would."""
    run_on(url, lambda session: add_logins(session, LOGINS))
    with TestClient(create_app(url, secret=SECRET)) as client:
        organiser, chief = log_in(client, "org"), log_in(client, "chief")
        day = set_up_day(client, lambda work: run_on(url, work), organiser, chief)
    return Site(base="", database_url=url, cid=day.cid, codes=day.codes, judges=day.usernames, organiser=organiser, chief=chief)


@pytest.fixture(scope="package")
def screens_db(tmp_path_factory: pytest.TempPathFactory, migrated_template: Template) -> Iterator[str]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("screens"))
    try:
        yield url
    finally:
        migrated_template.release(url)


@pytest.fixture(scope="package")
def day_site(screens_db: str) -> Site:
    return _set_up(screens_db)


@pytest.fixture(scope="package")
def day_client(day_site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(day_site.database_url, secret=SECRET), raise_server_exceptions=False) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str | None = None) -> httpx.Response:
    """Sign in through the form (GET for the CSRF token, then POST); the final page."""
    client.cookies.clear()
    token = csrf_of(client.get("/signin").text)
    form = {"username": username, "password": password or password_of(username), "_csrf_token": token}
    return client.post("/signin", data=form)


# ---------------------------------------------------------------- a real server and a real browser


def chromium_path() -> str:
    found = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    reason = None
    if found is None:
        reason = f"Chromium not found at {CHROMIUM}: apt-get install -y --no-install-recommends chromium"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("BIWU_REQUIRE_BROWSER"):
            pytest.fail(f"BIWU_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory, screens_db: str, day_site: Site) -> Iterator[Site]:
    """The judging day served by `biwu serve` on 127.0.0.1 (a real server process)."""
    chromium_path()  # skip before starting anything when there is no browser
    with biwu_served(screens_db, tmp_path_factory.mktemp("server"), SECRET) as base:
        yield Site(**{**day_site.__dict__, "base": base})


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium for one test module. Not longer: Playwright's sync API leaves its event loop
    registered as the running loop of the main thread while it is open, so every later
    `asyncio.run` (the fixtures' database set-up, the TestClient pages) would fail with
    "cannot be called from a running event loop" in whichever modules ran after the first
    browser test. A launch costs about a second per browser module."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def browser_sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
