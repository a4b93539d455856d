"""The rest of issue 14 over HTTP: the pay sheet (奖金发放表) of a contest whose definition
declares prizes, the team results on paper, every certificate of the contest in one PDF, the
configured public address (BIWU_PUBLIC_URL) in the QR code, the labour standings on paper,
and the buttons on the organiser's screens that print them all.

One contest day: the welder event is published first without prizes (the pay sheet is then
refused), a new version declares prizes, both events are published (the welder again, under
the new version) and the sheet pays what that version declares.

The labour competition is the RULES.md worked example (the 六赛 preset, January) reported,
verified and printed: the PDF carries the figures of the JSON standings (the worked example's
less the late deduction: the reports are sent after January's deadline): A with 流动红旗, B
vetoed with the reason shown, C; names and units whole on their lines.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest
import segno

from api.app import create_app
from api.routes.paper import XLSX, public_base_url
from contests.paper.capital_amount import capital_amount
from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.conftest import unique
from tests.api.test_judging_fixtures import (
    ELECTRICIANS,
    TEAMS,
    WELDERS,
    close_and_publish,
    mark_electrician,
    mark_welder,
    ok,
    set_up_day,
    two_event_definition,
)
from tests.api.test_roles_labour import definition as labour_definition
from tests.db.labour_helpers import ACTUALS, FACTS, PLANS, SPIRIT
from tests.paper import poppler
from tests.paper.test_certificate import DPI, qr_modules
from tests.screens.conftest import csrf_of, sign_in

pytestmark = [pytest.mark.db, poppler.needs_poppler]
NAMES = {"T-A": "炼钢一班", "T-B": "轧钢二班", "T-C": "动力三班"}
UNITS = {"U01": "炼钢厂", "U02": "轧钢厂", "U03": "能源动力厂"}
PRIZES = {"welder": {"一等奖": "3000", "二等奖": "1500.50", "三等奖": "800", "技术能手": "200"}, "electrician": {"一等奖": "2000"}}


def with_prizes(slug: str) -> dict:
    definition = two_event_definition() | {"id": slug}
    definition["events"] = [e | {"prizes": PRIZES[e["id"]]} for e in definition["events"]]
    return definition


@pytest.fixture(scope="module")
def day(client, run, headers):
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    close_and_publish(day, "welder")
    day.refused = client.get(f"/contests/{day.cid}/paper/pay-sheet.pdf", headers=headers["organiser"])  # type: ignore[attr-defined]
    slug = ok(client.get(f"/contests/{day.cid}", headers=headers["organiser"]))["slug"]
    ok(client.post(f"/contests/{day.cid}/versions", json=with_prizes(slug), headers=headers["organiser"]), 201)
    ok(client.post(day.url("welder", "publish"), headers=day.organiser), 201)  # the same results under the priced version
    mark_electrician(day)
    close_and_publish(day, "electrician")
    return day


def published(client, day, event: str) -> dict:
    return ok(client.get(f"/public/contests/{day.cid}/events/{event}/results.json"))["standings"]


def expected_lines(client, day, headers) -> list[tuple[str, str, int]]:
    """(name, award or title, fen) from the published JSON and PRIZES, in the sheet's order."""
    lines = []
    for event in ("welder", "electrician"):
        standings = published(client, day, event)
        for row in standings["rows"]:
            for paid in [row["award"], *row["titles"]]:
                if paid in PRIZES[event]:
                    lines.append((row["name"], paid, int(Decimal(PRIZES[event][paid]) * 100)))
    return lines


def test_the_pay_sheet_is_refused_while_the_published_version_declares_no_prize(day):
    assert day.refused.status_code == 409 and day.refused.json()["errors"][0]["path"] == "prizes"


def test_the_contest_pay_sheet_pays_the_declared_prizes_in_figures_and_capitals(client, day, headers):
    lines = expected_lines(client, day, headers)
    assert len(lines) > len(WELDERS)  # awards and the paid title 技术能手
    response = client.get(f"/contests/{day.cid}/paper/pay-sheet.pdf", params={"organiser": "集团公司工会"}, headers=headers["finance"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/pdf")
    text = poppler.text(response.content)
    total = sum(fen for *_, fen in lines)
    assert "奖金发放表" in text and "主办单位：集团公司工会" in text and "领款人签字" in text
    assert capital_amount(total) in text and "合计" in text and f"{len(lines)}人" in text
    assert capital_amount(150050) in text  # 二等奖 1,500.50: 壹仟伍佰元伍角
    for name, _, _ in lines:
        assert sum(name in line for line in poppler.lines(response.content)) >= 1  # each name whole on a line
    assert poppler.footers(response.content)[-1] == (poppler.page_count(response.content),) * 2


def test_the_contest_pay_sheet_workbook_totals_to_the_fen(client, day, headers):
    lines = expected_lines(client, day, headers)
    response = client.get(f"/contests/{day.cid}/paper/pay-sheet.xlsx", headers=headers["organiser"])
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[5]) for r in rows[:-1]] == [(name, paid) for name, paid, _ in lines]
    assert rows[-1][0] == "合计" and round(rows[-1][6] * 100) == sum(fen for *_, fen in lines)
    assert rows[-1][7] == capital_amount(sum(fen for *_, fen in lines))
    assert sheet.print_title_rows == "$2:$2"


def test_team_results_on_paper(client, day, headers):
    query = {"organiser": "集团公司工会", "notice_start": "2026-12-01", "notice_end": "2026-12-07", "contact": "工会办"}
    response = client.get(f"/contests/{day.cid}/paper/teams.pdf", params=query, headers=headers["organiser"])
    assert response.status_code == 200, response.text
    text = poppler.text(response.content)
    assert "团体成绩公示" in text and "公示期：2026年12月1日至2026年12月7日" in text and "裁判长（签字）" in text
    assert all(name in text for name, _ in TEAMS.values())
    counted = [n for n, *_ in ELECTRICIANS.values() if n in text]
    assert len(counted) >= 3  # the best three of a team are named, each whole
    assert poppler.page_count(response.content) == 1
    assert client.get(f"/contests/{day.cid}/paper/teams.pdf", headers=headers["viewer"]).status_code == 403


def test_every_certificate_of_the_contest_in_one_pdf(client, day, headers):
    pdf = client.post(f"/contests/{day.cid}/certificates.pdf", headers=headers["organiser"])
    assert pdf.status_code == 200, pdf.text
    winners = []
    for event in ("welder", "electrician"):
        standings = published(client, day, event)
        winners += [r["name"] for r in standings["rows"] if r["award"]]
    assert poppler.page_count(pdf.content) == len(winners)
    text = poppler.text(pdf.content)
    assert all(name in text for name in winners)
    again = client.post(f"/contests/{day.cid}/certificates.pdf", headers=headers["organiser"]).content
    assert re.findall(r"ZS\d{4}-[A-Z0-9]{8}", poppler.text(again)) == re.findall(r"ZS\d{4}-[A-Z0-9]{8}", text)  # a reprint


def test_the_qr_code_carries_the_configured_public_address(client, day, headers, monkeypatch):
    monkeypatch.setenv("BIWU_PUBLIC_URL", "https://biwu.example.cn/")
    pdf = client.post(f"/contests/{day.cid}/events/welder/certificates.pdf", headers=headers["organiser"]).content
    url = re.search(r"https://biwu\.example\.cn/public/certificates/ZS\d{4}-[A-Z0-9]{8}", poppler.text(pdf, page=1)).group(0)
    expected = [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix]
    assert qr_modules(poppler.rasterise(pdf, dpi=DPI)[0], len(expected)) == expected
    assert "证书有效" in client.get(url.removeprefix("https://biwu.example.cn")).text  # the same page behind the proxy


@pytest.mark.parametrize("bad", ["biwu.example.cn", "ftp://example.cn", "https://", "https://example.cn/?a=1", "https://example.cn/#x"])
def test_a_malformed_public_address_refuses_to_start(bad, monkeypatch):
    with pytest.raises(ValueError, match="BIWU_PUBLIC_URL"):
        public_base_url(bad)
    monkeypatch.setenv("BIWU_PUBLIC_URL", bad)
    with pytest.raises(ValueError, match="BIWU_PUBLIC_URL"):
        create_app("sqlite+aiosqlite:///:memory:", secret="s" * 40)


def test_public_base_url_keeps_a_path_prefix():
    assert public_base_url("https://example.cn/biwu/") == "https://example.cn/biwu"
    assert public_base_url("") is None and public_base_url(None) is None


def test_a_prize_for_an_unknown_award_is_refused_by_path_and_rule(client, headers):
    definition = with_prizes("prize-typo")
    definition["events"][1]["prizes"] = {"特等奖": "100", "一等奖": "10.001"}
    response = client.post("/contests", json=definition, headers=headers["organiser"])
    assert response.status_code == 409, response.text
    problems = {(e["path"], e["rule"].split(" ")[0]) for e in response.json()["errors"]}
    assert ("events[1].prizes.特等奖", "'特等奖'") in problems
    assert any(p == "events[1].prizes.一等奖" for p, _ in problems)


# ---------------------------------------------------------------- the buttons on the organiser's screens


def test_the_organiser_prints_the_day_from_the_console(client, day):
    """The contest's print page: results, team results, the pay sheet (PDF and XLSX) and every
    certificate in one PDF, by the session cookie (a link cannot send a bearer token)."""
    sign_in(client, "org")
    base = f"/organiser/contests/{day.cid}/paper"
    page = client.get(base)
    assert page.status_code == 200 and f'href="{base}"' in client.get(f"/organiser/contests/{day.cid}").text
    for document in ("results.pdf", "teams.pdf", "pay-sheet.pdf", "pay-sheet.xlsx"):
        assert f'formaction="{base}/{document}"' in page.text
    heading = {"organiser_name": "集团公司工会", "notice_start": "2026-12-01", "notice_end": "2026-12-07", "contact": "工会办"}
    results = poppler.text(client.get(f"{base}/results.pdf", params=heading).content)
    assert "主办单位：集团公司工会" in results and "公示期：2026年12月1日至2026年12月7日" in results
    assert all(name in poppler.text(client.get(f"{base}/teams.pdf", params=heading).content) for name, _ in TEAMS.values())
    total = sum(fen for *_, fen in expected_lines(client, day, {}))
    assert capital_amount(total) in poppler.text(client.get(f"{base}/pay-sheet.pdf", params=heading).content)
    assert client.get(f"{base}/pay-sheet.xlsx").headers["content-type"].startswith(XLSX)
    refused = client.post(f"{base}/certificates.pdf", data={"organiser_name": "集团公司工会"})
    assert refused.status_code == 403  # no CSRF token
    certificates = client.post(f"{base}/certificates.pdf", data={"organiser_name": "集团公司工会", "_csrf_token": csrf_of(page.text)})
    assert certificates.status_code == 200 and "集团公司工会" in poppler.text(certificates.content, page=1)
    sign_in(client, "chief")
    assert client.get(base, follow_redirects=False).status_code == 403
    client.cookies.clear()


def test_the_organiser_prints_campaign_and_labour_lists(client, run, headers, competition):
    """`/organiser/paper`: a published campaign's award list, pay sheet and certificates, and a
    labour competition's period and annual standings."""
    flow = Flow.signed_in(client, headers, run)
    kid = flow.campaign(score_prizes_json())
    sid = flow.draft(kid, title="纸面打印用成果")
    flow.drive(kid, sid, "verified", benefit="1000", marks=[{"value": 8.0, "novelty": 6.0, "effect": 4.0}] * 3, panel=["R1", "R2", "R3"])
    flow.publish(kid)
    lid = competition
    page = sign_in(client, "org")
    assert 'href="/organiser/paper"' in page.text
    listing = client.get("/organiser/paper")
    base, labour = f"/organiser/campaigns/{kid}/paper", f"/organiser/labour/{lid}/paper"
    for target in (f"{base}/awards.pdf", f"{base}/pay-sheet.pdf", f"{base}/pay-sheet.xlsx", f"{labour}/standings.pdf"):
        assert f'formaction="{target}"' in listing.text
    assert f'formaction="{labour}/periods/2026-01/standings.pdf"' in listing.text
    assert "纸面打印用成果" in poppler.text(client.get(f"{base}/awards.pdf", params={"organiser_name": "工会"}).content)
    assert "奖金发放表" in poppler.text(client.get(f"{base}/pay-sheet.pdf").content)
    assert client.get(f"{base}/pay-sheet.xlsx").status_code == 200
    certificates = client.post(f"{base}/certificates.pdf", data={"_csrf_token": csrf_of(listing.text)})
    assert certificates.status_code == 200 and poppler.page_count(certificates.content) == 1
    assert "排名公示" in poppler.text(client.get(f"{labour}/periods/2026-01/standings.pdf").content)
    assert "年度" in poppler.text(client.get(f"{labour}/standings.pdf").content)
    client.cookies.clear()


# ---------------------------------------------------------------- labour standings on paper


@pytest.fixture(scope="module")
def competition(client, headers) -> int:
    org = headers["organiser"]
    lid = ok(client.post("/labour", json=labour_definition(unique("paper-ls")), headers=org), 201)["id"]
    for team, (output, cost) in PLANS.items():
        ok(client.post(f"/labour/{lid}/plans", json={"participant": team, "period": "2026-01", "plans": {"output": output, "cost": cost}}, headers=org), 201)  # fmt: skip
        ok(client.post(f"/labour/{lid}/marks", json={"participant": team, "period": "2026-01", "indicator": "spirit", "marks": SPIRIT[team]}, headers=org), 201)  # fmt: skip
        report = {"participant": team, "period": "2026-01", "actuals": ACTUALS[team], "facts": FACTS[team]}
        rid = ok(client.post(f"/labour/{lid}/reports", json=report, headers=org), 201)["id"]
        ok(client.post(f"/labour/{lid}/reports/{rid}/verify", headers=org))
    return lid


def test_the_period_standings_print_as_the_json_answers(client, headers, competition):
    standings = ok(client.get(f"/labour/{competition}/periods/2026-01/standings", headers=headers["viewer"]))
    query = {"organiser": "公司工会", "notice_start": "2026-02-10", "notice_end": "2026-02-16", "contact": "工会办 8888"}
    response = client.get(f"/labour/{competition}/paper/periods/2026-01/standings.pdf", params=query, headers=headers["viewer"])
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/pdf")
    text, lines = poppler.text(response.content), poppler.lines(response.content)
    assert "排名公示" in text and "主办单位：公司工会" in text and "公示期：2026年2月10日至2026年2月16日" in text
    assert "考核小组（签字）" in text and "组委会（签字）" in text
    for row in standings["rows"]:
        line = next(line for line in lines if NAMES[row["participant"]] in line)  # the name whole, on its row's line
        assert f"{row['total']:.2f}" in line and UNITS[row["unit"]] in line and all(a in line for a in row["awards"])
        assert (f"迟报扣 {row['late_deduction']:g} 分" in line) == bool(row["late_deduction"])
    assert [r["total"] + r["late_deduction"] for r in standings["rows"]] == pytest.approx([94.43, 89.67, 45.50])  # RULES.md
    assert standings["rows"][0]["awards"] == ["流动红旗"]
    assert "否决" in next(line for line in lines if NAMES["T-B"] in line)  # the veto's reason beside the vetoed team
    assert poppler.page_count(response.content) == 1 and poppler.footers(response.content) == [(1, 1)]


def test_the_annual_standings_print(client, headers, competition):
    response = client.get(f"/labour/{competition}/paper/standings.pdf", headers=headers["organiser"])
    assert response.status_code == 200
    text = poppler.text(response.content)
    assert "2026年度" in text and "流动红旗" in text and all(name in text for name in NAMES.values())
    assert "公示期：" in text  # blanks to fill in by hand when no period is given


def test_unknown_period_and_backwards_notice_are_refused(client, headers, competition):
    missing = client.get(f"/labour/{competition}/paper/periods/2027-01/standings.pdf", headers=headers["organiser"])
    assert missing.status_code == 404 and missing.json()["errors"][0]["path"] == "period"
    backwards = {"notice_start": "2026-02-16", "notice_end": "2026-02-10"}
    refused = client.get(f"/labour/{competition}/paper/standings.pdf", params=backwards, headers=headers["organiser"])
    assert refused.status_code == 409 and refused.json()["errors"][0]["path"] == "notice_end"
    assert client.get(f"/labour/{competition}/paper/standings.pdf", headers=headers["judge"]).status_code == 403
