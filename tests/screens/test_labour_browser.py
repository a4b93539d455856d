"""Labour competitions in a real browser (issue 12, "Playwright"): a unit reporter signs in on
a phone, lands on the report form, enters March for a team and submits it; the organiser
verifies it from the queue; the standings page then shows what the API answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.conftest import SECRET
from tests.factories.logins import password_of
from tests.screens.conftest import PHONE, TABLET, browser_sign_in, chromium_path
from tests.screens.labour_site import MARCH, seed_labour_site
from tests.servers import api_json, site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]
CID = 1
START_SECONDS = 120


@pytest.fixture(scope="module")
def labour_site(tmp_path_factory, migrated_template) -> Iterator[str]:
    """The demo's labour competition served by `biwu serve` on its own database."""
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "labour", seed_labour_site, SECRET) as (base, _):
        yield base


def _api(base: str, path: str) -> dict:
    return api_json(base, "org", password_of("org"), path)


def test_a_reporter_submits_on_screen_and_the_organiser_verifies(labour_site, browser):
    base = labour_site
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    browser_sign_in(page, base, "reporter1", password_of("reporter1"))
    page.wait_for_selector("#team-T-A")
    assert page.url.startswith(f"{base}/reporting/{CID}")  # the reporter's home is the form
    card = page.locator("#team-T-A")
    for key, value in MARCH.items():
        card.locator(f'input[name="actuals.{key}"]').fill(str(value))
    card.locator('input[name="facts.attendance"]').fill("98")
    card.locator('input[name="facts.lost_time_injury"]').fill("0")
    card.locator("button[type=submit]").click()
    page.wait_for_selector('#team-T-A[data-state="submitted"]')
    phone.close()

    desk = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = desk.new_page()
    browser_sign_in(page, base, "org", password_of("org"))
    page.goto(f"{base}/verification/{CID}?period=2026-03")
    page.locator('article[data-team="T-A"][data-period="2026-03"] form.verify button[type=submit]').click()
    page.wait_for_selector("#queue-empty")
    assert page.locator('#period-state tr[data-team="T-A"] [data-state]').get_attribute("data-state") == "verified"

    page.goto(f"{base}/labour-standings/{CID}?period=2026-03")
    rows = page.locator("#period-standings tbody tr").all()
    shown = {row.get_attribute("data-team"): row.locator("td.total").inner_text() for row in rows}
    api = _api(base, f"/labour/{CID}/periods/2026-03/standings")
    assert api["verified"] == 1
    assert shown == {r["participant"]: f"{r['total']:.2f}" for r in api["rows"]}
    flag = page.locator('#period-standings tr[data-team="T-A"] td.awards').inner_text()
    assert "流动红旗" in flag  # the only verified team in March, not vetoed, every indicator reported
    annual = {
        row.get_attribute("data-team"): row.locator("td.total").inner_text() for row in page.locator("#annual-standings tbody tr").all()
    }
    assert annual == {r["participant"]: f"{r['total']:.2f}" for r in _api(base, f"/labour/{CID}/standings")["rows"]}
    desk.close()
