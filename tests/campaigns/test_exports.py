"""A campaign from submission to award list, and its exports: JSON, CSV (UTF-8 with BOM,
Chinese headers), XLSX (opened with openpyxl) and the public HTML page, all agreeing."""

from __future__ import annotations

import codecs
import csv
import io
from decimal import Decimal

import msgspec
import openpyxl
import pytest

from contests.campaigns.award_list import AwardList, build_award_list
from contests.campaigns.case import Case
from contests.campaigns.definition import BudgetPool
from contests.campaigns.export import COLUMNS, headers, to_csv, to_html, to_json, to_xlsx
from contests.campaigns.presets import INNOVATION_ASPECTS
from contests.campaigns.review import ReviewAssignment, Reviewer, validate_assignments
from contests.campaigns.rubric import ReviewScore, score_rubric
from contests.campaigns.statistics import statistics_from_scratch
from contests.campaigns.submission import Proposer
from contests.people import Unit
from tests.campaigns.factories import ELIGIBLE, award, campaign_1986, drive, replace, submission

REVIEWERS = [Reviewer(code=f"R{i}", name=f"专家{i}", unit=f"X{i}") for i in range(1, 6)]
BENEFITS = {"S1": "1200000", "S2": "650000.50", "S3": "150000", "S4": "20000", "S5": "8000", "S6": "0"}


@pytest.fixture(scope="module")
def award_list() -> AwardList:
    # a 1986 campaign with a pool too small for everyone: scaled down in proportion
    campaign = campaign_1986(budget=BudgetPool(pool_fen=500_000, rule="scale_down"))
    subs = [
        submission(
            sid,
            campaign=campaign,
            proposers=[
                Proposer(employee_no=f"{sid}-1", name=f"张{sid}", share_bp=3334),
                Proposer(employee_no=f"{sid}-2", name=f"李{sid}", share_bp=3333),
                Proposer(employee_no=f"{sid}-3", name=f"王{sid}", unit="HF", share_bp=3333),
            ],
        )
        for sid in BENEFITS
    ]
    subs.append(submission("S7", campaign=campaign, eligibility=replace(ELIGIBLE, ip_dispute=True)))
    panels = [ReviewAssignment(submission=s.id, reviewers=[r.code for r in REVIEWERS]) for s in subs]
    validate_assignments(panels, REVIEWERS, subs, campaign.panel_size)
    reviews = [
        ReviewScore(submission=s.id, reviewer=r.code, marks={a: 8 for a, _ in INNOVATION_ASPECTS} | {"economic_benefit": 30})
        for s in subs
        for r in REVIEWERS
    ]
    scores = score_rubric(campaign, panels, reviews)
    cases = [drive(Case(submission=s), "verified", benefit=BENEFITS.get(s.id, "300000")) for s in subs]
    units = [Unit(code="TL", name="铜陵供电公司", headcount=1200), Unit(code="HF", name="合肥检修公司", headcount=800)]
    return build_award_list(campaign, cases, scores, units)


def test_the_award_list(award_list):
    assert [(e.submission, e.grade) for e in award_list.entries] == [("S1", 1), ("S2", 2), ("S3", 3), ("S4", 4), ("S5", 5)]
    # table 2,500 + 1,500 + 500 + 300 + 300 = 5,100 yuan; pool 5,000 → scaled exactly to the pool
    assert award_list.budget.requested_fen == 510_000 and award_list.total_paid_fen == 500_000
    # × 50/51: 245,098.04 / 147,058.82 / 49,019.61 / 29,411.76 / 29,411.76 fen; floors leave 3 fen
    # for the largest remainders .82, .76, .76 (not the .61)
    assert [e.reward_fen for e in award_list.entries] == [245_098, 147_059, 49_019, 29_412, 29_412]
    for e in award_list.entries:
        assert sum(s.amount_fen for s in e.shares) == e.reward_fen
        assert e.reward_yuan == Decimal(e.reward_fen) / 100
    assert [s.unit for s in award_list.entries[0].shares] == ["TL", "TL", "HF"]
    assert {n.submission: n.reasons for n in award_list.not_awarded} == {
        "S6": ["verified benefit below every benefit band"],
        "S7": ["intellectual-property dispute (存在知识产权纠纷)"],
    }
    assert award_list.entries[0].score == Decimal("78.00")


def test_json_round_trips(award_list):
    assert msgspec.json.decode(to_json(award_list), type=AwardList) == award_list


def _json_rows(award_list):
    data = msgspec.json.decode(to_json(award_list))
    return [(e, s) for e in data["entries"] for s in e["shares"]]


def test_csv_has_a_bom_chinese_headers_and_agrees_with_json(award_list):
    data = to_csv(award_list)
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == headers("zh") and rows[0][:3] == ["序号", "成果编号", "成果名称"]
    body = rows[1:]
    pairs = _json_rows(award_list)
    assert len(body) == len(pairs) == 15
    for row, (e, s) in zip(body, pairs):
        cell = dict(zip([k for k, _, _ in COLUMNS], row))
        assert cell["submission"] == e["submission"] and cell["employee_no"] == s["employee_no"]
        assert Decimal(cell["reward"]) == Decimal(e["reward_yuan"]) == Decimal(e["reward_fen"]) / 100
        assert Decimal(cell["amount"]) == Decimal(s["amount_yuan"]) == Decimal(s["amount_fen"]) / 100
        assert Decimal(cell["share"]) * 100 == s["share_bp"]
    assert rows[1][3:6] == ["小发明", "铜陵供电公司", "一等奖"]
    english = list(csv.reader(io.StringIO(to_csv(award_list, "en").decode("utf-8-sig"))))
    assert english[0][1] == "Submission" and english[1][5] == "first prize"


def test_xlsx_opens_with_openpyxl_and_agrees_with_json(award_list):
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(award_list)))
    assert book.sheetnames == ["获奖名单", "奖项汇总"]
    sheet = book["获奖名单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers("zh")
    keys = [k for k, _, _ in COLUMNS]
    for row, (e, s) in zip(rows[1:], _json_rows(award_list), strict=True):
        cell = dict(zip(keys, row))
        assert cell["submission"] == e["submission"] and cell["proposer"] == s["name"]
        assert Decimal(str(cell["reward"])).quantize(Decimal("0.01")) == Decimal(e["reward_yuan"])
        assert Decimal(str(cell["amount"])).quantize(Decimal("0.01")) == Decimal(s["amount_yuan"])
        assert Decimal(str(cell["benefit"])).quantize(Decimal("0.01")) == Decimal(e["verified_benefit_yuan"])
    summary = list(book["奖项汇总"].iter_rows(values_only=True))
    assert summary[1][:2] == ("一等奖", 1)
    assert summary[-1][0] == "奖金合计" and round(summary[-1][3] * 100) == award_list.total_paid_fen


def test_html_page_in_chinese_and_english(award_list):
    page = to_html(award_list)
    assert '<html lang="zh-CN">' in page and "获奖名单" in page and 'name="viewport"' in page and "@media print" in page
    assert "张S1" in page and "2,450.98" in page and "一等奖" in page and "铜陵供电公司" in page
    assert "S1-1" not in page  # employee numbers stay off the public page
    english = to_html(award_list, lang="en")
    assert '<html lang="en">' in english and "Award list" in english and "first prize" in english
    with pytest.raises(ValueError):
        to_html(award_list, lang="fr")


def test_html_escapes_what_people_typed(award_list):
    entry = replace(award_list.entries[0], title="<script>alert(1)</script>")
    page = to_html(replace(award_list, entries=[entry]))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_awards_recorded_from_the_list_are_counted_as_paid(award_list):
    campaign = campaign_1986()
    cases = [
        award(
            drive(Case(submission=submission(e.submission, campaign=campaign)), "verified", benefit=BENEFITS[e.submission]),
            e.grade,
            e.reward_fen,
        )
        for e in award_list.entries
    ]
    stats = statistics_from_scratch(cases, [Unit(code="TL", name="铜陵供电公司", headcount=100)])
    assert stats.total.awarded == 5 and stats.total.rewards_paid_fen == award_list.total_paid_fen
