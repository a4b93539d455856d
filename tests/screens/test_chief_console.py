"""The chief judge console without a browser (Litestar's TestClient): who may open each page,
CSRF, a refused lock shown next to its field, blindness, and the charts as SVG with text."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET
from tests.api.test_judging_fixtures import COMPETITORS, JUDGE_PASSWORD, Day
from tests.screens.chief_day import marked_day
from tests.screens.conftest import csrf_of, sign_in
from tests.screens.test_blindness import SECRETS
from tests.screens.test_no_inline_script import _check

pytestmark = pytest.mark.db

NAMES = [name for name, *_ in COMPETITORS.values()]


@pytest.fixture(scope="module")
def chief_day(tmp_path_factory, migrated_template) -> Iterator[tuple[TestClient, Day]]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("chief"))
    try:
        with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
            # in a thread of its own: a browser test of the package may keep an event loop running in this one
            with ThreadPoolExecutor(1) as worker:
                day = worker.submit(marked_day, url, client).result()
            yield client, day
    finally:
        migrated_template.release(url)


def _pages(day: Day) -> list[str]:
    base = f"/chief/{day.cid}/welder"
    return ["/chief", base, f"{base}/standings", f"{base}/charts/severity.svg", f"{base}/charts/scores.svg"]


def test_anonymous_is_sent_to_sign_in(chief_day):
    client, day = chief_day
    client.cookies.clear()
    for path in _pages(day):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/signin?next="), path


@pytest.mark.parametrize("who", ["org", "watcher", "judge"])
def test_other_roles_are_refused(chief_day, who):
    client, day = chief_day
    username = day.usernames["P2"] if who == "judge" else who
    sign_in(client, username, JUDGE_PASSWORD if who == "judge" else None)
    for path in _pages(day):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 403 and "您的角色不能打开此页面" in answer.text, (who, path)
    token = csrf_of(client.get("/signin").text if who != "org" else client.get("/home").text)
    lock = client.post(f"/chief/{day.cid}/welder/modules/theory/lock", data={"_csrf_token": token}, follow_redirects=False)
    assert lock.status_code == 403


def test_the_chief_judge_lands_on_the_console(chief_day):
    client, day = chief_day
    home = sign_in(client, "chief")
    assert home.status_code == 200 and "欢迎，chief" in home.text
    assert f'href="/chief/{day.cid}/welder"' in home.text and f'href="/chief/{day.cid}/electrician"' in home.text
    assert client.get("/chief").text.count("big-link") == 2


def test_progress_and_spreads_by_blind_code_only(chief_day):
    client, day = chief_day
    sign_in(client, "chief")
    page = client.get(f"/chief/{day.cid}/welder")
    assert page.status_code == 200
    assert 'data-module="practical"' in page.text and 'data-judge="P5"' in page.text
    assert "评分分歧超限" in page.text  # W4's judgements [3, 2, 2, 2, 1]
    assert [n for n in NAMES if n in page.text] == []
    standings = client.get(f"/chief/{day.cid}/welder/standings").text
    assert "盲评中" in standings and [n for n in NAMES if n in standings] == []


def test_a_form_without_its_csrf_token_is_refused(chief_day):
    client, day = chief_day
    sign_in(client, "chief")
    answer = client.post(f"/chief/{day.cid}/welder/modules/theory/lock", data={"force": "1", "reason": "试"})
    assert answer.status_code == 403 and "CSRF" in answer.text
    assert 'data-module="theory" data-locked="0"' in client.get(f"/chief/{day.cid}/welder").text


def _error_after_field(html: str, form: str, field: str) -> str:
    """The refusal shown right after the named field of the form posting to `form`."""
    block = html[html.index(f'action="{form}"') :]
    found = re.search(rf'name="{field}"[^>]*></label>\s*<p class="error" role="alert" data-field="{field}">([^<]+)</p>', block)
    assert found, f"no error next to {field}"
    return found.group(1)


def test_a_lock_without_a_reason_is_refused_next_to_the_field(chief_day):
    client, day = chief_day
    page = sign_in(client, "chief") and client.get(f"/chief/{day.cid}/welder")
    token = csrf_of(page.text)
    action = f"/chief/{day.cid}/welder/modules/practical/lock"
    forced = client.post(action, data={"_csrf_token": token, "force": "1", "reason": " "})
    assert forced.status_code == 409
    assert _error_after_field(forced.text, action, "reason") == "a forced lock needs a reason"
    unready = client.post(action, data={"_csrf_token": token})  # nobody has signed
    assert unready.status_code == 409 and 'data-field="force"' in unready.text
    assert 'data-module="practical" data-locked="0"' in client.get(f"/chief/{day.cid}/welder").text


def test_an_unlock_needs_a_reason(chief_day):
    client, day = chief_day
    page = sign_in(client, "chief") and client.get(f"/chief/{day.cid}/electrician")
    token = csrf_of(page.text)
    base = f"/chief/{day.cid}/electrician/modules/theory"
    locked = client.post(f"{base}/lock", data={"_csrf_token": token, "force": "1", "reason": "理论机考已签"}, follow_redirects=False)
    assert locked.status_code == 303
    refused = client.post(f"{base}/unlock", data={"_csrf_token": token, "reason": ""})
    assert refused.status_code == 400 and _error_after_field(refused.text, f"{base}/unlock", "reason") == "必填项。"
    again = client.post(f"{base}/unlock", data={"_csrf_token": token, "reason": "补录一项"}, follow_redirects=False)
    assert again.status_code == 303
    assert 'data-module="theory" data-locked="0"' in client.get(f"/chief/{day.cid}/electrician").text


@pytest.mark.parametrize("chart", ["severity.svg", "scores.svg"])
def test_the_charts_are_svg_with_text_kept_as_text(chief_day, chart):
    client, day = chief_day
    sign_in(client, "chief")
    answer = client.get(f"/chief/{day.cid}/welder/charts/{chart}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in answer.text and answer.text.count("<text") >= 4
    assert "技能操作" in answer.text  # the module's Chinese name, as text for the browser to draw
    english = client.get(f"/chief/{day.cid}/welder/charts/{chart}?lang=en").text
    assert ("Mean offset" if chart == "severity.svg" else "Module score") in english
    assert client.get(f"/chief/{day.cid}/welder/charts/other.svg").status_code == 404


def test_no_console_page_has_inline_script(chief_day):
    client, day = chief_day
    sign_in(client, "chief")
    base = f"/chief/{day.cid}/welder"
    for path in ["/chief", base, f"{base}/standings"]:
        _check(client.get(path).text, path)


def test_an_appeal_page_explains_by_blind_code_only_and_refuses_an_empty_upheld(chief_day):
    client, day = chief_day
    token = csrf_of(sign_in(client, "chief").text)
    base = f"/chief/{day.cid}/electrician"
    forced = {"_csrf_token": token, "force": "1", "reason": "故障排除已全部评完"}
    assert client.post(f"{base}/modules/fault_finding/lock", data=forced, follow_redirects=False).status_code == 303
    code = day.code("DG-E2")
    filing = {"_csrf_token": token, "module_id": "fault_finding", "blind_code": code, "grounds": "故障二判定有误", "appellant": "领队"}
    filed = client.post(f"{base}/appeals", data=filing)
    assert filed.status_code == 200 and filed.url.path.startswith(f"/chief/{day.cid}/appeals/")
    page = filed.text
    assert f'<dd id="appeal-code">{code}</dd>' in page and 'tr data-aspect="fault_2"' in page
    assert [s for s in SECRETS if s in page] == []
    empty = client.post(f"{filed.url.path}/decision", data={"_csrf_token": token, "decision": "upheld", "reason": "复核"})
    assert empty.status_code in (400, 409) and 'class="error"' in empty.text and 'data-status="open"' in empty.text
    for path in ["/chief", base, f"{base}/standings"]:
        assert [s for s in SECRETS if s in client.get(path).text] == [], path


def test_the_console_links_paper_sheets_and_the_results_import_and_prints_the_sheets(chief_day):
    """The API's sheets.pdf takes a bearer token, which a link cannot send: the console's own
    route prints the same sheets for the signed-in chief judge (one page per panel judge);
    any other role is refused, as by the API."""
    client, day = chief_day
    sign_in(client, "chief")
    base = f"/chief/{day.cid}/welder"
    console = client.get(base).text
    assert f'href="/results-import/{day.cid}"' in console and f'href="{base}/modules/practical/paper/sheets.pdf"' in console
    sheets = client.get(f"{base}/modules/practical/paper/sheets.pdf")
    assert sheets.status_code == 200 and sheets.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=sheets.content, capture_output=True, check=True).stdout.decode()
    assert all(judge in text for judge in ("P1", "P2", "P3", "P4", "P5"))  # a sheet per panel judge
    assert day.code("HJ-W3") in text and [n for n in NAMES if n in text] == []  # blind codes, never a name
    sign_in(client, "org")
    assert client.get(f"{base}/modules/practical/paper/sheets.pdf", follow_redirects=False).status_code == 403
