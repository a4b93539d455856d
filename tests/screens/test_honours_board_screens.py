"""The organiser's honours board and the public 公示 / final-list pages, server-side
(issue 13 item 7): who may open what, the allocation's arithmetic and the eligibility flag on
the board, refusals shown beside their field in Chinese with nothing written, and the public
pages showing a 公示's fields only. The browser flow is test_honours_board_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.conftest import SECRET
from tests.api.honours_support import SHARED_PASSWORD
from tests.factories.logins import log_in
from tests.screens.conftest import csrf_of, sign_in
from tests.screens.honours_board_site import DECIDED, END, FINAL_ON, FLAGGED, RECEIVED, START, set_up

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def board(tmp_path_factory, migrated_template) -> Iterator[tuple[TestClient, int]]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("honours-board"))
    try:
        rid = set_up(url)
        with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
            yield client, rid
    finally:
        migrated_template.release(url)


def _post(client: TestClient, rid: int, action: str, form: dict) -> object:
    token = csrf_of(client.get(f"/honours-board/{rid}").text)
    return client.post(f"/honours-board/{rid}{action}", data={**form, "_csrf_token": token}, follow_redirects=False)


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-field="([^"]*)">([^<]+)<', html))


def test_only_the_organiser_opens_the_board_and_anyone_the_public_pages(board):
    client, rid = board
    client.cookies.clear()
    for path in ("/honours-board", f"/honours-board/{rid}", f"/honours-board/{rid}/export?table=allocation&kind=csv"):
        assert client.get(path, follow_redirects=False).status_code == 303, path  # to the sign-in page
    assert client.get(f"/honours-notice/{rid}").status_code == 404  # nothing posted yet
    assert client.get(f"/honours-final/{rid}").status_code == 404
    sign_in(client, "judge1", SHARED_PASSWORD)
    assert client.get(f"/honours-board/{rid}").status_code == 403
    assert client.get(f"/honours-board/{rid}/paper/notice.pdf").status_code == 403
    client.cookies.clear()


def test_the_board_shows_the_arithmetic_quota_use_the_flag_and_the_counts(board):
    client, rid = board
    sign_in(client, "org", SHARED_PASSWORD)
    html = client.get(f"/honours-board/{rid}").text
    table = html.split('data-title="advanced-individual"', 1)[1].split("</table>", 1)[0]
    # 5 places, one each first, 1 left by headcount 500/300/150/50: U01 gets it (exact 0.5, the largest remainder)
    places = dict(re.findall(r'data-unit="(U0\d)".*?class="num places">(\d+)<', table, re.S))
    used = dict(re.findall(r'data-unit="(U0\d)".*?class="num used">(\d+)', table, re.S))
    assert places == {"U01": "2", "U02": "1", "U03": "1", "U04": "1"} and used == {"U01": "2", "U02": "1", "U03": "1", "U04": "1"}
    assert "最大余数法" in html and "+1" in table
    row = html.split(f'data-nomination="{FLAGGED}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-rule="cooldown"' in row and "间隔年限" in row
    assert 'data-nomination="N001" class="flagged"' not in html
    assert re.search(r'data-state="tallied"', html) and "N001" in html
    exported = client.get(f"/honours-board/{rid}/export?table=allocation&kind=xlsx")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "单位" in client.get(f"/honours-board/{rid}/export?table=allocation&kind=csv").text


def test_refusals_are_shown_beside_their_field_and_nothing_is_written(board):
    client, rid = board
    sign_in(client, "org", SHARED_PASSWORD)
    blank = _post(client, rid, "/notice", {"start": START, "end": END, "contact": ""})
    assert blank.status_code == 400 and _errors(blank.text) == {"period.contact": "必填项。"}
    short = _post(client, rid, "/notice", {"start": START, "end": "2026-12-09", "contact": "工会办公室 6688"})
    assert short.status_code == 409
    assert "只有 3 个工作日" in _errors(short.text)["period"] and 'value="工会办公室 6688"' in short.text  # what was typed stays
    assert client.get(f"/honours/{rid}/notice", headers=log_in(client, "org", SHARED_PASSWORD)).status_code == 404
    early = _post(client, rid, "/final", {"on": FINAL_ON})
    assert early.status_code == 409 and "“推荐与表决”阶段" in _errors(early.text)[""]


def test_the_public_pages_show_what_a_notice_shows(board):
    client, rid = board
    sign_in(client, "org", SHARED_PASSWORD)
    assert _post(client, rid, "/notice", {"start": START, "end": END, "contact": "工会办公室 6688"}).status_code == 303
    assert (
        _post(client, rid, "/objections", {"nomination": "N004", "received": RECEIVED, "grounds": "反映其事迹材料有夸大。"}).status_code
        == 303
    )
    no_reason = _post(client, rid, "/objections/O001/decision", {"upheld": "no", "reason": "", "on": DECIDED})
    assert no_reason.status_code == 400 and _errors(no_reason.text) == {"reason": "必填项。"}
    client.cookies.clear()
    page = client.get(f"/honours-notice/{rid}")
    assert page.status_code == 200
    assert "职工E04" in page.text and "带头攻关" in page.text and "工会办公室 6688" in page.text and "公示期内" in page.text
    for private in ("N00", "反映其事迹材料有夸大", "赞成", "c01", "王委员"):
        assert private not in page.text, private
    pdf = client.get(f"/honours-notice/{rid}/notice.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert client.get(f"/honours-final/{rid}").status_code == 404


def test_once_final_the_notice_says_so_and_its_pdf_is_the_final_list(board):
    client, rid = board
    sign_in(client, "org", SHARED_PASSWORD)
    decided = _post(client, rid, "/objections/O001/decision", {"upheld": "no", "reason": "经核实，事迹属实。", "on": DECIDED})
    assert decided.status_code == 303
    assert _post(client, rid, "/final", {"on": FINAL_ON}).status_code == 303
    client.cookies.clear()
    assert 'id="ended"' in client.get(f"/honours-notice/{rid}").text
    moved = client.get(f"/honours-notice/{rid}/notice.pdf", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/honours-final/{rid}/final.pdf"
    final = client.get(f"/honours-final/{rid}")
    assert final.status_code == 200 and final.text.count('class="name"') == 5 and "N00" not in final.text
