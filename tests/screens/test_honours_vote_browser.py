"""A committee member votes on screen (issue 13): c03 opens the voting page of the open
sitting on 先进个人, votes yes and abstain, and the page says the vote is in (never how);
the organiser's API view counts c03 as voted. c01 of U01 sees U01's nominee as recused,
with no buttons to vote on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET, run_on
from tests.api.honours_support import MEMBERS, SHARED_PASSWORD, create_round
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import TABLET, browser_sign_in, chromium_path
from tests.servers import api_json, site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]
TITLE = "advanced-individual"


@pytest.fixture(scope="module")
def honours_site(tmp_path_factory, migrated_template) -> Iterator[tuple[str, int]]:
    """A round with two nominations (N001 of U01, N002 of U02) and a sitting open, served by `biwu serve`."""
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "honours", _set_up, SECRET) as served_site:
        yield served_site


def _set_up(url: str) -> int:
    accounts = (
        {"org": "organiser"}
        | {m: "reviewer" for m in MEMBERS}
        | {"n01": "employee", "n02": "employee", "n03": "employee", "n04": "employee"}
    )
    run_on(url, lambda session: add_logins(session, accounts, password=SHARED_PASSWORD))
    with TestClient(create_app(url, secret=SECRET)) as client:
        org = log_in(client, "org", SHARED_PASSWORD)
        rid = create_round(client, org)
        for unit, nominee in (("U01", "E01"), ("U02", "E07")):
            body = {"title": TITLE, "unit": unit, "nominee": nominee, "record": f"{nominee}爱岗敬业，事迹突出。"}
            assert client.post(f"/honours/{rid}/nominations", json=body, headers=org).status_code == 201
        present = {"present": ["c01", "c02", "c03", "c04", "c05", "c06"]}
        assert client.post(f"/honours/{rid}/titles/{TITLE}/sittings", json=present, headers=org).status_code == 201
    return rid


def _voted(base: str, rid: int) -> list[str]:
    return api_json(base, "org", SHARED_PASSWORD, f"/honours/{rid}/titles/{TITLE}/sitting")["voted"]


def test_a_committee_member_votes_on_screen(honours_site, browser):
    base, rid = honours_site
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    browser_sign_in(page, base, "c01", SHARED_PASSWORD)
    page.goto(f"{base}/committee/{rid}/{TITLE}")
    assert page.locator('[data-recused="N001"]').count() == 1 and page.locator('input[name="choice-N001"]').count() == 0
    context.close()

    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    browser_sign_in(page, base, "c03", SHARED_PASSWORD)
    page.goto(f"{base}/committee/{rid}/{TITLE}")
    page.check('input[name="choice-N001"][value="yes"]')
    page.check('input[name="choice-N002"][value="abstain"]')
    page.click("#ballot button[type=submit]")
    page.wait_for_selector("#done")
    assert "1 / 6" in page.locator("#voted").inner_text()
    assert _voted(base, rid) == ["c03"]
    context.close()
