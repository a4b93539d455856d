"""The organiser's console in a real browser (Chromium through Playwright, against the served
process the screen tests share): the organiser signs in, uploads a contest, registers two
units, imports competitors from an XLSX, creates two judge logins, links them to judge seats,
sets the panels and runs the draw; then the JSON API reads the same contest, competitors and
draw, and the new judges' tablets list their modules."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import httpx
import openpyxl
import pytest

from tests.factories.logins import password_of
from tests.screens.conftest import Site, browser_sign_in

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMPETITORS = [("L-01", "车工甲", "TL"), ("L-02", "车工乙", "TL"), ("L-03", "车工丙", "HF"), ("L-04", "车工丁", "HF")]


def _sheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["工号", "姓名", "单位", "赛项"])
    for employee_no, name, unit in COMPETITORS:
        book.active.append([employee_no, name, unit, "车工"])  # the event by its Chinese name, as organisers write it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").click()


def test_the_organiser_sets_up_a_contest_on_screen(site: Site, browser):
    slug = f"lathe-{uuid.uuid4().hex[:8]}"
    judges = [f"lathe-judge-{uuid.uuid4().hex[:6]}" for _ in range(2)]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    browser_sign_in(page, site.base, "org", password_of("org"))
    assert page.url == f"{site.base}/home" and page.locator("text=组委会工作台").first.is_visible()
    cid = _upload_contest(page, slug)
    _register(page)
    _judge_logins_and_seats(page, site.base, cid, judges)
    commitment = _panels_and_draw(page)
    assert not errors
    context.close()
    _the_api_agrees(site, cid, slug, commitment, judges)


def _upload_contest(page, slug: str) -> int:
    """The lathe example, under a fresh id, uploaded as a TOML file."""
    page.click("text=新建竞赛")
    toml = (EXAMPLES / "lathe.toml").read_text("utf-8").replace('id = "lathe-2026"', f'id = "{slug}"', 1)
    page.set_input_files("input[name=file]", {"name": f"{slug}.toml", "mimeType": "application/toml", "buffer": toml.encode()})
    _submit(page, "form[action='/organiser/contests']")
    assert page.locator("h1").inner_text().startswith("2026年职工车工技能竞赛")
    return int(page.url.split("/organiser/contests/", 1)[1].split("?")[0])


def _register(page) -> None:
    """Two units by hand, then the competitors from an XLSX."""
    page.click("nav.tabs >> text=报名")
    for code, name in (("TL", "铜陵供电公司"), ("HF", "合肥检修公司")):
        page.fill("form[action$='/registration/units'] input[name=code]", code)
        page.fill("form[action$='/registration/units'] input[name=name]", name)
        _submit(page, "form[action$='/registration/units']")
    page.set_input_files(
        "form[action$='/import'] input[name=file]", {"name": "选手.xlsx", "mimeType": "application/octet-stream", "buffer": _sheet()}
    )
    _submit(page, "form[action$='/import']")
    assert page.locator("text=已导入 4 条记录").is_visible()


def _judge_logins_and_seats(page, base: str, cid: int, judges: list[str]) -> None:
    """Two judge logins, two seats, and each seat linked to its login (an organiser's login refused)."""
    page.goto(f"{base}/organiser/users")
    for username in judges:
        page.fill("form[action='/organiser/users'] input[name=username]", username)
        page.select_option("form[action='/organiser/users'] select[name=role]", "judge")
        page.fill("form[action='/organiser/users'] input[name=password]", password_of(username))
        _submit(page, "form[action='/organiser/users']")
        assert page.locator(f"#user-{username}").is_visible()
    page.goto(f"{base}/organiser/contests/{cid}/judges")
    for code, unit in (("J1", "HF"), ("J2", "TL")):
        page.fill("#new-judge input[name=code]", code)
        page.fill("#new-judge input[name=name]", f"车工裁判{code}")
        page.select_option("#new-judge select[name=unit]", unit)
        _submit(page, "#new-judge form")
    page.fill("#judge-J1 input[name=username]", "org")  # an organiser's login cannot hold a seat: refused beside the field
    _submit(page, "#judge-J1 form")
    assert "only a judge or chief judge login" in page.locator("#judge-J1 .field-error").inner_text()
    for code, username in zip(("J1", "J2"), judges, strict=True):
        page.fill(f"#judge-{code} input[name=username]", username)
        _submit(page, f"#judge-{code} form")
        assert page.locator(f"#judge-{code} input[name=username]").input_value() == username


def _panels_and_draw(page) -> str:
    """Both panels, then the draw; the commitment the page shows."""
    page.click("nav.tabs >> text=裁判组")
    for module, code in (("theory", "J1"), ("practical", "J2")):
        page.fill(f"#panel-lathe-{module} input[name=judges]", code)
        _submit(page, f"#panel-lathe-{module} form")
    page.click("nav.tabs >> text=抽签")
    _submit(page, "#draw-lathe form")
    commitment = page.locator("#draw-lathe code.commitment").inner_text()
    assert len(commitment) == 64 and page.locator("#draw-lathe table.draw tbody tr").count() == len(COMPETITORS)
    return commitment


def _the_api_agrees(site: Site, cid: int, slug: str, commitment: str, judges: list[str]) -> None:
    """The JSON API reads the same contest, competitors, panels and draw; each new login marks from its seat."""
    api = httpx.Client(base_url=site.base, headers=site.organiser, timeout=30)
    assert api.get(f"/contests/{cid}").json()["slug"] == slug
    listed = api.get(f"/contests/{cid}/competitors").json()
    assert sorted((c["employee_no"], c["name"], c["unit"], c["event"]) for c in listed) == [(*c, "lathe") for c in COMPETITORS]
    draw = api.get(f"/contests/{cid}/events/lathe/draw").json()
    assert draw["commitment"] == commitment
    panels = {p["module_id"]: p["judges"] for p in api.get(f"/contests/{cid}/panels").json()}
    assert panels == {"theory": ["J1"], "practical": ["J2"]}
    drawn = {a["blind_code"] for a in draw["assignments"]}
    for username, code, module in zip(judges, ("J1", "J2"), ("theory", "practical"), strict=True):
        token = httpx.post(f"{site.base}/auth/token", data={"username": username, "password": password_of(username)}).json()
        sheet = httpx.get(
            f"{site.base}/contests/{cid}/events/lathe/modules/{module}/sheet", headers={"Authorization": f"Bearer {token['access_token']}"}
        )
        assert sheet.status_code == 200 and sheet.json()["judge"] == code, sheet.text
        assert {row["blind_code"] for row in sheet.json()["rows"]} <= drawn and sheet.json()["rows"]
