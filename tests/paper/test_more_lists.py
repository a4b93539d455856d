"""Issue 14's later lists on paper, pure (no database): team results, the contest pay sheet's
lines from declared prizes, and the labour standings; and the prizes in a contest definition.
Read back with poppler: names whole on their lines, page counts and footers, 大写 totals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import msgspec
import pytest

from contests.definition import DefinitionError, decode_contest, encode_contest
from contests.paper.capital_amount import capital_amount
from contests.paper.contest_pay import event_pay_lines
from contests.paper.document import MARGIN, orientation
from contests.paper.heading import Notice
from contests.paper.labour_list import annual_table, labour_list_pdf, period_table
from contests.paper.pay_sheet import pay_sheet_pdf
from contests.paper.table import fitting_size
from contests.paper.team_list import team_results_pdf, team_table
from tests.paper import poppler
from tests.results.fixtures import electrician_day, load_contest, standings_of, welder_day

pytestmark = poppler.needs_poppler
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PUBLISHED = dt.datetime(2026, 11, 30, 8, 5, tzinfo=dt.UTC)
NOTICE = Notice(start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 7), contact="工会办公室")
PRIZES = {"一等奖": Decimal("3000"), "二等奖": Decimal("1500.50"), "三等奖": Decimal("800"), "技术能手": Decimal("200")}


@pytest.fixture(scope="module")
def contest():
    return load_contest()


@pytest.fixture(scope="module")
def welder(contest):
    return standings_of(contest, welder_day(contest))


@pytest.fixture(scope="module")
def electrician(contest):
    return standings_of(contest, electrician_day(contest))


# ---------------------------------------------------------------- prizes in the definition


def test_every_example_decodes_unchanged_with_no_prizes():
    for path in sorted(EXAMPLES.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        if "[[events]]" not in text:
            continue  # not a contest definition (labour, campaigns)
        contest = decode_contest(text, "toml")
        assert all(e.prizes == {} for e in contest.events), path.name
        assert encode_contest(contest, "toml").decode("utf-8") in text, path.name  # the file is still exactly what we write


def test_prizes_round_trip_toml_and_json_as_numbers(contest):
    priced = msgspec.structs.replace(contest, events=[msgspec.structs.replace(contest.events[0], prizes=PRIZES), *contest.events[1:]])
    toml = encode_contest(priced, "toml").decode("utf-8")
    assert '"二等奖" = 1500.50' in toml and '"一等奖" = 3000' in toml
    assert decode_contest(toml, "toml") == priced and decode_contest(encode_contest(priced, "json"), "json") == priced


@pytest.mark.parametrize(
    ("prizes", "path", "rule"),
    [
        ('"特等奖" = 100', "events[0].prizes.特等奖", "neither an award tier nor a title"),
        ('"一等奖" = 0.001', "events[0].prizes.一等奖", "more than 2 decimal places"),
        ('"一等奖" = -1', "events[0].prizes.一等奖", "must not be negative"),
        ('"一等奖" = 1e13', "events[0].prizes.一等奖", "above the limit"),
    ],
)
def test_a_bad_prize_is_refused_by_path_and_rule(prizes, path, rule):
    text = (EXAMPLES / "welder.toml").read_text(encoding="utf-8") + f"\n[events.prizes]\n{prizes}\n"
    with pytest.raises(DefinitionError) as refused:
        decode_contest(text, "toml")
    assert any(p.path == path and rule in p.rule for p in refused.value.problems), refused.value.problems


# ---------------------------------------------------------------- the contest pay sheet


def test_pay_lines_follow_the_ranking_and_pay_awards_and_titles(welder):
    lines = event_pay_lines(welder, PRIZES)
    expected = [(r.name, paid) for r in welder.rows for paid in (r.award, *r.titles) if paid in PRIZES]
    assert [(p.name, p.grade) for p in lines] == expected and all(p.item == welder.event_name for p in lines)
    assert {p.amount_fen for p in lines if p.grade == "二等奖"} <= {150050}
    assert event_pay_lines(welder, {}) == []


def test_the_contest_pay_sheet_prints_capitals_and_the_total(welder):
    lines = event_pay_lines(welder, PRIZES)
    total = sum(p.amount_fen for p in lines)
    pdf = pay_sheet_pdf(welder.contest_name, lines, organiser="集团公司工会", made_at=PUBLISHED)
    text = poppler.text(pdf)
    assert f"{welder.contest_name}奖金发放表" in text and capital_amount(total) in text and f"{len(lines)}人" in text
    for line in (p for p in lines if p.name.isalnum()):  # the fixture's emoji and script names are not CJK text
        assert any(line.name in row and capital_amount(line.amount_fen) in row for row in poppler.lines(pdf))  # one row, whole
    assert poppler.footers(pdf) == [(k, poppler.page_count(pdf)) for k in range(1, poppler.page_count(pdf) + 1)]


# ---------------------------------------------------------------- team results


def test_team_results_name_the_counted_members(electrician, welder):
    assert electrician.teams and not welder.teams
    pdf = team_results_pdf([(welder, PUBLISHED), (electrician, PUBLISHED)], organiser="集团公司工会", notice=NOTICE)
    text, lines = poppler.text(pdf), poppler.lines(pdf)
    assert "团体成绩公示" in text and electrician.event_name in text and "公示期：2026年12月1日至2026年12月7日" in text
    assert poppler.page_count(pdf) == 1 and poppler.footers(pdf) == [(1, 1)]  # the welder ranks no team: left out
    names = {r.blind_code: r.name for r in electrician.rows}
    for team in electrician.teams:
        line = next(line for line in lines if f" {team.name} " in f" {line} ")
        assert all(names[c] in line for c in team.members if names[c] and names[c].isalnum())  # whole, on the team's line
    assert team_table(electrician).headers == ("名次", "代表队", "单位", "成绩", "计分人数", "计分选手")


# ---------------------------------------------------------------- labour standings


@dataclasses.dataclass
class Row:
    name: str
    unit: str
    total: float
    rank: int
    eligible: bool = True
    vetoes: list = dataclasses.field(default_factory=list)
    awards: list = dataclasses.field(default_factory=list)
    not_reported: list = dataclasses.field(default_factory=list)
    late_deduction: float = 0.0
    red_flags: int = 0


def test_a_long_labour_list_repeats_its_header_and_keeps_names_whole():
    rows = [
        Row(f"第{k}机修班组", f"中国石化安庆分公司第{k}联合车间", 100 - k / 7, k, awards=["流动红旗"] if k == 1 else [])
        for k in range(1, 121)
    ]
    rows[5] = dataclasses.replace(rows[5], eligible=False, vetoes=["出勤率低于95%"])
    rows[7] = dataclasses.replace(rows[7], total=math.nan, rank=0, eligible=False, not_reported=["产量"])
    table = period_table(rows, "team")
    pdf = labour_list_pdf("2026年劳动竞赛", "2026年3月", table, organiser="", made_at=PUBLISHED, notice=NOTICE)
    pages = poppler.page_count(pdf)
    frame = orientation(table)[1] - 2 * MARGIN
    least = math.ceil(121 * fitting_size(table, orientation(table)[0] - 2 * MARGIN) * table.row_height_factor / frame)
    assert least <= pages <= least + 1 and poppler.footers(pdf) == [(k, pages) for k in range(1, pages + 1)]
    for page in range(1, pages + 1):
        assert "所属单位" in poppler.text(pdf, page=page)
    text = poppler.text(pdf)
    for k in range(1, 121):
        assert f"第{k}机修班组" in text and f"中国石化安庆分公司第{k}联合车间" in text
    assert "否决：出勤率低于95%" in text and "未报：产量" in text and "考核小组（签字）" in text


def test_the_annual_table_counts_red_flags():
    table = annual_table([Row("炼钢一班", "炼钢厂", 92.5, 1, red_flags=3, awards=["优胜班组"])], "team")
    assert table.headers[4] == "流动红旗" and table.rows[0][3:6] == ("92.50", "3", "优胜班组")
