"""The honours lists on paper (issue 14), pure (no database): the 公示 list and the final
commendation list read back with poppler: names and units whole on their lines, the header
on every page of a long list, page footers, the 公示 line only on the 公示, the signature
lines, and nothing of what stays private (codes, votes)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from contests.paper.heading import Notice
from contests.paper.honours_list import HEADERS, final_list_pdf, honours_table, notice_list_pdf
from tests.paper import poppler

pytestmark = poppler.needs_poppler
MADE = dt.datetime(2026, 12, 14, 1, 30, tzinfo=dt.UTC)  # 09:30 in Beijing
NOTICE = Notice(start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 11), contact="工会办公室 0556-1234567")


@dataclasses.dataclass
class Entry:
    title: str
    name: str
    unit: str


@dataclasses.dataclass
class Revoked(Entry):
    on: dt.date


def entries(n: int) -> list[Entry]:
    return [
        Entry("先进个人" if k % 3 else "工人先锋号", f"职工欧阳{k}号" if k % 3 else f"第{k}机修班组", f"中国石化安庆分公司第{k}联合车间")
        for k in range(1, n + 1)
    ]


def test_a_long_final_list_repeats_its_header_and_keeps_names_whole():
    listed = entries(120)
    pdf = final_list_pdf("2026年度评比表彰", honours_table(listed), organiser="安庆石化工会", version=1, made_at=MADE)
    pages = poppler.page_count(pdf)
    assert pages >= 3 and poppler.footers(pdf) == [(k, pages) for k in range(1, pages + 1)]
    for page in range(1, pages + 1):
        assert all(h in poppler.text(pdf, page=page) for h in HEADERS), page
    lines = poppler.lines(pdf)
    for e in listed:  # each name and unit whole on one line, on the line of its row
        assert any(e.name in line and e.unit in line and e.title in line for line in lines), e
    text = poppler.text(pdf)
    assert "2026年度评比表彰表彰名单" in text and "第1版" in text and "主办单位：安庆石化工会" in text
    assert "2026年12月14日 09:30（北京时间）" in text
    assert "评审委员会（签字）" in text and "工会（签字）" in text
    assert "公示期" not in text  # the 公示 is over


def test_the_notice_list_carries_the_period_and_contact():
    pdf = notice_list_pdf("2026年度评比表彰", honours_table(entries(4)), organiser="", version=3, made_at=MADE, notice=NOTICE)
    text = poppler.text(pdf)
    assert "2026年度评比表彰拟表彰名单公示" in text and "第3版" in text
    assert "公示期：2026年12月7日至2026年12月11日" in text and "0556-1234567" in text  # the line wraps before it
    assert "职工欧阳1号" in text and "第3机修班组" in text and "评审委员会（签字）" in text
    assert poppler.footers(pdf) == [(1, 1)]


def test_the_table_holds_title_name_and_unit_only():
    table = honours_table([Entry("先进个人", "职工甲", "一厂"), Entry("工人先锋号", "班组T01", "一厂")])
    assert table.headers == ("序号", "荣誉称号", "姓名（集体名称）", "单位")
    assert table.rows == (("1", "先进个人", "职工甲", "一厂"), ("2", "工人先锋号", "班组T01", "一厂"))


def test_revoked_titles_are_noted_with_their_date():
    revoked = [Revoked("先进个人", "职工<乙>", "二厂", dt.date(2027, 1, 5))]
    pdf = final_list_pdf("2026年度评比表彰", honours_table(entries(2)), organiser="", version=2, made_at=MADE, revoked=revoked)
    text = poppler.text(pdf)
    assert "已撤销：二厂 职工<乙> 先进个人称号（2027年1月5日撤销）" in text and "第2版" in text
