"""The organiser's console page by page (Litestar's TestClient, no browser): who may open it,
the CSRF token on every form, definition problems placed beside the field their path names,
an import's row report with nothing written, logins and judge seats, panels and the draw.

Each form calls the same use-case as the API, so the checks compare with the API where it
matters (the same status, the same draw commitment)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.screens.organiser import registration
from contests.definition import decode_contest, encode_contest
from tests.api.conftest import SECRET, run_on
from tests.db.templates import Template
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import csrf_of, sign_in
from tests.screens.test_no_inline_script import _check as check_no_inline_script

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LOGINS = {"org": "organiser", "chief": "chief_judge", "watcher": "viewer", "judge1": "judge", "judge2": "judge"}
PAGES = ["/organiser", "/organiser/contests/new", "/organiser/users"]
SECTIONS = ["", "/registration", "/judges", "/panels", "/draw"]


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory, migrated_template: Template) -> Iterator[TestClient]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("organiser"))
    run_on(url, lambda session: add_logins(session, LOGINS))
    try:
        with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
            yield client
    finally:
        migrated_template.release(url)


@pytest.fixture(scope="module")
def welder(console: TestClient) -> int:
    """The welder example, created from the console's example picker, with two units and a team."""
    page = sign_in(console, "org")
    text = console.get("/organiser/contests/new?example=welder").text
    definition = unescape(re.search(r'<textarea name="definition"[^>]*>(.*?)</textarea>', text, re.S).group(1))
    created = post_form(console, "/organiser/contests", page.text, files={"definition": (None, definition)})
    assert created.status_code == 200 and created.url.path.startswith("/organiser/contests/"), created.text
    cid = int(created.url.path.rsplit("/", 1)[-1])
    for form in ({"code": "TL", "name": "铜陵供电公司"}, {"code": "HF", "name": "合肥检修公司", "headcount": "120"}):
        assert post_form(console, f"/organiser/contests/{cid}/registration/units", page.text, data=form).status_code == 200
    team = {"code": "TL-1", "name": "铜陵一队", "unit": "TL"}
    assert post_form(console, f"/organiser/contests/{cid}/registration/teams", page.text, data=team).status_code == 200
    return cid


def post_form(client: TestClient, url: str, html: str, *, data: dict | None = None, files: dict | None = None):
    """Post a form with the CSRF token of the page `html` (multipart when `files` is given)."""
    token = csrf_of(html)
    if files is not None:
        return client.post(url, files={**files, "_csrf_token": (None, token)}, data=data or {})
    return client.post(url, data={**(data or {}), "_csrf_token": token})


def field_error(html: str, anchor: str) -> str:
    """The problems shown in the element with id `anchor` (a tree node or a table row)."""
    found = re.search(rf'id="{re.escape(anchor)}"(.*?)(?:</li>|</tr>|</label>)', html, re.S)
    assert found, f"no element {anchor!r} on the page"
    return " ".join(unescape(m) for m in re.findall(r'<span class="field-error" role="alert">(.*?)</span>', found.group(1), re.S))


def page_of(client: TestClient, contest_id: int) -> str:
    return client.get(f"/organiser/contests/{contest_id}/registration").text


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- who may open the console


@pytest.mark.parametrize("username", ["chief", "watcher", "judge1"])
def test_other_roles_are_refused(console: TestClient, welder: int, username: str):
    sign_in(console, username)
    for path in [*PAGES, *[f"/organiser/contests/{welder}{s}" for s in SECTIONS]]:
        answer = console.get(path, follow_redirects=False)
        assert answer.status_code == 403 and "您的角色不能打开此页面" in answer.text, path
    home = console.get("/organiser", follow_redirects=False)
    token = csrf_of(home.text)  # the error page carries a token too: a refused role is refused for posts as well
    answer = console.post("/organiser/users", data={"username": "sneaky", "role": "organiser", "password": "x" * 12, "_csrf_token": token})
    assert answer.status_code == 403


def test_without_a_session_the_console_asks_to_sign_in(console: TestClient, welder: int):
    console.cookies.clear()
    answer = console.get(f"/organiser/contests/{welder}/draw", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin?next=")


def test_the_organiser_lands_on_the_console(console: TestClient):
    home = sign_in(console, "org")
    assert home.url.path == "/home" and "组委会工作台" in home.text and 'href="/organiser/contests/new"' in home.text
    assert 'id="more-consoles"' in home.text  # where the results-import, publishing and venue pages add their links


def test_every_form_needs_the_csrf_token(console: TestClient, welder: int):
    sign_in(console, "org")
    before = console.get("/organiser/users").text
    posts = {
        "/organiser/users": {"username": "csrf-victim", "role": "organiser", "password": "a-long-enough-pass"},
        f"/organiser/contests/{welder}/registration/units": {"code": "CSRF", "name": "伪造单位"},
        f"/organiser/contests/{welder}/draw/welder": {},
        "/organiser/users/judge1/disable": {},
    }
    for url, form in posts.items():
        assert console.post(url, data=form, follow_redirects=False).status_code == 403, url
        assert console.post(url, data={**form, "_csrf_token": "0" * 64}, follow_redirects=False).status_code == 403, url
    answer = console.post("/organiser/contests", files={"definition": (None, "id = 'x'")}, follow_redirects=False)
    assert answer.status_code == 403
    after = console.get("/organiser/users").text
    assert "csrf-victim" not in after and after.count('<tr id="user-') == before.count('<tr id="user-')
    assert "CSRF" not in console.get(f"/organiser/contests/{welder}/registration").text.split('id="units"', 1)[1].split("</table>")[0]


# ---------------------------------------------------------------- contests


def test_a_broken_toml_shows_each_problem_beside_its_field(console: TestClient):
    page = sign_in(console, "org")
    toml = (EXAMPLES / "lathe.toml").read_text("utf-8").replace("weight = 70.0", "weight = 75.0", 1)
    answer = post_form(console, "/organiser/contests", page.text, files={"file": ("lathe.toml", toml.encode(), "application/toml")})
    assert answer.status_code == 409  # as POST /contests answers
    assert "module weights sum to 105, need 100" in field_error(answer.text, "d-events-0-modules")
    assert 'name="definition"' in answer.text and "weight = 75.0" in answer.text  # the text comes back to fix

    wrong_type = (EXAMPLES / "lathe.toml").read_text("utf-8").replace("year = 2026", 'year = "2026"', 1)
    answer = post_form(console, "/organiser/contests", page.text, files={"file": ("lathe.toml", wrong_type.encode(), "application/toml")})
    assert answer.status_code == 400 and "Expected `int`, got `str`" in field_error(answer.text, "d-year")

    unknown = (EXAMPLES / "lathe.toml").read_text("utf-8").replace('name_en = "Theory"', 'nam_en = "Theory"', 1)
    answer = post_form(console, "/organiser/contests", page.text, files={"file": ("lathe.toml", unknown.encode(), "application/toml")})
    assert answer.status_code == 400 and "unknown field `nam_en`" in field_error(answer.text, "d-events-0-modules-0-nam_en")

    answer = post_form(console, "/organiser/contests", page.text, files={"file": ("x.toml", b"id = [[[", "application/toml")})
    assert answer.status_code == 400 and "not valid TOML" in answer.text
    for hostile in (b"[1, 2]", b"[" * 5000, b'{"id": "a\\u0000b"}', b"\xff\xfe{"):
        answer = post_form(console, "/organiser/contests", page.text, files={"file": ("x.json", hostile, "application/json")})
        assert answer.status_code == 400 and 'id="definition-problems"' in answer.text, hostile[:20]
    listed = console.get("/organiser").text
    assert "lathe-2026" not in listed  # nothing was stored


def test_a_json_definition_and_a_new_version(console: TestClient, welder: int):
    page = sign_in(console, "org")
    electrician = decode_contest((EXAMPLES / "electrician.toml").read_bytes(), "toml")
    pasted = {"definition": (None, encode_contest(electrician, "json").decode()), "format": (None, "json")}
    created = post_form(console, "/organiser/contests", page.text, files=pasted)
    assert created.status_code == 200 and "已保存" in created.text and electrician.name in created.text
    again = post_form(console, "/organiser/contests", page.text, files=pasted)
    assert again.status_code == 409 and "already exists" in field_error(again.text, "d-id")
    toml = console.get(f"/organiser/contests/{welder}/definition.toml")
    assert toml.status_code == 200 and b'id = "welder-2026"' in toml.content
    renamed = toml.content.replace("2026年".encode(), "2026年度".encode(), 1)
    answer = post_form(
        console, f"/organiser/contests/{welder}/versions", page.text, files={"file": ("v2.toml", renamed, "application/toml")}
    )
    assert answer.status_code == 200 and "第 2 版" in answer.text
    moved = renamed.replace(b'id = "welder-2026"', b'id = "someone-else"', 1)
    answer = post_form(console, f"/organiser/contests/{welder}/versions", page.text, files={"file": ("v3.toml", moved, "application/toml")})
    assert answer.status_code == 409 and "a contest keeps its id" in field_error(answer.text, "d-id")
    api = console.get(f"/contests/{welder}", headers=log_in(console, "org")).json()
    assert api["version"] == 2 and api["definition"]["name"].startswith("2026年度")


# ---------------------------------------------------------------- registration


def test_an_import_with_bad_rows_shows_the_row_report_and_writes_nothing(console: TestClient, welder: int):
    page = sign_in(console, "org")
    rows = [
        ["工号", "姓名", "单位", "赛项"],
        ["W001", "张三", "TL", "welder"],
        ["W002", "", "TL", "welder"],
        ["W003", "王五", "NOPE", "welder"],
    ]
    answer = post_form(
        console, f"/organiser/contests/{welder}/registration/import", page.text,
        files={"file": ("people.xlsx", xlsx(rows), "application/octet-stream"), "kind": (None, "competitors")},
    )  # fmt: skip
    assert answer.status_code == 409
    report = re.search(r'<table class="grid report" id="row-report">(.*?)</table>', answer.text, re.S).group(1)
    body = report.split("<tbody>", 1)[1]
    cells = [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    assert [c[:2] for c in cells] == [["3", "姓名"], ["4", "单位"]]
    assert "is empty" in cells[0][2] and "unknown unit" in cells[1][2]
    assert 'class="form-errors"' not in answer.text  # each line once, in the report
    assert console.get(f"/contests/{welder}/competitors", headers=log_in(console, "org")).json() == []


def test_an_import_and_the_template(console: TestClient, welder: int):
    page = sign_in(console, "org")
    template = console.get(f"/organiser/contests/{welder}/registration/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    assert "工号" in [c.value for row in sheet.iter_rows(max_row=3) for c in row]
    rows = [["工号", "姓名", "单位", "班组/代表队", "赛项"], ["W101", "张三", "TL", "TL-1", "welder"], ["W102", "李四", "HF", None, "焊工"]]
    files = {"file": ("people.xlsx", xlsx(rows), "application/octet-stream"), "kind": (None, "competitors")}
    files["idempotency_key"] = (None, re.search(r'name="idempotency_key" value="([^"]+)"', page_of(console, welder)).group(1))
    answer = post_form(console, f"/organiser/contests/{welder}/registration/import", page.text, files=files)
    assert answer.status_code == 200 and "已导入 2 条记录" in answer.text
    resent = post_form(console, f"/organiser/contests/{welder}/registration/import", page.text, files=files)
    assert resent.status_code == 200 and "已导入 2 条记录" in resent.text  # a double submission gets the first answer
    unsigned = console.post(f"/organiser/contests/{welder}/registration/import", files=files, follow_redirects=False)
    assert unsigned.status_code == 403  # a multipart form needs the CSRF token too
    listed = console.get(f"/contests/{welder}/competitors", headers=log_in(console, "org")).json()
    assert {c["employee_no"]: c["team"] for c in listed} == {"W101": "TL-1", "W102": None}


def test_a_long_list_of_competitors_is_cut_with_a_note(console: TestClient, welder: int, monkeypatch: pytest.MonkeyPatch):
    sign_in(console, "org")
    total = len(console.get(f"/contests/{welder}/competitors", headers=log_in(console, "org")).json())
    assert total >= 2
    monkeypatch.setattr(registration, "SHOWN", 1)
    listed = page_of(console, welder).split('id="competitors"', 1)[1]
    assert f"仅列出前 1 名，共 {total} 名。" in listed and listed.split("<tbody>", 1)[1].split("</tbody>")[0].count("<tr ") == 1


def test_records_are_removed_unless_still_in_use(console: TestClient, welder: int):
    page = sign_in(console, "org")
    url = f"/organiser/contests/{welder}/registration"
    assert post_form(console, f"{url}/units", page.text, data={"code": "GONE", "name": "临时单位"}).status_code == 200
    assert 'id="row-unit-GONE"' in page_of(console, welder)
    assert console.post(f"{url}/delete/units/GONE", follow_redirects=False).status_code == 403  # the CSRF token, here too
    removed = post_form(console, f"{url}/delete/units/GONE", page.text)
    assert removed.status_code == 200 and 'id="row-unit-GONE"' not in removed.text
    in_use = post_form(console, f"{url}/delete/units/TL", page.text)  # its team and competitors still belong to it
    units = unescape(in_use.text.split('id="units"', 1)[1].split("</section>")[0])
    assert in_use.status_code == 409 and "still used by" in units.split('class="form-errors"', 1)[1]
    assert 'id="row-unit-TL"' in in_use.text
    assert post_form(console, f"{url}/delete/pets/TL", page.text).status_code == 400  # not a kind of record: refused, not a 500


def test_one_record_at_a_time_with_problems_beside_fields(console: TestClient, welder: int):
    page = sign_in(console, "org")
    url = f"/organiser/contests/{welder}/registration"
    answer = post_form(
        console, f"{url}/competitors", page.text, data={"employee_no": "W9", "name": "赵六", "unit": "XX", "event": "welder"}
    )
    assert answer.status_code == 409 and "'XX'" in field_error(answer.text, "competitor-unit")  # as POST …/competitors answers
    assert 'value="赵六"' in answer.text  # typed values come back
    assert len(re.findall(r'<span class="field-error" role="alert">', answer.text)) == 1
    answer = post_form(console, f"{url}/units", page.text, data={"code": "TL", "name": "重复", "headcount": "x"})
    assert answer.status_code == 409 and "whole number" in field_error(answer.text, "unit-headcount")
    answer = post_form(console, f"{url}/units", page.text, data={"code": "TL", "name": "重复"})
    assert answer.status_code == 409 and "already used" in field_error(answer.text, "unit-code")


# ---------------------------------------------------------------- users and judges


def test_logins_created_disabled_enabled_and_reset_on_screen(console: TestClient):
    page = sign_in(console, "org")
    weak = post_form(console, "/organiser/users", page.text, data={"username": "judge-new", "role": "judge", "password": "password"})
    assert weak.status_code == 409 and field_error(weak.text, "account-password")  # the API's policy, beside the field
    assert 'value="judge-new"' in weak.text
    made = post_form(
        console, "/organiser/users", page.text, data={"username": "judge-new", "role": "judge", "password": "a-long-enough-pass"}
    )
    assert made.status_code == 200 and 'id="user-judge-new"' in made.text
    assert post_form(console, "/organiser/users/judge-new/disable", page.text).status_code == 200
    assert console.post("/auth/token", data={"username": "judge-new", "password": "a-long-enough-pass"}).status_code == 401
    own = post_form(console, "/organiser/users/org/disable", page.text)
    assert own.status_code == 409 and "your own account" in unescape(field_error(own.text, "user-org"))
    assert post_form(console, "/organiser/users/judge-new/enable", page.text).status_code == 200
    reset = post_form(console, "/organiser/users/judge-new/password", page.text, data={"password": "judge-new"})
    assert reset.status_code == 409 and field_error(reset.text, "user-judge-new")
    assert post_form(console, "/organiser/users/judge-new/password", page.text, data={"password": "another-long-pass"}).status_code == 200
    assert console.post("/auth/token", data={"username": "judge-new", "password": "another-long-pass"}).status_code == 200
    assert post_form(console, "/organiser/users/nobody/disable", page.text).status_code == 404


def test_a_seat_refuses_a_login_whose_role_cannot_mark(console: TestClient, welder: int):
    page = sign_in(console, "org")
    url = f"/organiser/contests/{welder}/judges"
    for code, unit in (("P1", "TL"), ("P2", "HF"), ("P3", "HF")):
        answer = post_form(console, url, page.text, data={"code": code, "name": f"裁判{code}", "unit": unit, "role": "judge"})
        assert answer.status_code == 200, answer.text
    refused = post_form(console, f"{url}/P1/login", page.text, data={"username": "watcher"})
    assert refused.status_code == 409 and "only a judge or chief judge login" in unescape(field_error(refused.text, "judge-P1"))
    assert post_form(console, f"{url}/P1/login", page.text, data={"username": "judge1"}).status_code == 200
    taken = post_form(console, f"{url}/P2/login", page.text, data={"username": "judge1"})
    assert taken.status_code == 409 and "already linked to judge 'P1'" in unescape(field_error(taken.text, "judge-P2"))
    unknown = post_form(console, url, page.text, data={"code": "P9", "name": "无单位", "unit": "ZZ", "role": "judge"})
    assert unknown.status_code == 409 and field_error(unknown.text, "judge-unit")
    seats = console.get(url).text
    assert 'value="judge1"' in field_row(seats, "judge-P1")
    assert post_form(console, f"{url}/P3/login", page.text, data={"username": "judge2"}).status_code == 200
    unlinked = post_form(console, f"{url}/P3/login", page.text, data={"username": ""})  # an empty field unlinks the seat
    assert unlinked.status_code == 200 and 'value=""' in field_row(unlinked.text, "judge-P3")


def field_row(html: str, anchor: str) -> str:
    return re.search(rf'id="{re.escape(anchor)}"(.*?)</tr>', html, re.S).group(1)


def test_panels_and_the_draw_with_its_commitment(console: TestClient, welder: int):
    page = sign_in(console, "org")
    base = f"/organiser/contests/{welder}"
    bad = post_form(console, f"{base}/panels/welder/theory", page.text, data={"judges": "P1 NOPE"})
    assert bad.status_code == 409 and "NOPE" in field_error(bad.text, "panel-welder-theory-judges")
    assert post_form(console, f"{base}/panels/welder/theory", page.text, data={"judges": "P2"}).status_code == 200
    panel = console.get(f"/contests/{welder}/events/welder/modules/theory/panel", headers=log_in(console, "org")).json()
    assert panel["judges"] == ["P2"]

    drawn = post_form(console, f"{base}/draw/welder", page.text, data={})
    assert drawn.status_code == 200
    api = console.get(f"/contests/{welder}/events/welder/draw", headers=log_in(console, "org")).json()
    shown = re.search(r'<code class="commitment">([0-9a-f]{64})</code>', drawn.text).group(1)
    assert shown == api["commitment"]
    codes = re.findall(r"<tr><td>(\d+)</td><td>1</td>", drawn.text)
    assert sorted(codes) == sorted(a["blind_code"] for a in api["assignments"])
    assert "张三" not in drawn.text.split('id="draw-welder"', 1)[1]  # sealed: no name behind a code on the page
    bad_seed = post_form(console, f"{base}/draw/welder", page.text, data={"seed": "xyz"})
    assert bad_seed.status_code == 409 and "hexadecimal" in field_error(bad_seed.text, "draw-welder-seed")


def test_a_competitor_registered_after_the_draw_is_flagged_on_screen(console: TestClient, welder: int):
    """After the draw, a competitor added on the form is warned about by name, as the API's
    `after_draw` answer says, instead of being silently left out."""
    page = sign_in(console, "org")
    url = f"/organiser/contests/{welder}/registration/competitors"
    early = {"employee_no": "W-EARLY", "name": "准时", "unit": "TL", "event": "welder"}
    assert post_form(console, url, page.text, data=early).status_code == 200
    assert post_form(console, f"/organiser/contests/{welder}/draw/welder", page.text, data={}).status_code == 200  # (re)drawn: no mark yet
    late = post_form(console, url, page.text, data={"employee_no": "W-LATE", "name": "迟到", "unit": "TL", "event": "welder"})
    assert late.status_code == 200
    banner = " ".join(unescape(m) for m in re.findall(r'<p class="banner" role="alert">(.*?)</p>', late.text, re.S))
    assert "registered after the draw" in banner and "W-LATE 迟到" in banner
    assert 'id="row-competitor-W-LATE"' in late.text  # registered all the same: warned, not refused


def test_the_overview_links_the_results_pdf_which_waits_for_publication(console: TestClient, welder: int):
    """The API's results.pdf takes a bearer token, which a link cannot send: the console has
    its own route, organiser only, which says why it cannot print before publication."""
    sign_in(console, "org")
    overview = console.get(f"/organiser/contests/{welder}").text
    assert f'href="/organiser/contests/{welder}/paper/results.pdf"' in overview
    unpublished = console.get(f"/organiser/contests/{welder}/paper/results.pdf")
    assert unpublished.status_code == 404 and "no published results yet" in unpublished.text
    sign_in(console, "chief")
    assert console.get(f"/organiser/contests/{welder}/paper/results.pdf", follow_redirects=False).status_code == 403


def test_no_console_page_has_inline_script_and_english_is_offered(console: TestClient, welder: int):
    sign_in(console, "org")
    paths = [*PAGES, *[f"/organiser/contests/{welder}{s}" for s in SECTIONS]]
    for path in paths:
        answer = console.get(path)
        assert answer.status_code == 200, path
        check_no_inline_script(answer.text, path)
    english = console.get(f"/organiser/contests/{welder}/draw?lang=en")
    assert "Commitment (SHA-256)" in english.text and "Organiser console" in english.text
    console.cookies.delete("biwu_lang")
