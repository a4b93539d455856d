"""The tablet and the homes in a real browser: where each role lands, a phone-width sheet
with large touch targets, a value refused on the spot with the API's own message, a value
the server refuses shown next to its field, and the sign-off."""

from __future__ import annotations

import httpx
import pytest

from tests.factories.logins import password_of
from tests.screens.conftest import PHONE, TABLET, Site, browser_sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("username", "home"), [("org", "/home"), ("chief", "/home"), ("watcher", "/home"), ("staff1", "/home")])
def test_each_role_lands_on_its_home(site: Site, browser, username, home):
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    browser_sign_in(page, site.base, username, password_of(username))
    assert page.url == f"{site.base}{home}"
    assert page.locator("h1").inner_text() == f"欢迎，{username}"
    page.click("text=退出登录")
    page.wait_for_url(f"{site.base}/signin")
    context.close()


def test_a_judge_lands_on_the_module_list(site: Site, browser):
    context = browser.new_context(viewport=TABLET, locale="en-US")  # Accept-Language: English
    page = context.new_page()
    browser_sign_in(page, site.base, site.judges["P3"], site.judge_password())
    assert page.url == f"{site.base}/tablet"
    assert page.locator("h1").inner_text() == "My marking modules"
    assert page.locator(".modules a").count() == 1
    context.close()


def _api_rule(site: Site, judge: str, value: str) -> str:
    token = httpx.post(f"{site.base}/auth/token", data={"username": site.judges[judge], "password": site.judge_password()}).json()
    body = {"marks": [{"module_id": "theory", "blind_code": site.codes["HJ-W1"], "aspect_id": "theory_mark", "value": value}]}
    answer = httpx.post(
        f"{site.base}/contests/{site.cid}/events/welder/marks", json=body, headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert answer.status_code == 409, answer.text
    return answer.json()["errors"][0]["rule"]


def test_refusals_at_phone_width_and_the_sign_off(site: Site, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    browser_sign_in(page, site.base, site.judges["T1"], site.judge_password())
    page.goto(f"{site.base}/tablet/{site.cid}/welder/theory")
    page.wait_for_selector("#sheet[data-ready='1']")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]  # nothing runs off a phone
    first = page.locator("details.competitor summary").first.bounding_box()
    assert first["height"] >= 44  # a finger-sized target

    cell = page.locator(f'.cell[data-code="{site.codes["HJ-W1"]}"][data-aspect="theory_mark"]')
    page.locator(f'details.competitor[data-code="{site.codes["HJ-W1"]}"] summary').click()
    field = cell.locator("input.value")
    assert field.get_attribute("inputmode") == "decimal"
    field.fill("150")
    field.press("Enter")
    assert cell.locator(".error").inner_text() == _api_rule(site, "T1", "150")  # refused on the spot, the API's words
    assert "is-invalid" in cell.get_attribute("class") and page.locator("#status").get_attribute("data-pending") == "0"

    field.fill("88.12345")  # in range, but more decimals than a mark stores: only the server knows
    field.press("Enter")
    page.wait_for_function("c => c.classList.contains('is-refused')", arg=cell.element_handle(), timeout=15_000)
    assert cell.locator(".error").inner_text() == _api_rule(site, "T1", "88.12345")

    for no, value in {"HJ-W1": "90", "HJ-W2": "80", "HJ-W3": "95", "HJ-W4": "70", "HJ-W5": "60", "HJ-W6": "60.5"}.items():
        page.locator(f'details.competitor[data-code="{site.codes[no]}"]').evaluate("d => d.open = true")
        entry = page.locator(f'.cell[data-code="{site.codes[no]}"][data-aspect="theory_mark"] input.value')
        entry.fill(value)
        entry.press("Enter")
    page.wait_for_function(
        "() => { const s = document.getElementById('status').dataset; return s.pending === '0' && s.owed === '0' && s.refused === '0'; }",
        timeout=15_000,
    )
    page.click("#sign-off")
    page.wait_for_function("() => document.getElementById('signed-state').textContent.includes('已签字')", timeout=15_000)
    progress = httpx.get(f"{site.base}/contests/{site.cid}/events/welder/progress", headers=site.chief).json()
    theory = next(m for m in progress["modules"] if m["module_id"] == "theory")
    assert theory["judges"][0]["signed"] and theory["owed"] == 0
    context.close()


@pytest.mark.parametrize(
    ("path", "ready"), [("/schema/swagger", ".swagger-ui .opblock"), ("/schema", ".scalar-app, .references-layout, [class*=scalar]")]
)
def test_the_api_docs_render_with_no_internet(site: Site, browser, path, ready):
    context = browser.new_context(viewport=TABLET)
    outside = []

    def only_loopback(route):
        if route.request.url.startswith(site.base):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.base}{path}")
    page.wait_for_selector(ready, timeout=30_000)
    assert not errors
    assert not outside, outside  # nothing asked of the internet
    context.close()
