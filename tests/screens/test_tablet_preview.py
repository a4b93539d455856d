"""The computed mark on the tablet (issue 16, point 4): the inspector types a measured value
on the lathe's sheet (examples/lathe.toml) and reads what it earns, with the working, beside
the field; offline nothing computed is shown and the value stays queued. The arithmetic is
the server's (GET …/aspects/{aspect}/preview): tests/api/test_mark_preview.py checks it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api.conftest import run_on, unique
from tests.db.helpers import EXAMPLES
from tests.factories.logins import add_logins, password_of
from tests.screens.conftest import TABLET, Site, browser_sign_in

pytestmark = pytest.mark.browser


def _lathe_day(site: Site, inspector: str) -> int:
    """A lathe contest on the served site: one unit, one competitor, inspector Q1 on the practical panel, drawn."""
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API holds this thread's event loop
        thread.submit(run_on, site.database_url, lambda session: add_logins(session, {inspector: "judge"})).result()
    toml = (EXAMPLES / "lathe.toml").read_bytes().replace(b'id = "lathe-2026"', f'id = "{unique("lathe")}"'.encode(), 1)
    with httpx.Client(base_url=site.base, headers=site.organiser) as api:
        created = api.post("/contests", content=toml, headers={"Content-Type": "application/toml"})
        assert created.status_code == 201, created.text
        cid = created.json()["id"]
        calls = [
            ("units", {"code": "CJ1", "name": "车加工一厂"}, ""),
            ("units", {"code": "JDZ", "name": "技能鉴定站"}, ""),
            ("competitors", {"employee_no": "CG-A", "name": "车甲", "unit": "CJ1", "event": "lathe"}, ""),
            ("judges", {"code": "Q1", "name": "检测员甲", "unit": "JDZ"}, f"?username={inspector}"),
        ]
        for resource, body, query in calls:
            assert api.post(f"/contests/{cid}/{resource}{query}", json=body).status_code == 201
        assert api.put(f"/contests/{cid}/events/lathe/modules/practical/panel", json={"judges": ["Q1"]}).status_code == 200
        assert api.post(f"/contests/{cid}/events/lathe/draw").status_code == 201
    return cid


def test_a_typed_measurement_shows_its_computed_mark(site: Site, browser):
    inspector = unique("q1")
    cid = _lathe_day(site, inspector)
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    browser_sign_in(page, site.base, inspector, password_of(inspector))
    page.goto(f"{site.base}/tablet/{cid}/lathe/practical")
    page.wait_for_selector("#sheet[data-ready='1']")
    page.locator("details.competitor summary").first.click()

    d18 = page.locator('.cell[data-aspect="d18"]')
    d18.locator("input.value").fill("18.045")
    d18.locator("input.value").press("Enter")
    page.wait_for_function("c => c.querySelector('.computed').textContent !== ''", arg=d18.element_handle(), timeout=15_000)
    assert d18.locator(".computed").inner_text() == "18.045 → 超差 0.015，2 步 × 1 = −2 → 13"
    assert page.locator('.cell[data-aspect="thread_gauge"] .computed').count() == 0  # a gauge has nothing to compute

    context.set_offline(True)  # lost Wi-Fi: nothing computed, the value is queued as before
    d24 = page.locator('.cell[data-aspect="d24"]')
    d24.locator("input.value").fill("24.022")
    d24.locator("input.value").press("Enter")
    page.wait_for_function("c => c.classList.contains('is-pending')", arg=d24.element_handle(), timeout=15_000)
    assert d24.locator(".computed").inner_text() == ""
    context.close()
