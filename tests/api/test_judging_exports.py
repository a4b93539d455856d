"""Published results as files and the public page, read anonymously: the XLSX opens with
openpyxl (one sheet per event and an award-list sheet) and agrees with the public JSON cell
for cell; the CSV has Chinese headers (English with lang=en) and the same totals; only
published snapshots are public, and nothing published is a 404 (problem+json for files, a
friendly HTML page for the results page)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.api.public_view import without_private
from tests.api.test_judging_fixtures import close_and_publish, mark_electrician, mark_welder, ok, set_up_day

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def published(client, run, headers):
    """A contest with both events; the public is checked before anything and after both are published."""
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    mark_electrician(day)
    before = {
        "page": client.get(f"/public/contests/{day.cid}"),
        "json": client.get(f"/public/contests/{day.cid}/events/welder/results.json"),
        "xlsx": client.get(f"/public/contests/{day.cid}/results.xlsx"),
        "provisional": client.get(day.url("welder", "standings"), headers=day.chief),
    }
    snapshots = {event: close_and_publish(day, event) for event in ("welder", "electrician")}
    return day, snapshots, before


def test_nothing_is_public_before_publication(published):
    _, _, before = published
    assert before["provisional"].status_code == 200  # the chief judge's provisional standings exist …
    for what in ("json", "xlsx"):  # … but are never public
        assert before[what].status_code == 404 and before[what].headers["content-type"].startswith("application/problem+json")
        assert "no published results" in before[what].json()["detail"] or "no results published" in before[what].json()["detail"]
    page = before["page"]
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "成绩尚未公布" in page.text and "<!DOCTYPE html>" in page.text


def test_unknown_contest_event_and_snapshot_are_404(client, published):
    day, _, _ = published
    assert client.get("/public/contests/2147483647").status_code == 404
    assert client.get("/public/contests/2147483647/results.xlsx").json()["status"] == 404
    assert client.get(f"/public/contests/{day.cid}/events/lathe/results.json").json()["errors"][0]["path"] == "event_id"
    missing = client.get(f"/public/contests/{day.cid}/events/welder/results.csv?number=2")
    assert missing.status_code == 404 and missing.json()["errors"][0]["path"] == "number"
    assert client.get(f"/public/contests/{day.cid}?lang=fr").status_code == 400


def test_the_xlsx_opens_and_agrees_with_the_json(client, published):
    day, snapshots, _ = published
    response = client.get(f"/public/contests/{day.cid}/results.xlsx")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["焊工", "电工", "获奖名单"]
    awarded = []
    for event, sheet_name in (("welder", "焊工"), ("electrician", "电工")):
        public = ok(client.get(f"/public/contests/{day.cid}/events/{event}/results.json"))
        assert public == without_private(snapshots[event])
        standings = public["standings"]
        rows = list(book[sheet_name].iter_rows(values_only=True))
        header = list(rows[0])
        assert header[:5] == ["名次", "检录号", "姓名", "单位", "代表队"] and "总分" in header and "奖项" in header
        total = header.index("总分")
        assert len(rows) - 1 == len(standings["rows"])
        for cells, row in zip(rows[1:], standings["rows"]):
            assert cells[0] == (row["rank"] or None) and cells[1] == row["blind_code"]
            assert (cells[2], cells[3], cells[4]) == (row["name"], row["unit"], row["team"])
            assert round(cells[total] * 100) == row["total_units"]
            assert [round(cells[5 + k] * 100) for k in range(len(standings["modules"]))] == row["module_units"]
            assert cells[header.index("奖项")] == row["award"]
        awarded += [
            (standings["event_name"], r["award"], r["blind_code"], r["name"]) for r in standings["rows"] if r["award"] or r["titles"]
        ]
    awards = list(book["获奖名单"].iter_rows(values_only=True))
    assert list(awards[0][:5]) == ["赛项", "奖项", "名次", "检录号", "姓名"]
    assert [(a[0], a[1], a[3], a[4]) for a in awards[1:]] == awarded
    assert ("焊工", "一等奖", day.code("HJ-W1"), "张三") in awarded


def test_the_csv_has_chinese_headers_and_the_json_totals(client, published):
    day, snapshots, _ = published
    response = client.get(f"/public/contests/{day.cid}/events/electrician/results.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # BOM: Excel on Chinese Windows reads UTF-8
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["名次", "检录号", "姓名", "单位", "代表队"] and {"总分", "奖项", "称号", "名次依据"} <= set(rows[0])
    standings = snapshots["electrician"]["standings"]
    total = rows[0].index("总分")
    assert [(r[1], r[2], r[total]) for r in rows[1:]] == [
        (r["blind_code"], r["name"], f"{r['total_units'] // 100}.{r['total_units'] % 100:02d}") for r in standings["rows"]
    ]
    english = client.get(f"/public/contests/{day.cid}/events/electrician/results.csv?lang=en&number=1")
    assert english.content.decode("utf-8-sig").startswith("Rank,Code,Name,Unit,Team")


def test_the_public_page_in_chinese_and_english(client, published):
    day, _, _ = published
    page = client.get(f"/public/contests/{day.cid}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert '<html lang="zh-CN">' in text and "2026年职工焊工、电工技能竞赛" in text
    assert "获奖名单" in text and "一等奖" in text and "张三" in text and "吴四" in text and "成绩明细" in text
    assert text.index('id="event-welder"') < text.index('id="event-electrician"')  # definition order
    english = client.get(f"/public/contests/{day.cid}?lang=en").text
    assert '<html lang="en">' in english and "First prize" in english and "Award list" in english
    assert "2026 employee welder and electrician skills contest" in english
