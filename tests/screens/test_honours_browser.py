"""The honours round on screen, three browser flows on one served site (issue 13): one `biwu
serve` and one Chromium for the module, each flow on a round of its own in one database, so
none sees another's nominations, sittings or 公示.

- The organiser runs the end of a round (item 7): opens the board from the organiser home,
  publishes the 公示 (after a refused period shown beside its field), records an objection
  and decides it with a reason (upheld: the nominee is removed), finalises, and the anonymous
  public pages show the 公示 as it ended and the final list. The final list on screen equals
  the API's; the vote itself was cast beforehand through the API
  (tests/screens/honours_board_site.py).
- A unit nominator on a phone: n02, the nominator of 二厂 (U02: 1 place for 先进个人, 2
  nominations per place), signs in, follows the 评比推荐 link, sees the unit's places, and
  nominates two of its people with their 事迹. A third is refused next to the title field,
  over quota with the rule named, in Chinese, and the typed 事迹 is kept. It then amends the
  first nomination's 事迹 with a note (the first text stays in the history) and attaches a
  scanned certificate. The API's own views agree: two versions with the note, one file.
- A committee member votes: c03 opens the voting page of the open sitting on 先进个人, votes
  yes and abstain, and the page says the vote is in (never how); the organiser's API view
  counts c03 as voted. c01 of U01 sees U01's nominee as recused, with no buttons to vote on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET, run_on
from tests.api.honours_support import SHARED_PASSWORD, create_round
from tests.attachments.files import PDF
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import PHONE, TABLET, browser_sign_in, chromium_path
from tests.screens.honours_board_site import ACCOUNTS, DECIDED, END, FINAL_ON, RECEIVED, START, board_round
from tests.servers import api_json, site_served

pytestmark = [pytest.mark.browser, pytest.mark.db]
DESKTOP = {"width": 1280, "height": 900}
TITLE = "advanced-individual"


@dataclass(frozen=True)
class Rounds:
    board: int  # voted and tallied, ready for its 公示 (honours_board_site.py)
    nomination: int  # the bare test round of tests/api/honours_support.py: no nomination yet
    vote: int  # two nominations (N001 of U01, N002 of U02) and a sitting open


@pytest.fixture(scope="module")
def honours_rounds(tmp_path_factory, migrated_template) -> Iterator[tuple[str, Rounds]]:
    """The three rounds on one database, served by one `biwu serve` (a server start per flow
    cost 10–20 s of the suite on CI's two cores)."""
    chromium_path()
    with site_served(tmp_path_factory, migrated_template, "honours", _set_up, SECRET) as served_site:
        yield served_site


def _set_up(url: str) -> Rounds:
    # ACCOUNTS (organiser, committee c01–c07, nominators n01–n04) cover all three flows' logins
    run_on(url, lambda session: add_logins(session, ACCOUNTS, password=SHARED_PASSWORD))
    with TestClient(create_app(url, secret=SECRET)) as client:
        board = board_round(client, url)
        org = log_in(client, "org", SHARED_PASSWORD)
        nomination = create_round(client, org)
        return Rounds(board=board, nomination=nomination, vote=_vote_round(client, org))


def _vote_round(client: TestClient, org: dict[str, str]) -> int:
    rid = create_round(client, org)
    for unit, nominee in (("U01", "E01"), ("U02", "E07")):
        body = {"title": TITLE, "unit": unit, "nominee": nominee, "record": f"{nominee}爱岗敬业，事迹突出。"}
        assert client.post(f"/honours/{rid}/nominations", json=body, headers=org).status_code == 201
    present = {"present": ["c01", "c02", "c03", "c04", "c05", "c06"]}
    assert client.post(f"/honours/{rid}/titles/{TITLE}/sittings", json=present, headers=org).status_code == 201
    return rid


@pytest.fixture(scope="module")
def board_site(honours_rounds) -> tuple[str, int]:
    return honours_rounds[0], honours_rounds[1].board


@pytest.fixture(scope="module")
def nomination_site(honours_rounds) -> tuple[str, int]:
    return honours_rounds[0], honours_rounds[1].nomination


@pytest.fixture(scope="module")
def honours_site(honours_rounds) -> tuple[str, int]:
    return honours_rounds[0], honours_rounds[1].vote


# ---------------------------------------------------------------- a unit's nominations on a phone


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


# ---------------------------------------------------------------- a committee member's vote


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


# ---------------------------------------------------------------- the organiser's board, 公示 and final list
# Last in the module on purpose: finalising writes the round's 2026 titles into the award
# history, which every round reads (E07 would then be barred by the cooldown in the others).


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
