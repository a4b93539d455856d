"""The organiser's results import and publish screens and the venue board (issue 9 items 2
and 7), page by page in the test client, on a contest of their own (so the shared day of the
other screen tests is left as it is). The browser flow is tests/screens/test_results_browser.py."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import run_on
from tests.api.test_judging_fixtures import (
    PANELS,
    WELDER_THEORY,
    WELDERS,
    batch,
    ok,
    set_up_day,
    sign_and_lock,
    welder_practical,
)
from tests.screens.conftest import csrf_of, sign_in
from tests.screens.test_no_inline_script import _check as no_inline_script

pytestmark = pytest.mark.db

LATE = {"employee_no": "HJ-LATE", "name": "迟报名者", "unit": "TLGS", "event": "welder"}


@pytest.fixture(scope="module")
def day(day_client, day_site):
    """A contest of its own: both events drawn, a competitor registered after the welder draw,
    and the welder practical marked (the theory comes by import)."""
    d = set_up_day(day_client, lambda work: run_on(day_site.database_url, work), day_site.organiser, day_site.chief)
    registered = ok(day_client.post(f"/contests/{d.cid}/competitors", json=LATE, headers=d.organiser), 201)
    assert registered["after_draw"]["competitors"][0]["employee_no"] == "HJ-LATE"  # warned, not refused
    for judge in PANELS["welder"]["practical"]:
        ok(d.marks("welder", judge, batch(d, "practical", welder_practical(judge))), 201)
    return d


def _private(day) -> list[str]:
    return [*WELDERS, *(name for name, *_ in WELDERS.values()), *day.codes.values(), LATE["name"], LATE["employee_no"]]


def _leaks(text: str, values: list[str]) -> list[str]:
    return [v for v in values if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", text)]


def test_the_board_shows_progress_by_station_with_no_score_name_or_code_before_publication(day_client, day):
    day_client.cookies.clear()  # the hall's display signs in nowhere
    page = day_client.get(f"/venue/{day.cid}")
    fragment = day_client.get(f"/venue/{day.cid}/board")
    assert page.status_code == fragment.status_code == 200
    for text in (page.text, fragment.text):
        assert _leaks(text, _private(day)) == []
        assert not re.search(r"\d+\.\d\d(?!\d)", text), "a score-like number on the board"
        assert "工位" in text and "已完成" in text and "待评" in text  # practical marked, theory waiting
    assert f'hx-get="/venue/{day.cid}/board"' in page.text and 'hx-trigger="every 15s"' in page.text
    no_inline_script(page.text, "venue board")
    assert "<html" not in fragment.text  # the part htmx swaps in


def test_only_staff_open_the_import_and_only_the_organiser_the_publish_screens(day_client, day, day_site):
    day_client.cookies.clear()
    for path in (f"/results-import/{day.cid}", f"/publishing/{day.cid}/welder", f"/publishing/{day.cid}"):
        assert day_client.get(path, follow_redirects=False).status_code == 303  # to the sign-in page
    sign_in(day_client, day_site.judges["P2"], day_site.judge_password())
    assert day_client.get(f"/results-import/{day.cid}").status_code == 403
    sign_in(day_client, "chief")
    assert day_client.get(f"/results-import/{day.cid}").status_code == 200
    assert day_client.get(f"/publishing/{day.cid}/welder").status_code == 403


def _upload(client, cid: int, body: bytes, name: str = "理论成绩.csv", module: str = "welder/theory"):
    token = csrf_of(client.get(f"/results-import/{cid}").text)
    form = {"_csrf_token": token, "module": module, "judge": "", "key": ""}
    return client.post(f"/results-import/{cid}", data=form, files={"file": (name, body, "text/csv")})


def test_the_import_screen_shows_the_row_report_then_imports_the_theory_exam(day_client, day):
    sign_in(day_client, "org")
    form = day_client.get(f"/results-import/{day.cid}")
    assert 'enctype="multipart/form-data"' in form.text and "T1" in form.text
    no_inline_script(form.text, "results import")
    nos = list(WELDER_THEORY)
    bad = f"工号,成绩\n{nos[0]},88\n{nos[1]},120\nNOBODY,60\n".encode()
    refused = _upload(day_client, day.cid, bad)
    assert refused.status_code == 409
    cells = re.findall(r"<tr><td class=\"num\">(\d*)</td><td>([^<]*)</td>", refused.text)
    assert cells == [("3", "成绩"), ("4", "工号")]
    progress = ok(day_client.get(f"/contests/{day.cid}/events/welder/progress", headers=day.organiser))
    assert next(m for m in progress["modules"] if m["module_id"] == "theory")["owed"] == 6  # nothing stored
    assert [c["employee_no"] for c in progress["after_draw"]["competitors"]] == ["HJ-LATE"]
    good = ("工号,姓名,成绩\n" + "".join(f"{no},某人,{v}\n" for no, v in WELDER_THEORY.items())).encode()
    done = _upload(day_client, day.cid, good)
    assert done.status_code == 200 and "导入成功" in done.text and "T1" in done.text
    progress = ok(day_client.get(f"/contests/{day.cid}/events/welder/progress", headers=day.organiser))
    assert next(m for m in progress["modules"] if m["module_id"] == "theory")["owed"] == 0
    csrf_less = day_client.post(f"/results-import/{day.cid}", data={"module": "welder/theory"}, files={"file": ("t.csv", good)})
    assert csrf_less.status_code == 403


def test_the_publish_screen_shows_the_change_list_and_publishes_on_confirmation(day_client, day):
    sign_and_lock(day, "welder")
    ok(day_client.post(day.url("welder", "unblind"), headers=day.chief), 201)
    sign_in(day_client, "org")
    preview = day_client.get(f"/publishing/{day.cid}/welder")
    assert preview.status_code == 200 and 'id="confirm-publish"' in preview.text and 'id="after-draw"' in preview.text
    assert LATE["name"] in preview.text  # left out, and said so
    no_inline_script(preview.text, "publish preview")
    no_csrf = day_client.post(f"/publishing/{day.cid}/welder", data={"previous": ""})
    assert no_csrf.status_code == 403
    published = day_client.post(f"/publishing/{day.cid}/welder", data={"_csrf_token": csrf_of(preview.text), "previous": ""})
    assert published.status_code == 200 and "成绩已发布" in published.text
    first = ok(day_client.get(f"/public/contests/{day.cid}/events/welder/results.json"))
    # an upheld appeal changes W2's cap height; the preview then lists what republishing changes
    w2 = next(no for no in WELDERS if no.endswith("W2"))
    appeal = {"module_id": "practical", "employee_no": w2, "grounds": "余高测量有误", "appellant": "领队"}
    filed = ok(day_client.post(day.url("welder", "appeals"), json=appeal, headers=day.organiser), 201)
    corrections = [{"judge": f"P{k}", "aspect_id": "cap_height", "value": "0.9"} for k in range(2, 6)]
    decision = {"decision": "upheld", "reason": "复测余高0.9mm", "corrections": corrections}
    ok(day_client.post(f"/contests/{day.cid}/appeals/{filed['id']}/decision", json=decision, headers=day.chief), 201)
    again = day_client.get(f"/publishing/{day.cid}/welder")
    assert 'id="changes"' in again.text and WELDERS[w2][0] in again.text and "确认发布第 2 版" in again.text
    stale = day_client.post(f"/publishing/{day.cid}/welder", data={"_csrf_token": csrf_of(again.text), "previous": ""})
    assert "snapshot 1 was published since" in stale.text  # confirmed against an old preview: refused
    second = day_client.post(f"/publishing/{day.cid}/welder", data={"_csrf_token": csrf_of(again.text), "previous": "1"})
    assert "成绩已发布" in second.text
    latest = ok(day_client.get(f"/public/contests/{day.cid}/events/welder/results.json"))
    assert latest["number"] == 2 and first["number"] == 1
    board = day_client.get(f"/venue/{day.cid}/board").text
    rows = latest["standings"]["rows"]
    assert rows[0]["name"] in board and "成绩公布（第 2 版）" in board
    assert _leaks(board, [*WELDERS, LATE["employee_no"]]) == []  # names, never employee numbers
