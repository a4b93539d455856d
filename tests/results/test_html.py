"""The public results page: award list in Chinese, escaping, English, phones and print."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import msgspec
import pytest

from contests.results import breakdown, render_results_page
from contests.results.html import num
from scoring import explain
from scoring.errors import RuleError
from tests.results.fixtures import EMOJI_NAME, SCRIPT_NAME, breakdowns_of, standings_of


@pytest.fixture
def page(contest, welder, electrician) -> str:
    snapshots = [standings_of(contest, d) for d in (welder, electrician)]
    breakdowns = {d.event_id: breakdowns_of(d) for d in (welder, electrician)}
    return render_results_page(contest.name, snapshots, breakdowns)


class Outline(HTMLParser):
    """Every tag, and the text of each <li> under each <h4> (award tier) heading."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.tiers: dict[str, list[str]] = {}
        self._heading: str | None = None
        self._tier: str | None = None
        self._item: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "h4":
            self._heading = ""
        elif tag == "li" and self._tier is not None:
            self._item = ""
        elif tag in ("h2", "h3", "table"):
            self._tier = None  # a tier's list ends with its block

    def handle_endtag(self, tag):
        if tag == "h4" and self._heading is not None:
            self._tier, self._heading = self._heading, None
            self.tiers.setdefault(self._tier, [])
        elif tag == "li" and self._item is not None:
            self.tiers[self._tier].append(self._item.strip())
            self._item = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        elif self._item is not None:
            self._item += data


def test_award_list_in_chinese(page, contest, welder):
    s = standings_of(contest, welder)
    outline = Outline()
    outline.feed(page)
    assert "获奖名单" in page
    first = outline.tiers["一等奖"]
    assert first[0] == "张强 （供电公司 & <Grid>）"  # the parser unescapes: the text is what a reader sees
    assert len(outline.tiers["二等奖"]) == 3 + 2  # welder 3, electrician 2
    rows = {r.blind_code: r for r in s.rows}
    assert [x.split(" ")[0] for x in outline.tiers["三等奖"][:6]] == [rows[c].name for c in s.awards[2].codes]
    assert outline.tiers["技术能手"] == [f"{rows[c].name} （{rows[c].unit}）" for c in s.titles[0].codes]


def test_everything_is_escaped_and_unicode_kept(page):
    assert SCRIPT_NAME not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "供电公司 &amp; &lt;Grid&gt;" in page
    assert "O&#39;Brien; DROP TABLE marks;--" in page
    assert EMOJI_NAME in page and "技能操作（板对接焊）" in page
    assert "<script" not in page.lower()


def test_no_external_assets_and_works_on_phones_and_paper(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<meta charset="utf-8">' in page and '<html lang="zh-CN">' in page
    assert "@media print" in page and "overflow-x: auto" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert '<a href="?lang=en" hreflang="en">English</a>' in page


def test_ranking_table_and_one_breakdown_per_competitor(page, contest, welder, electrician):
    outline = Outline()
    outline.feed(page)
    assert outline.tags.count("details") == len(welder.competitors) + len(electrician.competitors)
    assert page.count("<section") == 2
    for header in ("名次", "检录号", "姓名", "单位", "代表队", "总分", "奖项", "称号"):
        assert f">{header}</th>" in page
    assert ">88.00</td>" in page and "团体成绩" in page and "取消资格，不排名" in page
    assert "第1次发布" in page and "规则版本 3" in page and "保留2位小数" in page
    assert "外观检验" in page and "气孔" in page  # W10's veto fired and is named
    assert "接线错误（每处） ×2 −10" in page  # E02's deductions


def test_english_page(contest, welder):
    s = standings_of(contest, welder)
    page = render_results_page(contest.name_en, [s], {}, lang="en", other_lang_href="/public/skills-2026?lang=zh")
    assert '<html lang="en">' in page
    for header in ("Rank", "Code", "Name", "Unit", "Team", "Theory", "Total", "Award", "Titles"):
        assert f">{header}</th>" in page
    assert ">First prize</h4>" in page and ">Technical expert</h4>" in page and "Award list" in page
    assert '<a href="/public/skills-2026?lang=zh" hreflang="zh-CN">中文</a>' in page
    assert ">名次</th>" not in page
    with pytest.raises(RuleError):
        render_results_page(contest.name, [s], {}, lang="de")


def test_blind_page_shows_codes_only(contest, welder):
    s = standings_of(contest, welder, reveal=False, snapshot=0)
    page = render_results_page(contest.name, [s], {"welder": breakdowns_of(welder)})
    assert "暂定成绩（未发布）" in page and "未解密：仅显示检录号" in page
    for c in welder.competitors:
        assert c.name not in page and msgspec.json.encode(c.name).decode()[1:-1] not in page
    assert welder.code("W03") in page


def test_breakdown_agrees_with_the_explanation(welder):
    i = welder.index("W07")
    b = breakdown(explain(welder.scorer, welder.result, welder.marks, i))
    assert b.total_units == 8800 and b.rank == 2
    practical = b.modules[1]
    assert (practical.raw, practical.scaled, round(practical.weighted, 9)) == (110.0, 88.0, 61.6)
    assert [(s.id, s.score) for s in practical.sections] == [("visual", 90.0), ("workmanship", 20.0)]
    assert practical.vetoes == () and practical.deductions == ()
    w10 = breakdown(explain(welder.scorer, welder.result, welder.marks, welder.index("W10")))
    assert w10.modules[1].vetoes == ("气孔",) and w10.modules[1].sections[0].vetoed


def test_number_text_for_intermediates():
    assert [num(x) for x in (3.333333, 87.5, 88.0, -0.00001, 61.6000000001)] == ["3.3333", "87.5", "88", "0", "61.6"]
