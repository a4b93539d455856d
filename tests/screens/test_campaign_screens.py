"""The campaign screens page by page (Litestar's TestClient, no browser; issue 11): each role
opens only its own pages, the blind reviewer's pages carry no proposer name anywhere, the
proposal form refuses shares that do not total 100% next to the field, and a refused
workflow action says in plain Chinese what can be done now."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from api.app import create_app
from tests.api.campaigns_support import EXTRA_LOGINS, Flow
from tests.api.conftest import SECRET, USERNAMES, run_on
from tests.factories.logins import add_logins, log_in
from tests.screens.conftest import csrf_of, sign_in

pytestmark = pytest.mark.db

PROPOSERS = ["张三", "李四", "E1", "E2", "emp1"]  # the default draft's names, employee numbers and its owner's login


@pytest.fixture(scope="module")
def cast(tmp_path_factory, migrated_template) -> Iterator[tuple[TestClient, Flow, int, list[int]]]:
    """A campaign with one draft, one adopted proposal and one under review (panel R1–R3)."""
    url = migrated_template.fresh(tmp_path_factory.mktemp("campaign-screens"))
    try:
        run_on(url, lambda session: add_logins(session, {u: r for r, u in USERNAMES.items()} | EXTRA_LOGINS))
        with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
            headers = {role: log_in(client, user) for role, user in USERNAMES.items()}
            flow = Flow.signed_in(client, headers, lambda work: run_on(url, work))
            cid = flow.campaign()
            draft, adopted, reviewed = flow.draft(cid), flow.draft(cid), flow.draft(cid)
            marks = {"value": 7.0, "novelty": 5.0, "effect": 4.0}
            flow.drive(cid, adopted, "adopted", marks=[marks] * 3, panel=["R1", "R2", "R3"])
            flow.drive(cid, reviewed, "under_review")
            flow.panel(cid, reviewed, ["R1", "R2", "R3"])
            client.headers.clear()
            yield client, flow, cid, [draft, adopted, reviewed]
    finally:
        migrated_template.release(url)


def _pages(cid: int, sids: list[int], code: str) -> dict[str, list[str]]:
    """Each role's pages (every GET page of the campaign screens but the file downloads)."""
    return {
        "employee": ["/proposals", f"/proposals/{cid}/new", f"/proposals/{cid}/{sids[0]}"],
        "reviewer": ["/review", f"/review/{cid}/{code}"],
        "organiser": [
            "/board", f"/board/{cid}", f"/board/{cid}/submissions/{sids[1]}", f"/board/{cid}/awards",
            f"/board/{cid}/statistics", f"/board/{cid}/charts/units.svg", f"/board/{cid}/charts/categories.svg",
        ],
        "finance": ["/finance", f"/finance/{cid}/{sids[1]}"],
    }  # fmt: skip


def test_each_role_opens_only_its_pages(cast):
    client, flow, cid, sids = cast
    pages = _pages(cid, sids, flow.blind_code(cid, sids[2]))
    for role in ("employee", "reviewer", "organiser", "finance", "viewer", "chief_judge"):
        sign_in(client, USERNAMES[role])
        for owner, paths in pages.items():
            for path in paths:
                status = client.get(path, follow_redirects=False).status_code
                assert status == (200 if owner == role else 403), (role, path, status)
    client.cookies.clear()
    assert client.get("/proposals", follow_redirects=False).headers["location"].startswith("/signin")


@pytest.mark.parametrize("role", ["employee", "reviewer", "finance"])
def test_a_campaign_role_lands_on_its_pages(cast, role):
    client, _, cid, _ = cast
    home = sign_in(client, USERNAMES[role])
    assert home.url.path == "/home" and f"欢迎，{USERNAMES[role]}" in home.text
    marker = {"employee": 'id="mine"', "reviewer": 'class="card queue"', "finance": 'class="card ledger"'}[role]
    assert marker in home.text


def test_blind_reviewer_pages_carry_no_proposer_name(cast):
    client, flow, cid, sids = cast
    code = flow.blind_code(cid, sids[2])
    sign_in(client, USERNAMES["reviewer"])
    queue, form = client.get("/review"), client.get(f"/review/{cid}/{code}")
    assert queue.status_code == form.status_code == 200
    assert code in queue.text and 'name="mark:value"' in form.text and "盲评" in form.text
    for text in (queue.text, form.text):
        assert [p for p in PROPOSERS if re.search(rf"(?<![\w-]){p}(?![\w-])", text)] == []
        assert "铜陵供电公司" not in text and ">TL<" not in text  # nor the unit


def test_shares_must_total_100_percent_next_to_the_field_and_co_proposers_confirm(cast):
    client, _, cid, _ = cast
    sign_in(client, USERNAMES["employee"])
    form = client.get(f"/proposals/{cid}/new")
    assert "份额合计必须正好是 100%" in form.text  # said before sending
    assert '<option value="E90">周九</option>' in form.text  # co-proposers are named from the register
    body = {
        "_csrf_token": csrf_of(form.text), "category": "invention", "period": "2025-H1", "title": "份额不足的提案",
        "problem": "问题", "solution": "办法", "unit": "TL", "claimed": "1000",
        "p_no": ["E1", "E90"], "p_name": ["张三", "周九"], "p_unit": ["", ""], "p_share": ["60", "30"], "elig_in_use": "1",
    }  # fmt: skip
    refused = client.post(f"/proposals/{cid}/new", data=body)
    assert refused.status_code == 409
    assert re.search(r'data-field="proposers">各完成人的份额合计为 90.00%，必须正好是 100%。', refused.text)
    assert 'value="份额不足的提案"' in refused.text  # what was typed stays
    body["p_share"] = ["60", "40"]
    waiting = client.post(f"/proposals/{cid}/new", data=body | {"intent": "submit"})
    assert waiting.status_code == 409 and 'data-state="draft"' in waiting.text  # saved, not submitted: 周九 has not confirmed
    assert "还有共同完成人没有确认自己的分配比例" in waiting.text
    sid = int(re.search(r'action="/proposals/\d+/(\d+)/confirm"|/proposals/\d+/(\d+)/action', waiting.text).group(2))
    co = sign_in(client, "emp2")  # the co-proposer (E90) sees the draft on their home and confirms
    assert f"/proposals/{cid}/{sid}" in co.text
    mine = client.get(f"/proposals/{cid}/{sid}")
    assert "确认份额 40.00%" in mine.text and 'id="edit"' not in mine.text
    confirmed = client.post(f"/proposals/{cid}/{sid}/confirm", data={"_csrf_token": csrf_of(mine.text), "share_bp": "4000"})
    assert confirmed.status_code == 200 and 'data-employee="E90" data-confirmed="1"' in confirmed.text
    page = sign_in(client, USERNAMES["employee"])
    submitted = client.post(f"/proposals/{cid}/{sid}/action", data={"_csrf_token": csrf_of(page.text), "action": "submit"})
    assert submitted.status_code == 200 and 'data-state="submitted"' in submitted.text


def test_a_refused_action_says_in_chinese_what_can_be_done_now(cast):
    client, _, cid, sids = cast
    page = sign_in(client, USERNAMES["employee"])
    detail = client.get(f"/proposals/{cid}/{sids[1]}")
    assert 'data-state="adopted"' in detail.text and "action-withdraw" not in detail.text
    refused = client.post(f"/proposals/{cid}/{sids[1]}/action", data={"_csrf_token": csrf_of(page.text), "action": "withdraw"})
    assert refused.status_code == 409
    assert "现在不能“撤回”：本提案处于“已采纳”状态，您现在没有可做的操作" in refused.text
    draft = client.post(f"/proposals/{cid}/{sids[0]}/action", data={"_csrf_token": csrf_of(page.text), "action": "accept"})
    assert draft.status_code == 409 and "现在可以：提交、撤回。" in draft.text


PDF = b"%PDF-1.4\n% biwu test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_an_employee_attaches_evidence_to_a_draft(cast):
    client, _, cid, sids = cast
    page = sign_in(client, USERNAMES["employee"])
    token = csrf_of(page.text)
    stored = client.post(
        f"/proposals/{cid}/{sids[0]}/files", data={"_csrf_token": token}, files={"file": ("张三-图纸.pdf", PDF, "application/pdf")}
    )
    assert stored.status_code == 200 and "张三-图纸.pdf" in stored.text
    link = re.search(rf'href="(/campaign-files/{cid}/{sids[0]}/\d+)"', stored.text).group(1)
    assert client.get(link).content == PDF
    program = client.post(f"/proposals/{cid}/{sids[0]}/files", data={"_csrf_token": token}, files={"file": ("x.exe", b"MZ\x90\x00" * 64)})
    assert program.status_code == 415 and 'data-field="file"' in program.text
    assert len(re.findall(rf'href="/campaign-files/{cid}/{sids[0]}/\d+"', program.text)) == 1  # nothing more stored
    sign_in(client, "emp2")  # another employee, named on nothing here
    assert client.get(link, follow_redirects=False).status_code == 403


def test_a_file_already_downloaded_answers_304_to_its_etag(cast):
    """The screens stream a file through the API's download helper: same ETag (the bytes'
    SHA-256), and a browser that already holds the version gets 304 with no body."""
    client, flow, cid, _ = cast
    sid = flow.draft(cid)
    token = csrf_of(sign_in(client, USERNAMES["employee"]).text)
    stored = client.post(f"/proposals/{cid}/{sid}/files", data={"_csrf_token": token}, files={"file": ("图纸.pdf", PDF, "application/pdf")})
    link = re.search(rf'href="(/campaign-files/{cid}/{sid}/\d+)"', stored.text).group(1)
    first = client.get(link)
    assert first.status_code == 200 and first.headers["etag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
    again = client.get(link, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
    changed = client.get(link, headers={"If-None-Match": '"another-version"'})
    assert changed.status_code == 200 and changed.content == PDF


def test_a_bulk_action_is_audited_one_by_one_and_a_refusal_leaves_the_others_done(cast):
    client, flow, cid, sids = cast
    client.headers.clear()
    submitted = [flow.draft(cid), flow.draft(cid)]
    for sid in submitted:
        flow.act(cid, sid, "submit", "employee")
    page = sign_in(client, USERNAMES["organiser"])
    board = client.get(f"/board/{cid}", params={"state": "submitted", "unit": "TL", "category": "invention"})
    assert all(f'<tr data-id="{sid}" data-state="submitted">' in board.text for sid in submitted)
    assert f'<tr data-id="{sids[1]}"' not in board.text  # filtered out: adopted
    chosen = {"_csrf_token": csrf_of(page.text), "action": "accept", "id": [str(s) for s in [*submitted, sids[0]]]}
    answer = client.post(f"/board/{cid}/bulk", data=chosen)
    assert answer.status_code == 409 and "已办理 2 项" in answer.text
    assert re.search(rf'data-id="{sids[0]}">提案 {sids[0]}：现在不能“立案”：本提案处于“草稿”状态', answer.text)
    client.cookies.clear()
    audit = flow.call("GET", f"/campaigns/{cid}/audit", expect=200).json()
    accepted = [e["entity_key"].rsplit("/", 1)[1] for e in audit if e["action"] == "submission.accept"]
    assert sorted(a for a in accepted if int(a) in submitted) == sorted(str(s) for s in submitted)  # one audit entry each
    assert str(sids[0]) not in accepted  # the refused draft: nothing written
