"""Paper over HTTP (issue 14): the printed results, award list and pay sheet, and certificates
issued, verified by the page their QR code opens, and revoked with an audited reason."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
import segno
from sqlalchemy import select

from contests.paper.capital_amount import capital_amount
from contests.store.models import AuditEventRow
from tests.api.campaigns_support import Flow, score_prizes_json
from tests.api.test_judging_fixtures import PANELS, WELDERS, close_and_publish, mark_welder, ok, set_up_day
from tests.paper import poppler
from tests.paper.test_certificate import DPI, qr_modules

pytestmark = [pytest.mark.db, poppler.needs_poppler]
PDF = "application/pdf"
SERIAL = re.compile(r"证书编号：(ZS\d{4}-[A-Z0-9]{8})")
PROPOSERS = [{"employee_no": "PP-0001", "name": "纸面甲", "share_bp": 6000}, {"employee_no": "PP-0002", "name": "纸面乙", "share_bp": 4000}]


@pytest.fixture(scope="module")
def day(client, run, headers):
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    close_and_publish(day, "welder")
    return day


@pytest.fixture(scope="module")
def campaign(client, run, headers) -> int:
    flow = Flow.signed_in(client, headers, run)
    cid = flow.campaign(score_prizes_json())
    sid = flow.draft(cid, proposers=PROPOSERS, title="纸面用成果")
    marks = {"value": 8.0, "novelty": 6.0, "effect": 4.0}
    flow.drive(cid, sid, "verified", benefit="1000", marks=[marks] * 3, panel=["R1", "R2", "R3"])
    flow.publish(cid)
    return cid


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(PDF)
    return response.content


def test_organiser_prints_the_published_results(client, day, headers):
    query = {"organiser": "集团公司工会", "notice_start": "2026-12-01", "notice_end": "2026-12-07", "contact": "工会办 1234"}
    pdf = _pdf(client.get(f"/contests/{day.cid}/paper/results.pdf", params=query, headers=headers["organiser"]))
    text = poppler.text(pdf)
    assert all(name in text for name, *_ in WELDERS.values())
    assert "主办单位：集团公司工会" in text and "公示期：2026年12月1日至2026年12月7日" in text and "裁判长（签字）" in text
    assert poppler.footers(pdf) == [(k, poppler.page_count(pdf)) for k in range(1, poppler.page_count(pdf) + 1)]
    assert not any(no in text for no in WELDERS)  # employee numbers stay off paper
    assert client.get(f"/contests/{day.cid}/paper/results.pdf", headers=headers["judge"]).status_code == 403
    assert client.get(f"/contests/{day.cid}/paper/results.pdf").status_code == 401
    backwards = {"notice_start": "2026-12-07", "notice_end": "2026-12-01"}
    refused = client.get(f"/contests/{day.cid}/paper/results.pdf", params=backwards, headers=headers["organiser"])
    assert refused.status_code == 409 and "notice_end" in refused.text


def test_the_public_results_pdf(client, day):
    text = poppler.text(_pdf(client.get(f"/public/contests/{day.cid}/results.pdf")))
    assert all(name in text for name, *_ in WELDERS.values())


def test_the_qr_code_opens_the_verification_page_that_confirms_it(client, day, headers):
    pdf = _pdf(client.post(f"/contests/{day.cid}/events/welder/certificates.pdf", headers=headers["organiser"]))
    url = re.search(r"http://\S+/public/certificates/ZS\d{4}-[A-Z0-9]{8}", poppler.text(pdf, page=1)).group(0)
    expected = [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix]
    assert qr_modules(poppler.rasterise(pdf, dpi=DPI)[0], len(expected)) == expected  # the QR code is the printed address
    page = client.get(url.removeprefix(str(client.base_url)))
    assert page.status_code == 200 and "证书有效" in page.text


def _issue(client, day, headers) -> list[str]:
    pdf = _pdf(
        client.post(
            f"/contests/{day.cid}/events/welder/certificates.pdf", params={"organiser": "集团公司工会"}, headers=headers["organiser"]
        )
    )
    return SERIAL.findall(poppler.text(pdf))


def test_certificates_are_verified_and_revoked(client, day, headers, run):
    serials = _issue(client, day, headers)
    assert serials and len(set(serials)) == len(serials)
    assert _issue(client, day, headers) == serials  # a reprint is the same certificates
    page = client.get(f"/public/certificates/{serials[0]}")
    assert page.status_code == 200 and "证书有效" in page.text
    check = client.get(f"/public/certificates/{serials[0]}/check.json").json()
    assert check["status"] == "valid" and check["certificate"]["name"] in page.text
    url = f"/certificates/{serials[0]}/revoke"
    assert client.post(url, json={"reason": "成绩复核"}, headers=headers["judge"]).status_code == 403
    assert client.post(url, json={"reason": ""}, headers=headers["organiser"]).status_code == 400
    revoked = ok(client.post(url, json={"reason": "冒名顶替，经组委会复核撤销"}, headers=headers["organiser"]))
    assert revoked["status"] == "revoked" and revoked["reason"] == "冒名顶替，经组委会复核撤销"
    page = client.get(f"/public/certificates/{serials[0]}")
    assert "证书已撤销" in page.text and "冒名顶替" in page.text
    assert client.post(url, json={"reason": "again"}, headers=headers["organiser"]).status_code == 409
    assert client.get(f"/public/certificates/{serials[1]}/check.json").json()["status"] == "valid"
    assert client.get("/public/certificates/ZS2026-NOSUCH00").status_code == 404
    audit = run(lambda s: _audit(s, serials[0]))
    assert audit == [("certificates.revoke", "冒名顶替，经组委会复核撤销")]


async def _audit(session, serial: str) -> list[tuple[str, str | None]]:
    rows = await session.scalars(select(AuditEventRow).where(AuditEventRow.entity_key == serial))
    return [(r.action, r.reason) for r in rows]


def test_campaign_award_list_pay_sheet_and_certificates(client, campaign, headers):
    text = poppler.text(_pdf(client.get(f"/campaigns/{campaign}/paper/awards.pdf", headers=headers["organiser"])))
    assert "纸面用成果" in text and "纸面甲" in text and "PP-0001" not in text
    public = poppler.text(_pdf(client.get(f"/public/campaigns/{campaign}/awards.pdf")))
    assert "纸面甲" in public and "PP-0001" not in public
    pay = poppler.text(_pdf(client.get(f"/campaigns/{campaign}/paper/pay-sheet.pdf", headers=headers["finance"])))
    assert "PP-0001" in pay and "领款人签字" in pay
    book = client.get(f"/campaigns/{campaign}/paper/pay-sheet.xlsx", headers=headers["finance"])
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["奖金发放表"]
    fen = [round(sheet.cell(row=r, column=7).value * 100) for r in (3, 4)]
    assert [sheet.cell(row=r, column=8).value for r in (3, 4)] == [capital_amount(f) for f in fen]
    assert all(capital_amount(f) in pay for f in fen)
    assert client.get(f"/campaigns/{campaign}/paper/pay-sheet.pdf", headers=headers["judge"]).status_code == 403
    pdf = _pdf(client.post(f"/campaigns/{campaign}/certificates.pdf", headers=headers["organiser"]))
    serial = SERIAL.findall(poppler.text(pdf))[0]
    check = client.get(f"/public/certificates/{serial}/check.json").json()
    assert check["status"] == "valid" and check["certificate"]["name"] == "纸面甲、纸面乙"


def test_marking_sheets_are_blind_one_per_judge_and_the_judges_own_rows(client, day, headers):
    url = day.url("welder", "modules/practical/paper/sheets.pdf")
    pdf = _pdf(client.get(url, headers=day.chief))
    judges = PANELS["welder"]["practical"]
    text = poppler.text(pdf)
    assert poppler.page_count(pdf) >= len(judges) and text.count("裁判签字") == len(judges)
    for judge in judges:
        sheet = ok(client.get(day.url("welder", "modules/practical/sheet"), params={"judge": judge}, headers=day.chief))
        assert f"裁判编号：{judge}" in text
        assert all(row["blind_code"] in text for row in sheet["rows"])  # the use-case's rows, recusals left off
        assert all(a["name"] in text for a in sheet["aspects"])
    assert not any(name in text for name, *_ in WELDERS.values())  # blind on paper, even after unblinding
    own = poppler.text(_pdf(client.get(url, headers=day.judges[judges[0]])))
    assert own.count("裁判签字") == 1 and f"裁判编号：{judges[0]}" in own
    assert client.get(url, headers=headers["organiser"]).status_code == 403
