"""A unit nominator on a phone (issue 13): n02, the nominator of 二厂 (U02: 1 place for 先进个人,
2 nominations per place), signs in, follows the 评比推荐 link, sees the unit's places, and
nominates two of its people with their 事迹. A third is refused next to the title field,
over quota with the rule named, in Chinese, and the typed 事迹 is kept. It then amends the
first nomination's 事迹 with a note (the first text stays in the history) and attaches a
scanned certificate. The API's own views agree: two versions with the note, one file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET, run_on
from tests.api.honours_support import SHARED_PASSWORD, create_round
from tests.attachments.files import PDF
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import PHONE, browser_sign_in, chromium_path
from tests.servers import api_json, site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]
TITLE = "advanced-individual"


@pytest.fixture(scope="module")
def nomination_site(tmp_path_factory, migrated_template) -> Iterator[tuple[str, int]]:
    """The test round of tests/api/honours_support.py (nominators n01–n04, candidates) served by `biwu serve`."""
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "nominations", _set_up, SECRET) as served_site:
        yield served_site


def _set_up(url: str) -> int:
    accounts = {"org": "organiser", "n01": "employee", "n02": "employee", "n03": "employee", "n04": "employee"}
    run_on(url, lambda session: add_logins(session, accounts, password=SHARED_PASSWORD))
    with TestClient(create_app(url, secret=SECRET)) as client:
        return create_round(client, log_in(client, "org", SHARED_PASSWORD))


def _nominate(page, nominee: str, record: str) -> None:
    page.select_option("#nominate-form select[name=title]", TITLE)
    page.select_option("#nominate-form select[name=nominee]", nominee)
    page.fill("#nominate-form textarea[name=record]", record)
    page.click("#nominate-form button[type=submit]")
    page.wait_for_load_state()


def test_a_unit_nominates_is_refused_over_quota_amends_and_attaches_on_a_phone(nomination_site, browser):
    base, rid = nomination_site
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    browser_sign_in(page, base, "n02", SHARED_PASSWORD)
    page.click("#nav-nominations")
    page.click(f'[data-round="{rid}"] a')
    assert page.locator(f'#quotas tr[data-title="{TITLE}"] td.num').all_inner_texts() == ["1", "2", "0"]

    _nominate(page, "E07", "E07爱岗敬业，全年无事故。")
    page.goto(f"{base}/nominations/{rid}")
    _nominate(page, "E12", "E12技术革新三项。")
    page.goto(f"{base}/nominations/{rid}")
    _nominate(page, "E13", "E13带徒十名。")
    refusal = page.locator('#nominate-form .error[data-field="title"]')
    assert "超出名额（over_quota）" in refusal.inner_text() and "已推荐 2 人" in refusal.inner_text()
    assert page.input_value("#nominate-form textarea[name=record]") == "E13带徒十名。"
    assert page.locator("#mine [data-nomination]").count() == 2

    page.click('#mine [data-nomination="N001"] a')
    page.fill("#amend-form textarea[name=record]", "E07爱岗敬业，全年无事故；2026年获省技术能手。")
    page.fill("#amend-form input[name=note]", "补充获奖情况")
    page.click("#amend-form button[type=submit]")
    page.wait_for_selector('#nomination[data-version="2"]')
    assert "省技术能手" in page.inner_text("#current-record")
    assert page.locator("#versions [data-version]").count() == 2 and "补充获奖情况" in page.inner_text("#versions")

    page.set_input_files("#upload-form input[type=file]", {"name": "技术能手证书.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector('#files [data-file="1"]')
    assert page.inner_text('#files [data-file="1"] a') == "技术能手证书.pdf"
    assert errors == []
    context.close()

    records = api_json(base, "org", SHARED_PASSWORD, f"/honours/{rid}/nominations/N001/records")
    assert [(r["version"], r["note"]) for r in records] == [(1, None), (2, "补充获奖情况")]
    assert records[0]["record"] == "E07爱岗敬业，全年无事故。"
    listed = api_json(base, "org", SHARED_PASSWORD, f"/honours/{rid}/nominations/N001/files")
    assert [(f["filename"], f["kind"], f["size_bytes"]) for f in listed] == [("技术能手证书.pdf", "pdf", len(PDF))]
