"""Labour competitions on screen, server-side (issue 12 item 4): a unit reporter lands on the
form and sees only their own unit's teams; a blank return reason is refused next to the field
with nothing written; a returned report shows its reason and is sent again; the standings
page shows the API's figures; the public leaderboard carries no private field. The demo
seed (api/labour_demo.py) is the data, and seeding it again adds nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.labour_demo import PLANS, RETURNED, demo_competition, seed_labour
from tests.api.conftest import SECRET, run_on
from tests.db.helpers import counts
from tests.factories.logins import log_in
from tests.screens.conftest import csrf_of, sign_in
from tests.screens.labour_site import MARCH, OTHERS, OWN, seed_labour_site

pytestmark = pytest.mark.db
CID = 1


@pytest.fixture(scope="module")
def labour_client(tmp_path_factory, migrated_template) -> Iterator[TestClient]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("labour-screens"))
    try:
        seed_labour_site(url)
        before = run_on(url, counts)
        run_on(url, seed_labour)  # `biwu serve --demo` again: the seed adds nothing
        assert run_on(url, counts) == before
        with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
            yield client
    finally:
        migrated_template.release(url)


def _teams(html: str) -> list[str]:
    return re.findall(r'<section class="card team" id="team-([^"]+)"', html)


def _api(client: TestClient, path: str, who: str = "org"):
    answer = client.get(path, headers=log_in(client, who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _post(client: TestClient, page: str, action: str, form: dict) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**form, "_csrf_token": token}, follow_redirects=False)


def test_a_reporter_lands_on_the_form_and_sees_only_their_unit(labour_client):
    landed = sign_in(labour_client, "reporter1")
    assert landed.status_code == 200 and landed.url.path == f"/reporting/{CID}", landed.url
    assert _teams(landed.text) == list(OWN)
    assert 'id="late-policy"' in landed.text and "2026-04-05" in landed.text  # March is open: its deadline and the late policy
    for other in OTHERS:
        assert f"team-{other}" not in landed.text
    names = {p.id: p.name for p in demo_competition().participants}
    assert names["T-B"] not in landed.text
    # another unit's team is "not found", as in the API, and nothing is written
    refused = _post(labour_client, f"/reporting/{CID}?period=2026-03", f"/reporting/{CID}/2026-03/T-B", {"actuals.output": "1"})
    assert refused.status_code == 404
    assert [r for r in _api(labour_client, f"/labour/{CID}/reports?period=2026-03") if r["participant"] == "T-B"] == []


def test_a_missing_actual_is_shown_next_to_its_field(labour_client):
    sign_in(labour_client, "reporter1")
    form = {f"actuals.{k}": str(v) for k, v in MARCH.items() if k != "output"} | {"actuals.cost": "abc"}
    refused = _post(labour_client, f"/reporting/{CID}?period=2026-03", f"/reporting/{CID}/2026-03/T-D", form)
    assert refused.status_code == 400
    card = refused.text.split('id="team-T-D"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'data-field="actuals.cost">[^<]+', card)
    assert 'value="abc"' in card  # what was typed comes back


def test_return_with_a_blank_reason_is_refused_next_to_the_field_then_returned_and_sent_again(labour_client):
    sign_in(labour_client, "reporter1")
    form = {f"actuals.{k}": str(v) for k, v in MARCH.items()} | {"facts.attendance": "98", "note": "三月报送"}
    sent = _post(labour_client, f"/reporting/{CID}?period=2026-03", f"/reporting/{CID}/2026-03/T-A", form)
    assert sent.status_code == 303, sent.text
    report = next(r for r in _api(labour_client, f"/labour/{CID}/reports?state=submitted") if r["participant"] == "T-A")

    sign_in(labour_client, "org")
    queue = labour_client.get(f"/verification/{CID}?period=2026-03")
    assert f'id="report-{report["id"]}"' in queue.text
    action = f"/verification/{CID}/reports/{report['id']}/return"
    blank = _post(labour_client, f"/verification/{CID}", action, {"reason": "  ", "period": "2026-03"})
    assert blank.status_code == 400
    item = blank.text.split(f'id="report-{report["id"]}"', 1)[1].split("</article>", 1)[0]
    assert re.search(r'<input type="text" name="reason"[^>]*aria-invalid="true"', item)
    assert 'data-field="reason">退回报送须写明原因。' in item
    assert _api(labour_client, f"/labour/{CID}/reports/{report['id']}")["state"] == "submitted"  # nothing written

    reason = "成本数据缺少三月份电费，请补充"
    assert _post(labour_client, f"/verification/{CID}", action, {"reason": reason, "period": "2026-03"}).status_code == 303
    sign_in(labour_client, "reporter1")
    form_page = labour_client.get(f"/reporting/{CID}?period=2026-03").text
    card = form_page.split('id="team-T-A"', 1)[1].split("</section>", 1)[0]
    assert 'data-state="returned"' in form_page and reason in card
    again = _post(labour_client, f"/reporting/{CID}?period=2026-03", f"/reporting/{CID}/2026-03/T-A", form | {"actuals.cost": "512000"})
    assert again.status_code == 303
    assert _api(labour_client, f"/labour/{CID}/reports/{report['id']}")["version"] == 2


def test_the_standings_page_shows_the_apis_figures_and_veto_reasons(labour_client):
    sign_in(labour_client, "watcher")
    page = labour_client.get(f"/labour-standings/{CID}?period=2026-02").text
    api = _api(labour_client, f"/labour/{CID}/periods/2026-02/standings", "watcher")
    shown = dict(re.findall(r'<tr data-team="([^"]+)"[^>]*>.*?<td class="num total">([^<]+)</td>', page.split('id="red-flags"')[0], re.S))
    assert shown == {r["participant"]: f"{r['total']:.2f}" for r in api["rows"]}
    assert "否决：出勤率低于95%" in page  # T-B, attendance 94.5 in February: the reason is shown
    annual = _api(labour_client, f"/labour/{CID}/standings", "watcher")
    assert any("发生损失工时事故（2026年2月）" in r["vetoes"] for r in annual["rows"])
    assert "发生损失工时事故（2026年2月）" in page


def test_the_public_leaderboard_carries_no_private_field(labour_client):
    labour_client.cookies.clear()
    private = [
        *(str(v) for plan in PLANS.values() for v in plan),  # plans
        *(str(round(p[1] * 1.02)) for p in PLANS.values()),  # February's cost plans
        "490000", "出勤率低于95%", "发生损失工时事故", "一票否决", RETURNED[3], "三月报送", "reporter1", "reporter2", "system",
        "迟报", "late", "attendance",
    ]  # fmt: skip
    for lang in ("zh", "en"):
        board = labour_client.get(f"/leaderboard/{CID}", params={"lang": lang})
        chart = labour_client.get(f"/leaderboard/{CID}/trend.svg", params={"lang": lang})
        assert board.status_code == chart.status_code == 200
        assert chart.headers["content-type"].startswith("image/svg+xml") and "<text" in chart.text
        for text in (board.text, chart.text):
            assert [v for v in private if re.search(rf"(?<![\d.]){re.escape(v)}(?![\d.])", text)] == []
    board = labour_client.get(f"/leaderboard/{CID}", params={"lang": "zh"}).text
    assert "流动红旗 记录" in board and "连铸一班" in board and "2026年2月" in board


def test_a_changed_plan_after_a_report_needs_a_reason_on_screen(labour_client):
    sign_in(labour_client, "org")
    page = f"/labour-plans/{CID}?period=2026-02"
    refused = _post(labour_client, page, f"/labour-plans/{CID}/2026-02/T-H", {"plans.output": "650", "plans.cost": "210000"})
    assert refused.status_code == 409
    form = refused.text.split('id="plan-T-H"', 1)[1].split("</form>", 1)[0]
    assert 'data-field="reason">' in form and 'value="650"' in form
    before = _api(labour_client, f"/labour/{CID}/plans?participant=T-H&period=2026-02")
    changed = {"plans.output": "650", "plans.cost": "210000", "reason": "二月检修停产三天，计划下调"}
    assert _post(labour_client, page, f"/labour-plans/{CID}/2026-02/T-H", changed).status_code == 303
    after = _api(labour_client, f"/labour/{CID}/plans?participant=T-H&period=2026-02")
    assert len(after) == len(before) + 1 and after[-1]["plans"] == {"output": 650.0, "cost": 210000.0}
    assert after[-1]["reason"] == changed["reason"]


def test_the_trend_chart_is_drawn_again_only_when_its_data_changes(labour_client):
    """The hall's screens reload the chart: unchanged, it is a 304 by its ETag; a report
    verified since changes the ETag (the key is the chart's data, never a stale counter)."""
    labour_client.cookies.clear()
    first = labour_client.get(f"/leaderboard/{CID}/trend.svg")
    etag = first.headers["etag"]
    again = labour_client.get(f"/leaderboard/{CID}/trend.svg", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert labour_client.get(f"/leaderboard/{CID}/trend.svg").content == first.content
    pending = [r for r in _api(labour_client, f"/labour/{CID}/reports?state=submitted") if r["period"] != "2026-01"]
    assert pending, "the demo and the tests above leave a report to verify"
    headers = log_in(labour_client, "org")
    verified = labour_client.post(f"/labour/{CID}/reports/{pending[0]['id']}/verify", json={}, headers=headers)
    assert verified.status_code == 200, verified.text
    labour_client.cookies.clear()
    changed = labour_client.get(f"/leaderboard/{CID}/trend.svg", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag and changed.content != first.content
