"""Golden campaigns through the HTTP API, from submission to the published award list.

Sources (RULES.md, "Five smalls and rationalisation proposals"):
- the 1986 State Council regulation bands by verified annual benefit: grade 1 ≥ 1,000,000
  yuan (bonus 2,500–4,000), 2: 500k–1M (1,500–2,500), 3: 100k–500k (500–1,500), 4: 10k–100k
  (300–500), 5: < 10k (≤ 300); bounds inclusive ("以上");
- the company scheme's score prizes: ≥ 18 → 1,500 yuan, ≥ 15 → 1,000, ≥ 13 → 500;
- rewards shared among co-proposers by agreed shares, in yuan and fen, with exact sums;
- the Fujian 2022 provincial pool: 2,000 / 1,000 / 500 yuan per grade, under a budget.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from contests.campaigns.presets import rewards_fixed
from tests.api.campaigns_support import Flow, json_1986, score_prizes_json

pytestmark = pytest.mark.db

# (verified benefit in yuan, grade); the 1986 reward table at the bottom of each range
BANDS_1986 = [
    ("1000000", 1),
    ("999999.99", 2),
    ("500000", 2),
    ("499999.99", 3),
    ("100000", 3),
    ("10000", 4),
    ("9999.99", 5),
    ("0.01", 5),
    ("0", None),
]
REWARD_1986_FEN = {1: 250000, 2: 150000, 3: 50000, 4: 30000, 5: 30000}


@pytest.fixture(scope="module")
def flow(client, headers, run) -> Flow:
    return Flow.signed_in(client, headers, run)


def _entries(award_list: dict) -> dict[int, dict]:
    return {int(e["submission"]): e for e in award_list["entries"]}


def test_1986_bands_from_verified_benefit_to_the_published_list(flow):
    cid = flow.campaign(json_1986())
    sids = {}
    for benefit, grade in BANDS_1986:
        sid = flow.draft(cid, category="rationalisation", claimed_benefit_yuan=benefit)
        flow.drive(cid, sid, "verified", benefit=benefit)
        sids[sid] = grade
    preview = flow.call("GET", f"/campaigns/{cid}/awards", "finance", expect=200).json()
    assert preview["published"] is False
    published = flow.publish(cid)
    assert published["published"] is True and published["definition_version"] == 1
    award_list = published["award_list"]
    assert award_list["entries"] == preview["award_list"]["entries"]
    entries = _entries(award_list)
    for sid, grade in sids.items():
        submission = flow.call("GET", f"/campaigns/{cid}/submissions/{sid}", "employee", expect=200).json()
        if grade is None:
            assert sid not in entries and submission["state"] == "verified" and submission["award"] is None
            [refused] = [n for n in award_list["not_awarded"] if int(n["submission"]) == sid]
            assert refused["reasons"] == ["verified benefit below every benefit band"]
            continue
        entry = entries[sid]
        assert (entry["grade"], entry["reward_fen"]) == (grade, REWARD_1986_FEN[grade])
        assert submission["state"] == "awarded"
        assert submission["award"] == {"grade": grade, "table_fen": REWARD_1986_FEN[grade], "reward_fen": REWARD_1986_FEN[grade],
                                       "shares": {"E1": REWARD_1986_FEN[grade] * 6 // 10, "E2": REWARD_1986_FEN[grade] * 4 // 10}}  # fmt: skip
        assert submission["history"][-1]["action"] == "award" and submission["history"][-1]["actor"] == "org"
    assert [e["grade"] for e in award_list["entries"]] == sorted(g for g in sids.values() if g)  # grade order
    assert award_list["total_paid_fen"] == sum(REWARD_1986_FEN[g] for g in sids.values() if g)
    assert award_list["total_paid_yuan"] == "7400.00"  # 2,500 + 2 × 1,500 + 2 × 500 + 300 + 2 × 300


def _marks(total: float) -> dict[str, float]:
    """Marks of the 20-point rubric (value ≤ 8, novelty ≤ 6, effect ≤ 6) summing to `total`."""
    value = min(8.0, total)
    novelty = min(6.0, total - value)
    return {"value": value, "novelty": novelty, "effect": round(total - value - novelty, 2)}


# (the panel's three totals, expected score, grade, reward in yuan): the mean of a panel of 3
SCORE_CASES = [
    ((20, 20, 20), "20.00", 1, 1500),
    ((18, 18, 18), "18.00", 1, 1500),
    ((18, 18, 17.97), "17.99", 2, 1000),
    ((15, 15, 15), "15.00", 2, 1000),
    ((15, 15, 14.97), "14.99", 3, 500),
    ((13, 13, 13), "13.00", 3, 500),
    ((13, 13, 12.97), "12.99", None, 0),
]
THREE_WAY = [
    {"employee_no": "GH-001", "name": "赵一", "share_bp": 3333},
    {"employee_no": "GH-002", "name": "钱二", "share_bp": 3333},
    {"employee_no": "GH-003", "name": "孙三", "share_bp": 3334},
]
# largest remainder in fen: 1,500 yuan → 499.95 + 499.95 + 500.10; 1,000 → 333.30 + 333.30 + 333.40; 500 → 166.65 ×2 + 166.70
SPLITS = {1500: [49995, 49995, 50010], 1000: [33330, 33330, 33340], 500: [16665, 16665, 16670]}


def test_score_prizes_and_exact_splits(flow):
    cid = flow.campaign(score_prizes_json())
    expected = {}
    for totals, score, grade, reward in SCORE_CASES:
        sid = flow.draft(cid, proposers=THREE_WAY)
        flow.drive(cid, sid, "verified", benefit="5000", marks=[_marks(t) for t in totals], panel=["R1", "R2", "R3"])
        assert flow.call("GET", f"/campaigns/{cid}/submissions/{sid}/scores", expect=200).json()["score"] == score
        expected[sid] = (score, grade, reward)
    award_list = flow.publish(cid)["award_list"]
    entries = _entries(award_list)
    for sid, (score, grade, reward) in expected.items():
        if grade is None:
            assert sid not in entries
            assert [n["reasons"] for n in award_list["not_awarded"] if int(n["submission"]) == sid] == [
                ["rubric score below every grade threshold"]
            ]
            continue
        entry = entries[sid]
        assert (entry["score"], entry["grade"], entry["reward_fen"]) == (score, grade, reward * 100)
        parts = [s["amount_fen"] for s in entry["shares"]]
        assert parts == SPLITS[reward] and sum(parts) == reward * 100
        assert [s["amount_yuan"] for s in entry["shares"]] == [f"{p // 100}.{p % 100:02d}" for p in parts]
    assert [(g["grade"], g["count"], g["paid_fen"]) for g in award_list["grades"]] == [(1, 2, 300000), (2, 2, 200000), (3, 2, 100000)]


def test_budget_pool_scaled_down_to_the_fen(flow):
    """Fujian 2022 amounts (2,000 / 1,000 / 500 yuan) under a 3,000-yuan pool, rule
    "scale_down": 3,500 requested → each scaled by 3000/3500 in fen, largest remainder."""
    body = score_prizes_json(rewards=_builtins(rewards_fixed([2000, 1000, 500])), budget={"pool_fen": 300000, "rule": "scale_down"})
    cid = flow.campaign(body)
    for total in (18, 15, 13):
        sid = flow.draft(cid)
        flow.drive(cid, sid, "verified", benefit="1", marks=[_marks(total)] * 3, panel=["R1", "R2", "R3"])
    award_list = flow.publish(cid)["award_list"]
    assert [e["table_fen"] for e in award_list["entries"]] == [200000, 100000, 50000]
    # 171428.57… / 85714.28… / 42857.14… fen: floors sum to 299999, the 1 fen left goes to the largest remainder
    assert [e["reward_fen"] for e in award_list["entries"]] == [171429, 85714, 42857]
    assert award_list["total_paid_fen"] == 300000 and award_list["budget"]["applied"] is True
    for e in award_list["entries"]:
        assert sum(s["amount_fen"] for s in e["shares"]) == e["reward_fen"]


def test_a_refuse_budget_blocks_the_list_until_a_new_version_fixes_it(flow):
    body = score_prizes_json(budget={"pool_fen": 100000, "rule": "refuse"})
    cid = flow.campaign(body)
    sid = flow.draft(cid)
    flow.drive(cid, sid, "verified", benefit="1", marks=[_marks(18)] * 3, panel=["R1", "R2", "R3"])
    refused = flow.call("GET", f"/campaigns/{cid}/awards", expect=409)
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "budget.pool_fen" in refused.text and "refuse" in refused.text
    flow.call("POST", f"/campaigns/{cid}/awards/publish", expect=409)
    body["budget"] = {"pool_fen": 150000, "rule": "refuse"}
    assert flow.call("POST", f"/campaigns/{cid}/versions", json=body, expect=201).json()["version"] == 2
    published = flow.publish(cid)
    assert published["definition_version"] == 2 and published["award_list"]["total_paid_fen"] == 150000
    # the round is closed: no new version, no new submission, no second publication
    flow.call("POST", f"/campaigns/{cid}/versions", json=body, expect=409)
    flow.call("POST", f"/campaigns/{cid}/submissions", "employee", json=flow.draft_json(cid), expect=409)
    flow.call("POST", f"/campaigns/{cid}/awards/publish", expect=409)


def test_public_award_list_in_chinese_json_csv_xlsx(flow, client):
    # a campaign that declares its amounts public (the default public list shows none)
    cid = flow.campaign(score_prizes_json(public_notice={"show_amounts": True}))
    for path in ("", ".json", ".csv", ".xlsx"):
        before = client.get(f"/public/campaigns/{cid}/awards{path}")
        assert before.status_code == 404 and before.headers["content-type"].startswith("application/problem+json")
    sid = flow.draft(cid, proposers=THREE_WAY, title="智能巡检机器人")
    flow.drive(cid, sid, "verified", benefit="5000", marks=[_marks(18)] * 3, panel=["R1", "R2", "R3"])
    flow.publish(cid)

    page = client.get(f"/public/campaigns/{cid}/awards")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for text in ("获奖名单", "一等奖", "智能巡检机器人", "赵一", "钱二", "孙三", "1,500.00", "499.95", "500.10", "铜陵供电公司"):
        assert text in page.text, text
    assert "GH-00" not in page.text  # employee numbers are not public
    assert "Award list" in client.get(f"/public/campaigns/{cid}/awards?lang=en").text

    public = client.get(f"/public/campaigns/{cid}/awards.json").json()
    assert [s["employee_no"] for s in public["entries"][0]["shares"]] == ["", "", ""]
    assert [s["amount_fen"] for s in public["entries"][0]["shares"]] == SPLITS[1500]

    raw = client.get(f"/public/campaigns/{cid}/awards.csv")
    assert raw.headers["content-type"].startswith("text/csv") and raw.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "成果编号", "成果名称"] and len(rows) == 4
    assert [r[-1] for r in rows[1:]] == ["499.95", "499.95", "500.10"] and all(r[-3] == "" for r in rows[1:])

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/public/campaigns/{cid}/awards.xlsx").content))
    sheet = book.worksheets[0]
    amounts = [sheet.cell(row=r, column=sheet.max_column).value for r in range(2, sheet.max_row + 1)]
    assert round(sum(amounts), 2) == 1500.00
    # the organiser's and finance's pay sheet keeps the employee numbers
    pay = openpyxl.load_workbook(io.BytesIO(flow.call("GET", f"/campaigns/{cid}/awards.xlsx", "finance", expect=200).content))
    assert {"GH-001", "GH-002", "GH-003"} <= {c.value for row in pay.worksheets[0].iter_rows() for c in row}


def _builtins(value):
    import msgspec

    return msgspec.to_builtins(value)


def test_a_definition_round_trips_and_band_bounds_are_exact_text(flow):
    body = json_1986()
    view = flow.call("POST", "/campaigns", json=body, expect=201).json()
    assert view["definition"] == body and view["version"] == 1 and view["published"] is False
    assert [b["min_yuan"] for b in view["definition"]["grading"]["benefit_bands"]] == ["1000000", "500000", "100000", "10000", "0.01"]
    bad = dict(body, id="other-id")
    bad["grading"] = dict(body["grading"], benefit_bands=[{"grade": 1, "min_yuan": "1e6"}])
    assert flow.call("POST", "/campaigns", json=bad, expect=400).json()["errors"][0]["path"].startswith("grading.benefit_bands[0].min_yuan")
