"""The judge's tablet in a real browser (768×1024), through a lost Wi-Fi connection.

A judge signs in, opens the welder practical sheet, marks a competitor, loses the network
(`context.set_offline(True)`), keeps marking, reloads the page without network (the
service worker brings the sheet back and the marks typed are still there, pending), comes
back online: the page sends what it kept and shows every mark confirmed. The API then
holds every mark typed exactly once (version 1, one audit entry each), and the page shows
them confirmed after a fresh load too.
"""

from __future__ import annotations

import httpx
import pytest

from tests.screens.conftest import TABLET, Site, browser_sign_in

pytestmark = pytest.mark.browser

SHEET = "welder/practical"
JUDGE = "P2"
# what the judge types, per welder: band measurements by keypad, judgements by level buttons
TYPED = {
    "HJ-W1": {"cap_height": "0.5", "undercut": "0", "groove_preparation": 3, "tack_welding": 2},
    "HJ-W2": {"cap_height": "1.5", "undercut": "16", "groove_preparation": 2, "tack_welding": 2},
    "HJ-W3": {"cap_height": "0.8", "undercut": "15", "groove_preparation": 1, "tack_welding": 3},
    "HJ-W4": {"cap_height": "2.5", "undercut": "4", "groove_preparation": 0, "tack_welding": 1},
}
ONLINE_FIRST, OFFLINE, AFTER_RELOAD = ["HJ-W1"], ["HJ-W2", "HJ-W3"], ["HJ-W4"]


def _cell(page, code: str, aspect: str):
    return page.locator(f'.cell[data-code="{code}"][data-aspect="{aspect}"]')


def _type_marks(page, site: Site, welders: list[str]) -> None:
    for no in welders:
        code = site.codes[no]
        details = page.locator(f'details.competitor[data-code="{code}"]')
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        for aspect, value in TYPED[no].items():
            cell = _cell(page, code, aspect)
            if isinstance(value, int):
                cell.locator(f'.level[data-value="{value}"]').click()
            else:
                field = cell.locator("input.value")
                assert field.get_attribute("inputmode") == "decimal"
                field.fill(value)
                field.press("Enter")
            page.wait_for_function(
                "c => c.classList.contains('is-pending') || c.classList.contains('is-sending') || c.classList.contains('is-confirmed')",
                arg=cell.element_handle(),
            )


def _states(page, site: Site, welders: list[str]) -> dict[tuple[str, str], str]:
    out = {}
    for no in welders:
        for aspect in TYPED[no]:
            classes = _cell(page, site.codes[no], aspect).get_attribute("class") or ""
            out[(no, aspect)] = next((c[3:] for c in classes.split() if c.startswith("is-")), "")
    return out


def _wait_all_confirmed(page, timeout: float = 30_000) -> None:
    page.wait_for_function("() => document.getElementById('status').dataset.pending === '0'", timeout=timeout)


def test_marks_typed_offline_survive_a_reload_and_are_stored_once(site: Site, browser) -> None:
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    browser_sign_in(page, site.base, site.judges[JUDGE], site.judge_password())
    assert page.url.endswith("/tablet")
    page.click(f'a[href="/tablet/{site.cid}/{SHEET}"]')
    page.wait_for_selector("#sheet[data-ready='1']")
    page.wait_for_selector("#sheet[data-kept='1']")  # the page and its files are kept for an offline reload

    _type_marks(page, site, ONLINE_FIRST)
    _wait_all_confirmed(page)

    context.set_offline(True)
    _type_marks(page, site, OFFLINE)
    page.wait_for_timeout(1500)  # let the page try to send and fail
    assert set(_states(page, site, OFFLINE).values()) <= {"pending", "sending"}
    assert "离线" in page.locator("#status").inner_text()

    page.reload()  # no network: the service worker serves the kept page, the marks come from storage
    page.wait_for_selector("#sheet[data-ready='1']")
    assert set(_states(page, site, OFFLINE).values()) <= {"pending", "sending"}
    _type_marks(page, site, AFTER_RELOAD)

    context.set_offline(False)
    _wait_all_confirmed(page)
    every = ONLINE_FIRST + OFFLINE + AFTER_RELOAD
    assert set(_states(page, site, every).values()) == {"confirmed"}

    page.reload()  # a fresh page from the server shows them confirmed too
    page.wait_for_selector("#sheet[data-ready='1']")
    assert set(_states(page, site, every).values()) == {"confirmed"}
    context.close()
    _assert_stored_once(site, every)


def _assert_stored_once(site: Site, welders: list[str]) -> None:
    base = site.base
    token = httpx.post(f"{base}/auth/token", data={"username": site.judges[JUDGE], "password": site.judge_password()}).json()
    judge = {"Authorization": f"Bearer {token['access_token']}"}
    for no in welders:
        for aspect, value in TYPED[no].items():
            query = {"module_id": "practical", "blind_code": site.codes[no], "aspect_id": aspect}
            versions = httpx.get(f"{base}/contests/{site.cid}/events/welder/marks/history", params=query, headers=judge).json()
            assert len(versions) == 1, (no, aspect, versions)
            assert float(versions[0]["value"]) == float(value)
