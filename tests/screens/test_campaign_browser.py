"""A five-smalls campaign through the screens only, in a real browser (issue 11): two
employees submit on phone-sized pages (one with a co-proposer, who confirms their share,
and an attachment); the organiser accepts and assigns on the board; three reviewers score
blind; the proposals are adopted and implemented; finance verifies the benefit; the
organiser publishes. The published grades and the fen-exact splits equal the API's, and
the public page carries no share or amount (the campaign declares none public)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.campaigns_support import EXTRA_LOGINS, Flow
from tests.api.conftest import SECRET, USERNAMES, run_on
from tests.factories.logins import add_logins, log_in, password_of
from tests.screens.conftest import PHONE, TABLET, browser_sign_in, chromium_path
from tests.servers import api_json, site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]

PDF = b"%PDF-1.4\n% biwu browser test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
MARKS = {"水泵密封改进": {"value": "8", "novelty": "6", "effect": "5"}, "巡检记录移动化": {"value": "7", "novelty": "5", "effect": "4"}}
PANEL = ("R1", "R2", "R3")


@pytest.fixture(scope="module")
def campaign_site(tmp_path_factory, migrated_template) -> Iterator[tuple[str, int]]:
    """An empty campaign (units, the employee register, five reviewers) served by `biwu serve`."""
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "campaign", _campaign, SECRET) as served_site:
        yield served_site


def _campaign(url: str) -> int:
    run_on(url, lambda session: add_logins(session, {u: r for r, u in USERNAMES.items()} | EXTRA_LOGINS))
    with TestClient(create_app(url, secret=SECRET)) as client:
        headers = {role: log_in(client, user) for role, user in USERNAMES.items()}
        return Flow.signed_in(client, headers, lambda work: run_on(url, work)).campaign()


SIGNED_IN: dict[str, object] = {}  # login → its page, signed in once for the whole flow


def _as(browser, base: str, user: str, viewport=PHONE):
    """The login's page (a context of its own, signed in on first use), at its home."""
    if user not in SIGNED_IN:
        page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
        browser_sign_in(page, base, user, password_of(user))
        SIGNED_IN[user] = page
    else:
        SIGNED_IN[user].goto(f"{base}/home")
    return SIGNED_IN[user]


def _propose(page, base: str, cid: int, title: str, rows: list[tuple[str, str, str]]) -> int:
    page.click(f'a[href="/proposals/{cid}/new"]')
    assert "份额合计必须正好是 100%" in page.locator("#share-rule").inner_text()  # said before sending
    page.fill("input[name=title]", title)
    page.fill("textarea[name=problem]", "人工作业效率低，存在安全隐患。")
    page.fill("textarea[name=solution]", "改进工装并在班组试用。")
    page.select_option("select[name=unit]", "TL")
    for k, (number, name, share) in enumerate(rows):
        row = page.locator(".proposer-row").nth(k)
        row.locator("input[name=p_no]").fill(number)
        row.locator("input[name=p_name]").fill(name)
        row.locator("input[name=p_share]").fill(share)
    assert page.locator("#share-total").inner_text() == "100.00"  # the running total, before sending
    page.fill("input[name=claimed]", "120000")
    page.click("button[name=intent][value=draft]")
    page.wait_for_selector('#proposal[data-state="draft"]')
    return int(re.search(rf"/proposals/{cid}/(\d+)$", page.url).group(1))


def _api(base: str, user: str, path: str) -> dict:
    return api_json(base, user, password_of(user), path)


def _employees_submit(browser, base: str, cid: int) -> dict[str, int]:
    page = _as(browser, base, "emp1")
    first = _propose(page, base, cid, "水泵密封改进", [("E1", "张三", "60"), ("E90", "周九", "40")])
    page.set_input_files("form.upload input[type=file]", {"name": "张三-图纸.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#files a:has-text('张三-图纸.pdf')")
    page.click("form.action-submit button")
    assert "还有共同完成人没有确认" in " ".join(page.locator(".error").all_inner_texts())  # 周九 has not confirmed yet

    page = _as(browser, base, "emp2")  # the co-proposer sees the draft they are named on, and confirms
    page.click(f'#mine a[href="/proposals/{cid}/{first}"]')
    page.click("form.confirm-share button")
    page.wait_for_selector('#shares li[data-employee="E90"][data-confirmed="1"]')
    page.goto(f"{base}/home")
    second = _propose(page, base, cid, "巡检记录移动化", [("E90", "周九", "100")])
    page.click("form.action-submit button")
    page.wait_for_selector('#proposal[data-state="submitted"]')

    page = _as(browser, base, "emp1")
    page.goto(f"{base}/proposals/{cid}/{first}")
    page.click("form.action-submit button")
    page.wait_for_selector('#proposal[data-state="submitted"]')
    return {"水泵密封改进": first, "巡检记录移动化": second}


def _bulk(page, base: str, cid: int, ids: list[int], action: str) -> None:
    page.goto(f"{base}/board/{cid}")
    for sid in ids:
        page.check(f'#submissions tr[data-id="{sid}"] input[name=id]')
    page.select_option("select[name=action]", action)
    page.click(".bulk-actions button[type=submit]")
    page.wait_for_selector("#bulk-done")
    assert page.locator("#submissions p.error").count() == 0


def _organiser_accepts_and_assigns(browser, base: str, cid: int, ids: list[int]) -> None:
    page = _as(browser, base, "org", TABLET)
    _bulk(page, base, cid, ids, "accept")
    for sid in ids:
        page.goto(f"{base}/board/{cid}/submissions/{sid}")
        for code in PANEL:
            page.check(f'#panel li[data-code="{code}"] input')
        page.click("#panel button[type=submit]")
        page.wait_for_selector('#panel li[data-code="R1"] input:checked')
    _bulk(page, base, cid, ids, "start_review")


def _reviewers_score(browser, base: str, cid: int) -> None:
    for user in ("rev1", "rev2", "rev3"):
        page = _as(browser, base, user)
        for title, marks in MARKS.items():
            page.goto(f"{base}/review")
            page.click(f".queue a:has-text('{title}')")
            text = page.content()
            assert not [name for name in ("张三", "周九", "emp1", "emp2", "E90") if name in text]  # blind: nobody named
            for aspect, mark in marks.items():
                page.fill(f"input[name='mark:{aspect}']", mark)
            assert float(page.locator("#mark-total").inner_text()) == sum(float(m) for m in marks.values())
            page.click("form.rubric button[type=submit]")
            page.wait_for_url(re.compile(r"/review\?saved="))
        assert "还欠 0 项" in page.locator(".queue .progress").inner_text()


def _finance_verifies(browser, base: str, cid: int, ids: list[int]) -> None:
    page = _as(browser, base, "fin1")
    for sid in ids:
        page.goto(f"{base}/home")
        page.click(f'.to-verify a[href="/finance/{cid}/{sid}"]')
        page.fill("input[name=verified_benefit_yuan]", "98000.00")
        page.fill("input[name=verified_by]", "财务部 王会计")
        page.click("form.verify button[type=submit]")
        shown = page.locator("#verified").inner_text()
        assert "98,000.00" in shown and "财务部 王会计" in shown and "fin1" in shown


def test_a_campaign_from_proposal_to_publication_on_screens_only(campaign_site, browser):
    base, cid = campaign_site
    try:
        _flow(browser, base, cid)
    finally:
        for page in SIGNED_IN.values():
            page.context.close()
        SIGNED_IN.clear()


def _flow(browser, base: str, cid: int) -> None:
    ids = _employees_submit(browser, base, cid)
    _organiser_accepts_and_assigns(browser, base, cid, list(ids.values()))
    _reviewers_score(browser, base, cid)
    page = _as(browser, base, "org", TABLET)
    _bulk(page, base, cid, list(ids.values()), "adopt")
    _bulk(page, base, cid, list(ids.values()), "implement")
    _finance_verifies(browser, base, cid, list(ids.values()))

    page = _as(browser, base, "org", TABLET)
    page.goto(f"{base}/board/{cid}/awards")
    page.click("form.publish button[type=submit]")
    page.wait_for_selector('#budget[data-published="1"]')
    shown = {
        row.get_attribute("data-submission"): (
            int(row.get_attribute("data-grade")),
            int(row.get_attribute("data-reward-fen")),
            {li.get_attribute("data-employee"): int(li.get_attribute("data-fen")) for li in row.locator("ul.shares li").all()},
        )
        for row in page.locator("#entries tbody tr[data-submission]").all()
    }
    api = _api(base, "org", f"/campaigns/{cid}/awards")
    assert api["published"]
    expected = {
        e["submission"]: (e["grade"], e["reward_fen"], {s["employee_no"]: s["amount_fen"] for s in e["shares"]})
        for e in api["award_list"]["entries"]
    }
    assert shown == expected and len(shown) == 2
    assert expected[str(ids["水泵密封改进"])][2] == {"E1": 90_000, "E90": 60_000}  # 1,500 yuan split 60/40 to the fen

    public = httpx.get(f"{base}/public/campaigns/{cid}/awards").text
    assert "水泵密封改进" in public and "张三" in public
    for private in ("60.00", "40.00", "1,500", "1500", "900.00", "600.00", "98,000", "98000", "E90"):
        assert private not in public, private
