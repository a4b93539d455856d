"""In a real browser (issue 9 items 2 and 7): the organiser imports the theory exam's results
on screen, reads what publishing would store and confirms it; the hall's venue board then
shows the published results, and its totals are the published snapshot's."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import xlsxwriter

from tests.api.conftest import run_on
from tests.api.test_judging_fixtures import PANELS, WELDER_THEORY, batch, ok, set_up_day, welder_practical
from tests.factories.logins import password_of
from tests.screens.conftest import TABLET, Site, browser_sign_in

pytestmark = pytest.mark.browser


def _theory_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    rows = [["2026年焊工理论考试成绩"], ["序号", "工号", "姓名", "成绩"]]
    rows += [[k, no, "考生", value] for k, (no, value) in enumerate(WELDER_THEORY.items(), start=1)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _off_loop(fn, *args):
    """Playwright's sync API holds an event loop in this thread: database work runs in another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def _step(client: httpx.Client, day, path: str, headers: dict) -> None:
    ok(client.post(day.url("welder", path), headers=headers), 201)


def test_import_preview_publish_and_the_board(site: Site, browser):
    with httpx.Client(base_url=site.base, timeout=30) as client:
        day = set_up_day(client, lambda work: _off_loop(run_on, site.database_url, work), site.organiser, site.chief)
        for judge in PANELS["welder"]["practical"]:
            ok(day.marks("welder", judge, batch(day, "practical", welder_practical(judge))), 201)
            _step(client, day, "modules/practical/sign-off", day.judges[judge])
        _step(client, day, "modules/practical/lock", day.chief)

        context = browser.new_context(viewport=TABLET, locale="zh-CN")
        page = context.new_page()
        browser_sign_in(page, site.base, "org", password_of("org"))
        page.goto(f"{site.base}/results-import/{day.cid}")
        page.select_option("select[name=module]", "welder/theory")
        page.set_input_files(
            "input[name=file]", {"name": "理论成绩.xlsx", "mimeType": "application/octet-stream", "buffer": _theory_xlsx()}
        )
        page.click("#import-submit")
        page.wait_for_selector("#import-report")
        assert "T1" in page.inner_text("#import-report")

        _step(client, day, "modules/theory/sign-off", day.judges["T1"])
        _step(client, day, "modules/theory/lock", day.chief)
        _step(client, day, "unblind", day.chief)

        page.goto(f"{site.base}/publishing/{day.cid}/welder")
        assert page.locator("#standings tbody tr").count() == 6  # what will be published, shown before confirming
        page.click("#confirm-publish")
        page.wait_for_selector("text=成绩已发布")

        board = context.new_page()  # the hall's display: nobody signs in there
        board.context.clear_cookies()
        board.goto(f"{site.base}/venue/{day.cid}")
        welder = board.locator('section[data-event="welder"]')
        welder.locator(".venue-results").wait_for()
        published = ok(client.get(f"/public/contests/{day.cid}/events/welder/results.json"))
        shown = [cells.split("\t") for cells in welder.locator("tbody tr").all_inner_texts()]
        places = published["standings"]["places"]
        expected = [r["total_units"] / 10**places for r in published["standings"]["rows"]]
        assert [(row[1], float(row[3])) for row in shown] == [(r["name"], t) for r, t in zip(published["standings"]["rows"], expected)]
        context.close()
