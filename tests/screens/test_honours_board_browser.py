"""The organiser runs the end of an honours round on screen (issue 13 item 7): opens the
board from the organiser home, publishes the 公示 (after a refused period shown beside its
field), records an objection and decides it with a reason (upheld: the nominee is removed),
finalises, and the anonymous public pages show the 公示 as it ended and the final list. The
final list on screen equals the API's; the vote itself was cast beforehand through the API
(tests/screens/honours_board_site.py; the voting page has its own browser test)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.conftest import SECRET
from tests.api.honours_support import SHARED_PASSWORD
from tests.screens.conftest import browser_sign_in, chromium_path
from tests.screens.honours_board_site import DECIDED, END, FINAL_ON, RECEIVED, START, set_up
from tests.servers import site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def board_site(tmp_path_factory, migrated_template) -> Iterator[tuple[str, int]]:
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "honours-board", set_up, SECRET) as served_site:
        yield served_site


def _final_from_api(base: str, rid: int) -> list[tuple[str, str]]:
    answer = httpx.get(f"{base}/public/honours/{rid}/final.json")  # the anonymous JSON of the same list
    assert answer.status_code == 200, answer.text
    return [(e["title"], e["name"]) for e in answer.json()["entries"]]


def test_the_organiser_posts_decides_and_finalises_on_screen(board_site, browser):
    base, rid = board_site
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_sign_in(page, base, "org", SHARED_PASSWORD)
    page.goto(f"{base}/organiser")
    page.click("#honours-board")
    page.click(f'a[href="/honours-board/{rid}"]')
    assert page.locator('tr[data-nomination="N002"] [data-rule="cooldown"]').count() == 1

    page.fill("#publish input[name=start]", START)
    page.fill("#publish input[name=end]", "2026-12-08")  # two working days: refused beside the period
    page.fill("#publish input[name=contact]", "工会办公室 6688")
    page.click("#publish button[type=submit]")
    assert "工作日" in page.locator('#publish [data-field="period"]').inner_text()
    page.fill("#publish input[name=end]", END)
    page.click("#publish button[type=submit]")
    page.wait_for_selector("#notice-list")
    assert page.locator("#stage").get_attribute("data-stage") == "on_notice"

    page.select_option("#record-objection select[name=nomination]", "N004")
    page.fill("#record-objection input[name=received]", RECEIVED)
    page.fill("#record-objection textarea[name=grounds]", "反映其事迹材料与实际不符。")
    page.click("#record-objection button[type=submit]")
    decide = page.locator("#objection-O001 form.decide")
    decide.locator('input[name=upheld][value="yes"]').check()
    decide.locator("input[name=on]").fill(DECIDED)
    decide.locator("button[type=submit]").click()  # no reason: refused beside the field
    assert page.locator('#objection-O001 [data-field="reason"]').inner_text() == "必填项。"
    decide = page.locator("#objection-O001 form.decide")
    assert decide.locator('input[name=upheld][value="yes"]').is_checked()  # what was chosen stays
    decide.locator("textarea[name=reason]").fill("经核实，事迹材料与实际不符，异议成立。")
    decide.locator("button[type=submit]").click()
    assert page.locator("#objection-O001").get_attribute("data-decided") == "yes"
    assert page.locator('#notice-list tr[data-nomination="N004"]').count() == 0

    page.fill("#finalise input[name=on]", FINAL_ON)
    page.click("#finalise button[type=submit]")
    page.wait_for_selector("#final-list")
    on_board = page.locator("#final-list tbody tr").evaluate_all("rows => rows.map(r => r.dataset.nomination)")
    assert sorted(on_board) == ["N001", "N002", "N003", "N005"]  # by votes; N004 removed
    assert page.locator("#print-final").get_attribute("href") == f"/honours-board/{rid}/paper/final.pdf"
    context.close()

    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")  # anonymous, on a phone
    page = public.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/honours-notice/{rid}")
    assert page.locator("#ended").count() == 1 and "工会办公室 6688" in page.locator("#how-to-object").inner_text()
    page.click("#ended a")
    names = page.locator("#public-final td.name").all_inner_texts()
    titles = page.locator("#public-final h2").all_inner_texts()
    assert [("先进个人", n) for n in names] == _final_from_api(base, rid) and titles[0].startswith("先进个人")
    assert "职工E04" not in page.content()  # removed after the upheld objection
    pdf = page.request.get(f"{base}/honours-final/{rid}/final.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    public.close()
    assert errors == []
