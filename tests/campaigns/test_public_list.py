"""What the public award list (公示) shows: the campaign's `public_notice` declaration and the
public JSON, CSV, XLSX and page that follow it (issue 10 item 3, issue 11 point 7)."""

from __future__ import annotations

import csv
import io

import msgspec
import openpyxl
import pytest

from contests.campaigns.award_list import AwardList, build_award_list
from contests.campaigns.case import Case
from contests.campaigns.definition import Campaign, PublicNotice, decode_campaign
from contests.campaigns.errors import CampaignError
from contests.campaigns.export import headers, to_csv, to_html, to_xlsx
from contests.campaigns.public_list import public_award_list, public_copy
from contests.campaigns.submission import Proposer
from contests.people import Unit
from tests.campaigns.factories import ELIGIBLE, campaign_1986, drive, replace, submission

EVERYTHING = PublicNotice(show_amounts=True, show_benefit=True, show_not_awarded=True)
PROPOSERS = [Proposer(employee_no="GH-7001", name="赵甲", share_bp=5000), Proposer(employee_no="GH-7002", name="钱乙", share_bp=5000)]


@pytest.fixture(scope="module")
def award_list() -> AwardList:
    campaign = campaign_1986()
    won = submission("S1", campaign=campaign, title="油位远程监测", proposers=PROPOSERS)
    lost = submission("S2", campaign=campaign, title="争议中的装置", eligibility=replace(ELIGIBLE, ip_dispute=True))
    cases = [drive(Case(submission=won), "verified", benefit="150000"), drive(Case(submission=lost), "verified", benefit="2000")]
    built = build_award_list(campaign, cases, {}, [Unit(code="TL", name="铜陵供电公司", headcount=1200)])
    assert len(built.entries) == 1 and len(built.not_awarded) == 1
    return built


def _money(award_list: AwardList) -> list[str]:
    share = award_list.entries[0].shares[0]
    return [f"{share.amount_yuan:.2f}", f"{award_list.total_paid_yuan:.2f}"]


def test_a_campaign_declares_nothing_public_by_default_and_round_trips():
    assert campaign_1986().public_notice == PublicNotice(show_amounts=False, show_benefit=False, show_not_awarded=False)
    declared = replace(campaign_1986(), public_notice=PublicNotice(show_amounts=True))
    assert decode_campaign(msgspec.json.encode(declared)) == declared
    body = msgspec.to_builtins(campaign_1986())
    assert body["public_notice"] == {"show_amounts": False, "show_benefit": False, "show_not_awarded": False}
    assert msgspec.convert(dict(body, public_notice={}), Campaign).public_notice == PublicNotice()


@pytest.mark.parametrize(
    ("notice", "path"),
    [({"show_amounts": "yes"}, "public_notice.show_amounts"), ({"show_names": True}, "public_notice"), ([], "public_notice")],
)
def test_a_bad_declaration_is_refused_naming_the_field(notice, path):
    body = dict(msgspec.to_builtins(campaign_1986()), public_notice=notice)
    with pytest.raises(CampaignError) as refused:
        decode_campaign(msgspec.json.encode(body))
    assert refused.value.problems[0].path.startswith(path)


def test_the_default_json_leaves_out_amounts_benefit_and_the_not_awarded(award_list):
    text = msgspec.json.encode(public_award_list(award_list)).decode()
    for private in ("GH-7001", "share_bp", "amount", "reward", "paid", "budget", "verified_benefit", "争议中的装置", *_money(award_list)):
        assert private not in text, private
    body = msgspec.json.decode(text)
    assert [s["name"] for s in body["entries"][0]["shares"]] == ["赵甲", "钱乙"] and body["entries"][0]["grade_name"]


def test_a_declared_json_shows_what_it_declares_and_never_employee_numbers(award_list):
    body = msgspec.to_builtins(public_award_list(award_list, EVERYTHING))
    full = msgspec.to_builtins(award_list)
    assert [s["employee_no"] for s in body["entries"][0]["shares"]] == ["", ""]
    assert [s["amount_fen"] for s in body["entries"][0]["shares"]] == [s["amount_fen"] for s in full["entries"][0]["shares"]]
    assert body["entries"][0]["verified_benefit_yuan"] == "150000" and body["total_paid_fen"] == full["total_paid_fen"]
    assert body["not_awarded"] == full["not_awarded"] and body["not_awarded"][0]["reasons"]
    amounts_only = msgspec.to_builtins(public_award_list(award_list, PublicNotice(show_amounts=True)))
    assert "verified_benefit_yuan" not in amounts_only["entries"][0] and "not_awarded" not in amounts_only


def test_the_default_files_have_no_amount_employee_or_benefit_column(award_list):
    shown = public_copy(award_list)
    assert headers("zh", notice=PublicNotice()) == ["序号", "成果编号", "成果名称", "类别", "单位", "等级", "评审得分", "完成人"]
    rows = list(csv.reader(io.StringIO(to_csv(shown, notice=PublicNotice()).decode("utf-8-sig"))))
    assert rows[0] == headers("zh", notice=PublicNotice()) and [r[-1] for r in rows[1:]] == ["赵甲", "钱乙"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(shown, "en", notice=PublicNotice())))
    values = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert next(book.worksheets[0].iter_rows(values_only=True)) == tuple(headers("en", notice=PublicNotice()))
    assert list(next(book.worksheets[1].iter_rows(values_only=True))) == ["Grade", "Awards"]
    assert not [v for v in values if isinstance(v, float)]  # no money anywhere, only counts and places


def test_the_pay_sheet_keeps_every_column(award_list):
    rows = list(csv.reader(io.StringIO(to_csv(award_list).decode("utf-8-sig"))))
    assert "工号" in rows[0] and "核实年效益（元）" in rows[0] and rows[1][rows[0].index("工号")] == "GH-7001"


def test_the_page_shows_what_the_notice_declares(award_list):
    quiet = to_html(public_copy(award_list), notice=PublicNotice())
    assert "油位远程监测" in quiet and "赵甲" in quiet and "铜陵供电公司" in quiet
    for private in ("GH-7001", "奖金", "元）", "核实年效益", "未获奖", "争议中的装置", *_money(award_list)):
        assert private not in quiet, private
    loud = to_html(public_copy(award_list, EVERYTHING), notice=EVERYTHING)
    assert "核实年效益" in loud and "150,000.00" in loud and "争议中的装置" in loud and "未获奖成果" in loud
    assert "GH-7001" not in loud and "%，" in loud
