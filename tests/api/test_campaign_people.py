"""Issue 11 items 5 and 7 over HTTP: co-proposers confirm their shares before submission
(409 in plain Chinese until then) and read the submission and its files; a definition names
bundled presets; the 公示 period on the public list; the pay office's sheet for the
organiser and finance only."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from contests.attachments.local_disk import LocalDiskStore
from tests.api.campaigns_support import Flow, score_prizes_json
from tests.attachments import files

pytestmark = pytest.mark.db

NAMED = [{"employee_no": "E90", "name": "周九", "share_bp": 7000}, {"employee_no": "E1", "name": "张三", "share_bp": 3000}]
PERIOD = {"start": "2025-12-01", "end": "2025-12-07", "contact": "公司工会办公室 0562-1234567"}
MARKS = {"value": 8, "novelty": 6, "effect": 6}


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


def test_a_co_proposer_confirms_reads_the_submission_and_its_files(flow: Flow, client, tmp_path):
    client.app.state.attachment_store = LocalDiskStore(tmp_path / "attachments")
    cid = flow.campaign()
    sid = flow.call("POST", f"/campaigns/{cid}/submissions", "employee2", json=flow.draft_json(cid, proposers=NAMED), expect=201).json()[
        "id"
    ]
    flow.call("POST", f"/campaigns/{cid}/submissions/{sid}/attachments/", "employee2", files={"file": ("图纸.pdf", files.PDF)}, expect=201)
    refused = flow.call("POST", f"/campaigns/{cid}/submissions/{sid}/transitions", "employee2", json={"action": "submit"}, expect=409)
    problem = refused.json()["errors"][0]
    assert problem["path"] == "proposers" and "张三（工号 E1，30.00%）" in problem["rule"] and "现在可以" in problem["rule"]
    # emp1 is 张三: reads the submission, lists it, reads its file, but does not submit it
    assert flow.call("GET", f"/campaigns/{cid}/submissions/{sid}", "employee", expect=200).json()["allowed_actions"] == []
    assert sid in {s["id"] for s in flow.call("GET", f"/campaigns/{cid}/submissions", "employee", expect=200).json()}
    assert flow.call("GET", f"/campaigns/{cid}/submissions/{sid}/attachments/1", "employee", expect=200).content == files.PDF
    flow.call("POST", f"/campaigns/{cid}/submissions/{sid}/transitions", "employee", json={"action": "submit"}, expect=403)
    standing = flow.call("POST", f"/campaigns/{cid}/submissions/{sid}/confirmations", "employee", json={"share_bp": 3000}, expect=201)
    assert [(p["employee_no"], p["confirmed"], p["confirmed_by"]) for p in standing.json()] == [("E90", True, None), ("E1", True, "emp1")]
    flow.call("POST", f"/campaigns/{cid}/submissions/{sid}/transitions", "employee2", json={"action": "submit"}, expect=200)
    # naming someone who is not in the register is refused, naming the field
    stranger = [{"employee_no": "NOBODY", "name": "路人", "share_bp": 10000}]
    answer = flow.call("POST", f"/campaigns/{cid}/submissions", "employee", json=flow.draft_json(cid, proposers=stranger), expect=409)
    assert [e["path"] for e in answer.json()["errors"]] == ["proposers[0].employee_no"]


def test_a_definition_names_its_presets_and_where_the_trim_applies(flow: Flow):
    named = score_prizes_json(grading="score_prizes", rewards="score_prizes", trim_on="reviewer_total")
    written = score_prizes_json()
    stored = flow.call("GET", f"/campaigns/{flow.campaign(named, units=False, reviewers=False)}", expect=200).json()["definition"]
    assert stored["grading"] == written["grading"] and stored["rewards"] == written["rewards"] and stored["trim_on"] == "reviewer_total"
    flow.call("POST", "/campaigns", json=score_prizes_json(grading="1999_bands"), expect=400)


@pytest.fixture(scope="module")
def published(flow: Flow) -> int:
    cid = flow.campaign(score_prizes_json(public_notice={"period": PERIOD}))
    for proposers in (
        None,
        [{"employee_no": "G1", "name": "赵一", "share_bp": 3333}, {"employee_no": "G2", "name": "钱二", "share_bp": 6667}],
    ):
        sid = flow.draft(cid, **({"proposers": proposers} if proposers else {}))
        flow.call("GET", f"/campaigns/{cid}/awards/pay.json", "finance", expect=409)  # nothing is paid from a preview
        flow.drive(cid, sid, "verified", benefit="100", marks=[MARKS, MARKS, MARKS], panel=["R1", "R3", "R4"])
    flow.publish(cid)
    return cid


def test_the_public_list_prints_the_notice_period_and_no_amounts(flow: Flow, client, published):
    body = client.get(f"/public/campaigns/{published}/awards.json").json()
    assert body["notice_period"] == PERIOD and "total_paid_fen" not in body
    page = client.get(f"/public/campaigns/{published}/awards").text
    assert "公示期" in page and "2025-12-01 至 2025-12-07" in page and PERIOD["contact"] in page
    assert "Public notice period" in client.get(f"/public/campaigns/{published}/awards?lang=en").text
    plain = flow.campaign()
    sid = flow.draft(plain)
    flow.drive(plain, sid, "verified", benefit="100", marks=[MARKS, MARKS, MARKS], panel=["R1", "R3", "R4"])
    flow.publish(plain)
    assert "公示期" not in client.get(f"/public/campaigns/{plain}/awards").text
    assert "notice_period" not in client.get(f"/public/campaigns/{plain}/awards.json").json()


def test_the_pay_sheet_splits_every_award_to_the_fen(flow: Flow, published):
    sheet = flow.call("GET", f"/campaigns/{published}/awards/pay.json", "finance", expect=200).json()
    lines = sheet["lines"]
    assert {line["employee_no"] for line in lines} == {"E1", "E2", "G1", "G2"}
    by_award: dict[str, int] = {}
    for line in lines:
        by_award[line["submission"]] = by_award.get(line["submission"], 0) + line["amount_fen"]
    assert all(by_award[line["submission"]] == line["reward_fen"] for line in lines)
    assert sum(by_award.values()) == sheet["total_paid_fen"] == 300_000  # two first prizes of 1,500 yuan
    assert sorted(line["amount_fen"] for line in lines if line["employee_no"] in ("G1", "G2")) == [49_995, 100_005]
    text = flow.call("GET", f"/campaigns/{published}/awards/pay.csv", "organiser", expect=200).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["序号", "成果编号", "成果名称"] and "工号" in table[0] and "应发金额（分）" in table[0]
    assert table[-1][0] == "合计" and table[-1][table[0].index("应发金额（元）")] == "3000.00"
    book = openpyxl.load_workbook(io.BytesIO(flow.call("GET", f"/campaigns/{published}/awards/pay.xlsx", "finance", expect=200).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][6] == "工号" and rows[-1][0] == "合计" and rows[-1][11] == 3000
    assert {r[6] for r in rows[1:-1]} == {"E1", "E2", "G1", "G2"}
