"""Regenerates the README's screenshots of the screens (docs/screens/*.png).

    .venv/bin/python scripts/screenshots.py

It starts `biwu serve --demo` on a free loopback port with a throwaway SQLite database, then
drives headless Chromium (Debian's /usr/bin/chromium through Playwright, as the browser tests
do; `BIWU_CHROMIUM` names another) through the demo contest day of the welder contest:

1. the organiser's console, the registration page and the draw page (the organiser runs the
   draw on screen when the demo has none yet);
2. judge1's tablet at 768×1024, with the sheet by blind code;
3. every demo judge's marks (scripts/demo_marks.py, through the API as tablets send them),
   then the chief judge's console and its charts;
4. the venue board (no sign-in), showing progress by station before publication.

The pictures are PNGs of the browser's viewport (1280×860, the tablet 768×1024); one over
MAX_BYTES is reduced to a 256-colour palette. The pages are Chinese, so the machine needs a
CJK font (Debian: `apt-get install fonts-noto-cjk`): without one Chromium draws empty boxes,
and the script refuses rather than write such pictures. The demo is seeded from a fixed
seed, so the names are the same on every run; times and commitments differ.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.servers, scripts.demo_marks

from scripts.demo_marks import fill  # noqa: E402
from tests.servers import free_port, served  # noqa: E402

OUT = ROOT / "docs" / "screens"
CHROMIUM = os.environ.get("BIWU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 860}
TABLET = {"width": 768, "height": 1024}
MAX_BYTES = 200_000
CONTEST, EVENT, MODULE = "welder-2026", "welder", "practical"  # the demo's welder contest; judge1 sits on its practical panel
START_SECONDS = 180  # migrations and the demo's seeding (argon2 hashes) before /health answers


def has_cjk_font() -> bool:
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True) if shutil.which("fc-list") else None
    return bool(listed and listed.stdout.strip())


def missing() -> str | None:
    """Why the screenshots cannot be taken on this machine, or None."""
    if not has_cjk_font():
        return "no CJK font on this machine: the pages would show empty boxes. Install one first: apt-get install fonts-noto-cjk"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set BIWU_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: .venv/bin/pip install playwright"
    return None


@contextmanager
def demo_server(where: Path) -> Iterator[str]:
    """`biwu serve --demo` on a free port with an SQLite database in `where`; its base URL once /health answers."""
    port = free_port()
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", f"sqlite+aiosqlite:///{where / 'demo.db'}"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    env.pop("BIWU_SECRET", None)  # a key of its own, stored in the throwaway database
    with served(command, env, where, port, START_SECONDS) as base:
        yield base


def contest_id(base: str) -> int:
    token = httpx.post(f"{base}/auth/token", data={"username": "organiser", "password": "organiser-demo"}).json()["access_token"]
    contests = httpx.get(f"{base}/contests", headers={"Authorization": f"Bearer {token}"}).json()
    return next(c["id"] for c in contests if c["slug"] == CONTEST)


def save(page, name: str, *, locator=None) -> None:
    """A PNG of the viewport (or of one element), reduced to a palette when over MAX_BYTES."""
    path = OUT / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    if path.stat().st_size > MAX_BYTES:
        from PIL import Image  # matplotlib's dependency, already installed

        Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def settle(page) -> None:
    """Wait for the page's scripts to finish loading what they fetch (the tablet's sheet, the board's progress)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except PlaywrightTimeout:  # a page that keeps polling: take it as it is
        pass


def signed_in(browser, base: str, username: str, viewport: dict):
    """A fresh browser context signed in as a demo login (password `<login>-demo`), Chinese first."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f"{username}-demo")
    with page.expect_navigation():
        page.click("button[type=submit]")
    return context, page


def organiser_pages(browser, base: str, cid: int) -> None:
    context, page = signed_in(browser, base, "organiser", DESKTOP)
    page.goto(f"{base}/organiser")
    save(page, "organiser-console")
    page.goto(f"{base}/organiser/contests/{cid}/registration")
    save(page, "organiser-registration")
    page.goto(f"{base}/organiser/contests/{cid}/draw")
    section = page.locator(f"#draw-{EVENT}")
    if section.locator("code.commitment").count() == 0:  # the demo starts undrawn: draw on screen, as an organiser would
        with page.expect_navigation():
            section.locator("button[type=submit]").click()
    page.evaluate("window.scrollTo(0, 0)")  # the answer opens at the event's anchor: show the page's heading and tabs too
    save(page, "organiser-draw")
    context.close()


def tablet_page(browser, base: str, cid: int) -> None:
    context, page = signed_in(browser, base, "judge1", TABLET)
    page.goto(f"{base}/tablet/{cid}/{EVENT}/{MODULE}")
    settle(page)
    save(page, "judge-tablet")
    context.close()


def chief_pages(browser, base: str, cid: int) -> None:
    context, page = signed_in(browser, base, "chief", DESKTOP)
    page.goto(f"{base}/chief/{cid}/{EVENT}")
    save(page, "chief-console")
    charts = page.locator("#charts")
    charts.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.querySelectorAll('#charts img')).every(i => i.complete && i.naturalWidth > 0)")
    save(page, "chief-charts", locator=charts)
    context.close()


def venue_page(browser, base: str, cid: int) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/venue/{cid}")
    settle(page)
    save(page, "venue-board")
    context.close()


PHONE = {"width": 390, "height": 844}
LABOUR = "liusai-2026"  # the demo's 六赛 labour competition (api/labour_demo.py); reporter1 reports for 炼钢厂
MARCH = {"output": 1080, "cost": 505000, "quality": 99.2, "safety": 0, "discipline": 0}


def labour_id(base: str) -> int:
    token = httpx.post(f"{base}/auth/token", data={"username": "organiser", "password": "organiser-demo"}).json()["access_token"]
    competition = httpx.get(f"{base}/labour/1", headers={"Authorization": f"Bearer {token}"}).json()
    return competition["id"] if competition.get("slug") == LABOUR else 1


def labour_pages(browser, base: str) -> None:
    """The reporter's phone form, the organiser's queue with March's first report, the standings and the public board."""
    lid = labour_id(base)
    context, page = signed_in(browser, base, "reporter1", PHONE)  # lands on the form
    page.goto(f"{base}/reporting/{lid}?period=2026-03")
    card = page.locator("#team-T-A")
    if card.get_attribute("data-state") == "none":  # send March for 炼钢一班 on screen, as the reporter would
        for key, value in MARCH.items():
            card.locator(f'input[name="actuals.{key}"]').fill(str(value))
        card.locator('input[name="facts.attendance"]').fill("98")
        with page.expect_navigation():
            card.locator("button[type=submit]").click()
    page.evaluate("window.scrollTo(0, 0)")
    save(page, "labour-report-phone")
    context.close()
    context, page = signed_in(browser, base, "organiser", DESKTOP)
    page.goto(f"{base}/verification/{lid}?period=2026-03")
    save(page, "labour-verification")
    page.goto(f"{base}/labour-standings/{lid}?period=2026-02")
    save(page, "labour-standings")
    context.close()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/leaderboard/{lid}")
    page.wait_for_function("Array.from(document.querySelectorAll('#trend img')).every(i => i.complete && i.naturalWidth > 0)")
    save(page, "labour-leaderboard")
    context.close()


def campaign_id(base: str) -> int:
    token = httpx.post(f"{base}/auth/token", data={"username": "organiser", "password": "organiser-demo"}).json()["access_token"]
    listed = httpx.get(f"{base}/campaigns", headers={"Authorization": f"Bearer {token}"}).json()
    return next(c["id"] for c in listed if c["slug"] == "wuxiao-2026")  # the demo's five-smalls campaign (api/campaigns_demo.py)


def campaign_pages(browser, base: str) -> None:
    """Issue 11: the employee's phone pages, a blind reviewer's rubric form, finance's verification
    page and the organiser's board with the award preview and the statistics charts."""
    kid = campaign_id(base)
    context, page = signed_in(browser, base, "employee", PHONE)  # lands on "我的提案"
    save(page, "campaign-employee-home")
    page.goto(f"{base}/proposals/{kid}/new")
    page.locator("#proposers input[name=p_share]").first.fill("60")  # the running total shows the 100% rule at work
    page.locator("#proposers").scroll_into_view_if_needed()
    save(page, "campaign-employee-form")
    context.close()
    context, page = signed_in(browser, base, "expert1", PHONE)  # lands on the review queue
    owed = page.locator(".queue li.owed a")  # a proposal still to score, else the first one
    (owed if owed.count() else page.locator(".queue a")).first.click()
    page.wait_for_load_state()
    save(page, "campaign-reviewer-form")
    context.close()
    context, page = signed_in(browser, base, "finance", DESKTOP)
    with page.expect_navigation():
        page.locator(".ledger table.verified a").first.click()
    save(page, "campaign-finance")
    context.close()
    context, page = signed_in(browser, base, "organiser", DESKTOP)
    page.goto(f"{base}/board/{kid}")
    save(page, "campaign-board")
    page.goto(f"{base}/board/{kid}/awards")
    save(page, "campaign-awards")
    page.goto(f"{base}/board/{kid}/statistics")
    page.wait_for_function("Array.from(document.querySelectorAll('figure img')).every(i => i.complete && i.naturalWidth > 0)")
    save(page, "campaign-statistics")
    context.close()


def main() -> int:
    reason = missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, demo_server(Path(tmp)) as base, sync_playwright() as playwright:
        cid = contest_id(base)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            organiser_pages(browser, base, cid)
            tablet_page(browser, base, cid)
            fill(base, str(cid), EVENT)  # every judge's marks, so the chief's console has progress, spreads and charts
            chief_pages(browser, base, cid)
            venue_page(browser, base, cid)
            labour_pages(browser, base)  # issue 12: the labour competition's screens
            campaign_pages(browser, base)  # issue 11: the five-smalls campaign's screens
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
