"""A whole contest day through the screens only (issue 9, "Tests"), in Chromium against the
served process the screen tests share, in the issue's order:

1. the organiser signs in, uploads a contest (one event, one module, a banded measurement and
   a judgement), registers the units, imports six competitors from an XLSX (and corrects a
   name with the edit form), creates three judge logins and a chief judge login, adds the
   judge seats linked to them, sets the panel and draws;
2. three judges mark on tablet-sized pages (768×1024) and sign; the third loses the network in
   the middle of the sheet (`context.set_offline(True)`), keeps typing, reloads the page with
   no network, types on, and comes back online;
3. the chief judge locks the module, records an appeal, reads the competitor's explanation,
   upholds the appeal with a correction and unblinds;
4. the organiser reads the publish preview and publishes.

Then, through the JSON API: the published totals equal the standings the API computes from
the stored marks, and every mark typed offline is stored exactly once (one version each).
The API is only read, never used to do a step of the day.
"""

from __future__ import annotations

import io
import uuid

import httpx
import openpyxl
import pytest

from tests.factories.logins import password_of
from tests.screens.conftest import TABLET, Site, browser_sign_in
from tests.servers import bearer

pytestmark = pytest.mark.browser

EVENT, MODULE = "fitter", "practical"
UNITS = {"TL": "铜陵供电公司", "HF": "合肥检修公司", "CPWY": "竞赛裁判委员会"}  # the judges' own unit: nobody is recused
COMPETITORS = [("F-01", "钳工甲", "TL"), ("F-02", "钳工乙", "TL"), ("F-03", "钳工丙", "TL")]
COMPETITORS += [("F-04", "钳工丁", "HF"), ("F-05", "钳工戊", "HF"), ("F-06", "钳工已", "HF")]  # 钳工已: a typo, corrected on screen
SIZES = ["1.5", "0.8", "0.3", "1.2", "0.6", "0.4"]  # mm off, by the sheet's order of blind codes
JUDGES = ("J1", "J2", "J3")
OFFLINE_JUDGE = "J3"
ONLINE_FIRST, OFFLINE, AFTER_RELOAD = [0, 1], [2, 3], [4, 5]  # the offline judge's competitors, by sheet position
DEFINITION = """
id = "{slug}"
name = "全天流程钳工竞赛"
name_en = "Whole-day fitter contest"
year = 2026

[[events]]
id = "fitter"
name = "钳工"
name_en = "Fitter"

[[events.modules]]
id = "practical"
name = "技能操作"
name_en = "Practical"
weight = 100.0

[[events.modules.scheme.criteria]]
id = "work"
name = "工件"
name_en = "Work piece"
max_marks = 30.0

[[events.modules.scheme.criteria.aspects]]
kind = "measurement"
id = "size"
name = "尺寸偏差"
name_en = "Size deviation"
max_marks = 20.0
rule = "bands"
bands = [{{ upto = 0.5, marks = 20.0 }}, {{ upto = 1.0, marks = 12.0 }}, {{ upto = 2.0, marks = 4.0 }}]
unit = "mm"

[[events.modules.scheme.criteria.aspects]]
kind = "judgement"
id = "finish"
name = "表面质量"
name_en = "Surface finish"
max_marks = 10.0
descriptors = ["不符合要求", "基本符合", "符合", "优秀"]

[events.rules.awards]
tiers = [{{ name = "一等奖", name_en = "First prize", count = 1 }}, {{ name = "二等奖", name_en = "Second prize", count = 2 }}]
"""


def _typed(judge: str, position: int) -> dict[str, str | int]:
    """What `judge` types for the competitor at `position` on the sheet: the measured size, the finish level."""
    j = JUDGES.index(judge)
    return {"size": SIZES[position], "finish": (position + j) % 4}


def _sheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["工号", "姓名", "单位", "赛项"])
    for employee_no, name, unit in COMPETITORS:
        book.active.append([employee_no, name, unit, "钳工"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _submit(page, form_selector: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").first.click()


def _new_page(browser, site: Site, username: str, errors: list[str]):
    context = browser.new_context(viewport=TABLET, locale="zh-CN")
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{username}: {error}"))
    browser_sign_in(page, site.base, username, password_of(username))
    return context, page


def test_a_whole_contest_day_on_screen(site: Site, browser):
    tag = uuid.uuid4().hex[:6]
    logins = {code: f"day-{tag}-{code.lower()}" for code in (*JUDGES, "CJ")}
    errors: list[str] = []
    context, page = _new_page(browser, site, "org", errors)
    cid = _organiser_sets_up(page, site, f"day-{tag}", logins)
    codes = _the_judges_mark(browser, site, cid, logins, errors)
    appealed = _the_chief_judge_decides(browser, site, cid, logins["CJ"], codes[0], errors)
    page.goto(f"{site.base}/publishing/{cid}/{EVENT}")
    assert page.locator("#standings tbody tr").count() == len(COMPETITORS)  # what will be published, before confirming
    page.click("#confirm-publish")
    page.wait_for_selector("text=成绩已发布")
    context.close()
    assert not errors, errors
    _published_totals_are_the_apis(site, cid, appealed)
    _offline_marks_stored_once(site, cid, logins[OFFLINE_JUDGE], codes)


# ---------------------------------------------------------------- 1. the organiser


def _organiser_sets_up(page, site: Site, slug: str, logins: dict[str, str]) -> int:
    page.click("text=新建竞赛")
    toml = DEFINITION.format(slug=slug).encode()
    page.set_input_files("input[name=file]", {"name": f"{slug}.toml", "mimeType": "application/toml", "buffer": toml})
    _submit(page, "form[action='/organiser/contests']")
    cid = int(page.url.split("/organiser/contests/", 1)[1].split("?")[0].split("/")[0])
    page.click("nav.tabs >> text=报名")
    for code, name in UNITS.items():
        page.fill("form[action$='/registration/units'] input[name=code]", code)
        page.fill("form[action$='/registration/units'] input[name=name]", name)
        _submit(page, "form[action$='/registration/units']")
    page.set_input_files(
        "form[action$='/import'] input[name=file]", {"name": "选手.xlsx", "mimeType": "application/octet-stream", "buffer": _sheet()}
    )
    _submit(page, "form[action$='/import']")
    assert page.locator(f"text=已导入 {len(COMPETITORS)} 条记录").is_visible()
    page.click("#row-competitor-F-06 a.edit-link")  # the typo in the sheet, corrected with the edit form
    page.fill("#edit-competitors input[name=name]", "钳工己")
    _submit(page, "#edit-competitors form")
    assert page.locator("#row-competitor-F-06").inner_text().split("\t")[1] == "钳工己"

    page.goto(f"{site.base}/organiser/users")
    for code, username in logins.items():
        page.fill("form[action='/organiser/users'] input[name=username]", username)
        page.select_option("form[action='/organiser/users'] select[name=role]", "chief_judge" if code == "CJ" else "judge")
        page.fill("form[action='/organiser/users'] input[name=password]", password_of(username))
        _submit(page, "form[action='/organiser/users']")
        assert page.locator(f"#user-{username}").is_visible()
    page.goto(f"{site.base}/organiser/contests/{cid}/judges")
    for code, username in logins.items():
        page.fill("#new-judge input[name=code]", code)
        page.fill("#new-judge input[name=name]", f"钳工裁判{code}")
        page.select_option("#new-judge select[name=unit]", "CPWY")
        page.select_option("#new-judge select[name=role]", "chief_judge" if code == "CJ" else "judge")
        page.fill("#new-judge input[name=username]", username)
        _submit(page, "#new-judge form")
        assert page.locator(f"#judge-{code} input[name=username]").input_value() == username

    page.click("nav.tabs >> text=裁判组")
    page.fill(f"#panel-{EVENT}-{MODULE} input[name=judges]", " ".join(JUDGES))
    _submit(page, f"#panel-{EVENT}-{MODULE} form")
    page.click("nav.tabs >> text=抽签")
    _submit(page, f"#draw-{EVENT} form")
    assert page.locator(f"#draw-{EVENT} table.draw tbody tr").count() == len(COMPETITORS)
    return cid


# ---------------------------------------------------------------- 2. the judges' tablets


def _cell(page, code: str, aspect: str):
    return page.locator(f'.cell[data-code="{code}"][data-aspect="{aspect}"]')


def _type(page, judge: str, codes: list[str], positions: list[int]) -> None:
    for position in positions:
        code = codes[position]
        details = page.locator(f'details.competitor[data-code="{code}"]')
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        for aspect, value in _typed(judge, position).items():
            cell = _cell(page, code, aspect)
            if isinstance(value, int):
                cell.locator(f'.level[data-value="{value}"]').click()
            else:
                field = cell.locator("input.value")
                field.fill(value)
                field.press("Enter")
            page.wait_for_function(
                "c => ['is-pending', 'is-sending', 'is-confirmed'].some(s => c.classList.contains(s))", arg=cell.element_handle()
            )


def _states(page, codes: list[str], positions: list[int]) -> set[str]:
    classes = [_cell(page, codes[p], a).get_attribute("class") or "" for p in positions for a in ("size", "finish")]
    return {next((c[3:] for c in cls.split() if c.startswith("is-")), "") for cls in classes}


def _all_confirmed(page) -> None:
    page.wait_for_function(
        "() => { const s = document.getElementById('status').dataset; return s.pending === '0' && s.owed === '0' && s.refused === '0'; }",
        timeout=30_000,
    )


def _open_sheet(page, site: Site, cid: int) -> list[str]:
    page.click(f'a[href="/tablet/{cid}/{EVENT}/{MODULE}"]')
    page.wait_for_selector("#sheet[data-ready='1']")
    return page.locator("details.competitor").evaluate_all("ds => ds.map(d => d.dataset.code)")


def _sign(page) -> None:
    page.click("#sign-off")
    page.wait_for_function("() => document.getElementById('signed-state').textContent.includes('已签字')", timeout=15_000)


def _the_judges_mark(browser, site: Site, cid: int, logins: dict[str, str], errors: list[str]) -> list[str]:
    """Each judge's sheet on a tablet; the blind codes in the sheet's order."""
    codes: list[str] = []
    for judge in JUDGES:
        context, page = _new_page(browser, site, logins[judge], errors)
        assert page.url.endswith("/tablet")
        codes = _open_sheet(page, site, cid)
        assert len(codes) == len(COMPETITORS) and not any(name in page.content() for _, name, _ in COMPETITORS)  # blind
        if judge == OFFLINE_JUDGE:
            _mark_through_a_lost_connection(page, context, judge, codes)
        else:
            _type(page, judge, codes, list(range(len(codes))))
        _all_confirmed(page)
        _sign(page)
        context.close()
    return codes


def _mark_through_a_lost_connection(page, context, judge: str, codes: list[str]) -> None:
    page.wait_for_selector("#sheet[data-kept='1']")  # the service worker keeps the sheet for an offline reload
    _type(page, judge, codes, ONLINE_FIRST)
    page.wait_for_function("() => document.getElementById('status').dataset.pending === '0'", timeout=30_000)
    context.set_offline(True)
    _type(page, judge, codes, OFFLINE)
    page.wait_for_function("() => document.getElementById('status').textContent.includes('离线')", timeout=15_000)
    assert _states(page, codes, OFFLINE) <= {"pending", "sending"}
    page.reload()  # no network: the kept page, the typed marks from the browser's storage
    page.wait_for_selector("#sheet[data-ready='1']")
    assert _states(page, codes, OFFLINE) <= {"pending", "sending"}
    _type(page, judge, codes, AFTER_RELOAD)
    context.set_offline(False)
    _all_confirmed(page)
    assert _states(page, codes, list(range(len(codes)))) == {"confirmed"}


# ---------------------------------------------------------------- 3. the chief judge


def _the_chief_judge_decides(browser, site: Site, cid: int, chief: str, code: str, errors: list[str]) -> str:
    """Lock, an appeal upheld after reading the explanation, unblinding; the appealed blind code."""
    context, page = _new_page(browser, site, chief, errors)
    page.goto(f"{site.base}/chief/{cid}/{EVENT}")
    assert "欠评 0 项 · 未签字 0 人" in page.locator(f"#module-{MODULE}").inner_text()
    page.click(f"#module-{MODULE} form.lock button[type=submit]")
    page.wait_for_selector(f'#module-{MODULE}[data-locked="1"]')

    page.select_option("form.appeal select[name=module_id]", MODULE)
    page.fill("form.appeal input[name=blind_code]", code)
    page.fill("form.appeal input[name=grounds]", "尺寸偏差测量有误")
    page.fill("form.appeal input[name=appellant]", "铜陵领队")
    page.click("form.appeal button[type=submit]")
    page.wait_for_selector("#explanation")
    size = page.locator(f'#explanation details[data-module="{MODULE}"] tr[data-aspect="size"]').inner_text()
    assert SIZES[0] in size  # each judge's 1.5 mm, in the ≤ 2 mm band: 4 marks
    before = float(page.locator("#explained-total").inner_text())

    page.select_option("select[name=decision]", "upheld")
    page.fill("#decision input[name=reason]", "复测为0.3mm")
    rows = page.locator("table.corrections tbody tr")
    assert rows.count() == len(JUDGES)
    for k in range(len(JUDGES)):
        rows.nth(k).locator("select[name=aspect_id]").select_option("size")
        rows.nth(k).locator("input[name=value]").fill("0.3")
    page.click("#decision button[type=submit]")
    page.wait_for_selector('#appeal-status[data-status="upheld"]')
    assert float(page.locator("#explained-total").inner_text()) == pytest.approx(before + 16)  # the ≤ 0.5 mm band: 20 marks

    page.goto(f"{site.base}/chief/{cid}/{EVENT}")
    page.click("#unblinding button[type=submit]")
    page.wait_for_selector("#unblinding .ok")
    context.close()
    return code


# ---------------------------------------------------------------- what the API reads afterwards


def _token(site: Site, username: str) -> dict[str, str]:
    return bearer(site.base, username, password_of(username))


def _published_totals_are_the_apis(site: Site, cid: int, appealed: str) -> None:
    published = httpx.get(f"{site.base}/public/contests/{cid}/events/{EVENT}/results.json")
    assert published.status_code == 200, published.text
    computed = httpx.get(f"{site.base}/contests/{cid}/events/{EVENT}/standings", headers=site.organiser)
    assert computed.status_code == 200, computed.text
    rows = published.json()["standings"]["rows"]
    assert {r["name"]: r["total_units"] for r in rows} == {r["name"]: r["total_units"] for r in computed.json()["rows"]}
    assert sorted(r["name"] for r in rows) == sorted(["钳工甲", "钳工乙", "钳工丙", "钳工丁", "钳工戊", "钳工己"])
    assert next(r for r in computed.json()["rows"] if r["blind_code"] == appealed)["rank"] is not None


def _offline_marks_stored_once(site: Site, cid: int, judge: str, codes: list[str]) -> None:
    headers = _token(site, judge)
    for position in OFFLINE + AFTER_RELOAD:
        for aspect, value in _typed(OFFLINE_JUDGE, position).items():
            query = {"module_id": MODULE, "blind_code": codes[position], "aspect_id": aspect}
            versions = httpx.get(f"{site.base}/contests/{cid}/events/{EVENT}/marks/history", params=query, headers=headers).json()
            assert len(versions) == 1, (position, aspect, versions)
            assert float(versions[0]["value"]) == float(value)
