"""Issue 12 extras on reports, through HTTP.

Evidence files (佐证材料): on the shared attachment store, content-addressed, the type read
from the bytes, size-limited by the competition's declared rules, readable only by the
organiser and the reporter of the report's unit.

Reopening (重新开放报送): under the "refuse" late policy a first report after the deadline is
refused with 409; the organiser reopens that period for that team with a reason (audited),
and the team's report is then taken, marked late with the reason; another team stays refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from contests.attachments.local_disk import LocalDiskStore
from contests.store.honours import SafetyAccidentRow, TitleRecordRow
from contests.store.models import AuditEventRow
from tests.api.labour_support import ON_TIME, definition, on_day, report_body
from tests.attachments import files
from tests.factories.logins import add_logins, log_in

pytestmark = pytest.mark.db

LATE_DAY = dt.date(2026, 2, 9)  # January's deadline is 2026-02-05

# ---------------------------------------------------------------- evidence


@pytest.fixture(scope="module")
def setup(client, headers, run, tmp_path_factory):
    client.app.state.attachment_store = LocalDiskStore(tmp_path_factory.mktemp("evidence"))
    org = headers["organiser"]
    run(lambda s: add_logins(s, {"ev-u1": "employee", "ev-u2": "employee"}, skip_existing=True))
    rules = {"attachments": {"max_bytes": 4096, "types": ["pdf", "jpeg", "text"], "max_files": 2}}
    cid = client.post("/labour", json=definition(**rules), headers=org).json()["id"]
    for user, unit in (("ev-u1", "U1"), ("ev-u2", "U2")):
        assert client.post(f"/labour/{cid}/reporters", json={"username": user, "unit": unit}, headers=org).status_code == 201
    return cid, org, log_in(client, "ev-u1"), log_in(client, "ev-u2")


def _report(client, cid, headers, team, monkeypatch) -> int:
    on_day(monkeypatch, ON_TIME["2026-01"])
    response = client.post(f"/labour/{cid}/reports", json=report_body(team, "2026-01", 100, 0), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _send(client, url, headers, name, content, method="POST"):
    return client.request(method, url, files={"file": (name, content, "application/octet-stream")}, headers=headers)


def test_the_reporter_attaches_and_the_organiser_reads(client, setup, monkeypatch):
    cid, org, rep1, rep2 = setup
    report = _report(client, cid, rep1, "T1", monkeypatch)
    url = f"/labour/{cid}/reports/{report}/evidence"
    sent = _send(client, url + "/", rep1, "产量台账.pdf", files.PDF)
    assert sent.status_code == 201, sent.text
    view = sent.json()
    assert (view["number"], view["version"], view["kind"], view["sha256"]) == (1, 1, "pdf", hashlib.sha256(files.PDF).hexdigest())
    got = client.get(url + "/1", headers=org)
    assert got.status_code == 200 and got.content == files.PDF and got.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    replaced = _send(client, url + "/1", rep1, "产量台账（更正）.txt", files.TEXT, method="PUT")
    assert replaced.status_code == 201 and replaced.json()["version"] == 2
    listed = client.get(url, headers=rep1).json()
    assert [(f["number"], f["version"], f["current"]) for f in listed] == [(1, 1, False), (1, 2, True)]
    assert client.get(url + "/1?version=1", headers=rep1).content == files.PDF
    assert client.get(url + "/1", headers=rep1).content == files.TEXT
    # another unit's reporter: not found, whether or not the report exists
    assert client.get(url, headers=rep2).status_code == 404
    assert client.get(url + "/1", headers=rep2).status_code == 404
    assert _send(client, url + "/", rep2, "x.txt", files.TEXT).status_code == 404


def test_uploads_are_checked_before_anything_is_stored(client, setup, monkeypatch, row_counts):
    cid, org, rep1, _ = setup
    report = _report(client, cid, rep1, "T2", monkeypatch)
    url = f"/labour/{cid}/reports/{report}/evidence/"
    before = row_counts()
    too_big = _send(client, url, rep1, "big.txt", b"a" * 5000)
    assert too_big.status_code == 413 and too_big.json()["errors"][0]["path"] == "file"
    program = _send(client, url, rep1, "报告.pdf", files.EXE)
    assert program.status_code == 415 and "executable" in program.json()["errors"][0]["rule"]
    not_allowed = _send(client, url, rep1, "照片.jpg", files.PNG)  # the bytes decide, not the name
    assert not_allowed.status_code == 415 and "PNG" in not_allowed.json()["errors"][0]["rule"]
    assert row_counts() == before  # nothing stored for a refused file
    assert _send(client, url, rep1, "a.txt", files.TEXT).status_code == 201
    assert _send(client, url, rep1, "b.pdf", files.PDF).status_code == 201
    full = _send(client, url, rep1, "c.txt", files.TEXT)
    assert full.status_code == 409 and full.json()["errors"][0]["path"] == "file"  # 2 files per report declared


def test_a_verified_report_keeps_its_evidence_for_the_reporter(client, setup, monkeypatch):
    cid, org, rep1, _ = setup
    report = _report(client, cid, rep1, "T3", monkeypatch)
    assert client.post(f"/labour/{cid}/reports/{report}/verify", headers=org).status_code == 200
    url = f"/labour/{cid}/reports/{report}/evidence/"
    refused = _send(client, url, rep1, "晚到的.txt", files.TEXT)
    assert refused.status_code == 409 and "verified" in refused.json()["errors"][0]["rule"]
    assert _send(client, url, org, "检查记录.txt", files.TEXT).status_code == 201  # the organiser may add a record
    assert len(client.get(url, headers=rep1).json()) == 1


# ---------------------------------------------------------------- reopening


@pytest.fixture(scope="module")
def refusing(client, headers) -> int:
    response = client.post("/labour", json=definition({"action": "refuse", "grace_days": 1}), headers=headers["organiser"])
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _reopen_audit(session):
    rows = await session.execute(select(AuditEventRow.actor, AuditEventRow.reason).where(AuditEventRow.action == "labour.period.reopen"))
    return [tuple(r) for r in rows]


def test_a_refused_late_report_is_taken_after_the_organiser_reopens(client, headers, refusing, monkeypatch, run):
    org = headers["organiser"]
    on_day(monkeypatch, LATE_DAY)
    refused = client.post(f"/labour/{refusing}/reports", json=report_body("T1", "2026-01", 100, 0), headers=org)
    assert refused.status_code == 409 and refused.json()["errors"][0]["path"] == "period"
    assert "逾期不予受理" in refused.json()["errors"][0]["rule"] and "reopen" in refused.json()["errors"][0]["rule"]
    reopen = {"participant": "T1", "period": "2026-01", "reason": "停电导致系统无法报送，经工会同意补报"}
    opened = client.post(f"/labour/{refusing}/reopenings", json=reopen, headers=org)
    assert opened.status_code == 201, opened.text
    assert opened.json()["reason"] == reopen["reason"] and opened.json()["created_by"] == "org"
    taken = client.post(f"/labour/{refusing}/reports", json=report_body("T1", "2026-01", 100, 0), headers=org)
    assert taken.status_code == 201, taken.text
    version = taken.json()["versions"][0]
    assert version["days_late"] == 4 and version["late_deduction"] == 0 and reopen["reason"] in version["late_note"]
    again = client.post(f"/labour/{refusing}/reports", json=report_body("T1", "2026-01", 101, 0), headers=org)
    assert again.status_code == 201 and again.json()["version"] == 2  # a resubmission stays taken
    other = client.post(f"/labour/{refusing}/reports", json=report_body("T2", "2026-01", 100, 0), headers=org)
    assert other.status_code == 409  # reopened for T1 only
    assert run(_reopen_audit) == [("org", reopen["reason"])]
    assert [r["participant"] for r in client.get(f"/labour/{refusing}/reopenings", headers=org).json()] == ["T1"]


def test_nothing_to_reopen_is_a_conflict_naming_the_rule(client, headers, refusing, monkeypatch):
    org = headers["organiser"]
    body = {"participant": "T3", "period": "2026-01", "reason": "补报"}
    on_day(monkeypatch, dt.date(2026, 2, 6))  # within the grace day: a report is still taken
    early = client.post(f"/labour/{refusing}/reopenings", json=body, headers=org)
    assert early.status_code == 409 and early.json()["errors"][0]["path"] == "period"
    on_day(monkeypatch, LATE_DAY)
    assert client.post(f"/labour/{refusing}/reopenings", json=body, headers=org).status_code == 201
    twice = client.post(f"/labour/{refusing}/reopenings", json=body, headers=org)
    assert twice.status_code == 409 and "already reopened" in twice.json()["errors"][0]["rule"]
    sheet = "班组编号,赛产量,赛安全,发生损失工时事故\nT3,100,0,0\nT4,100,0,0\n".encode()
    url = f"/labour/{refusing}/periods/2026-01/import?sheet=reports"
    refused = client.post(url, files={"file": ("一月.csv", sheet, "text/csv")}, headers=org)
    assert refused.status_code == 409 and [e["path"] for e in refused.json()["errors"]] == ["line 3"]  # T4 was not reopened
    imported = client.post(url, files={"file": ("一月.csv", sheet.rsplit(b"T4", 1)[0], "text/csv")}, headers=org)
    assert imported.status_code == 201 and imported.json()["created"] == 1 and "T3" in imported.json()["late"][0]
    unknown = client.post(f"/labour/{refusing}/reopenings", json={**body, "participant": "T99"}, headers=org)
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["path"] == "participant"
    blank = client.post(f"/labour/{refusing}/reopenings", json={**body, "participant": "T4", "reason": ""}, headers=org)
    assert blank.status_code == 400 and "reason" in blank.text


def test_a_team_with_a_report_has_nothing_to_reopen(client, headers, monkeypatch):
    org = headers["organiser"]
    cid = client.post("/labour", json=definition({"action": "refuse"}), headers=org).json()["id"]
    on_day(monkeypatch, dt.date(2026, 2, 1))
    assert client.post(f"/labour/{cid}/reports", json=report_body("T5", "2026-01", 100, 0), headers=org).status_code == 201
    on_day(monkeypatch, LATE_DAY)
    body = {"participant": "T5", "period": "2026-01", "reason": "补报"}
    response = client.post(f"/labour/{cid}/reopenings", json=body, headers=org)
    assert response.status_code == 409 and response.json()["errors"][0]["path"] == "participant"


# ---------------------------------------------------------------- titles on the shared award history

PIONEER = {"id": "pioneer", "name": "工人先锋号·历史", "min_score": 50, "cooldown": {"years": 5}, "accident_bar": {"years": 3}}


async def _history(session):
    past = [("T1", 2022, False, None), ("T3", 2023, False, None), ("T3", 2023, True, "材料不实，撤销")]
    for holder, year, revoked, why in past:
        session.add(
            TitleRecordRow(
                holder=holder, title=PIONEER["name"], year=year, revoked=revoked, revoked_reason=why, source="test", created_by="org"
            )
        )
    session.add(SafetyAccidentRow(holder="T2", year=2024, kind="轻伤", created_by="org"))
    await session.commit()


def test_titles_read_the_shared_award_history(client, headers, run, monkeypatch):
    """T1 had the title in 2022 (5-year cooldown: barred through 2026); T2 had an accident in
    2024 (3-year bar: through 2026); T3's 2023 title was revoked, so it does not bar."""
    org = headers["organiser"]
    run(_history)
    cid = client.post("/labour", json=definition(titles=[PIONEER]), headers=org).json()["id"]
    on_day(monkeypatch, ON_TIME["2026-01"])
    for team in ("T1", "T2", "T3"):
        assert (
            client.post(
                f"/labour/{cid}/plans", json={"participant": team, "period": "2026-01", "plans": {"output": 100}}, headers=org
            ).status_code
            == 201
        )
        report = client.post(f"/labour/{cid}/reports", json=report_body(team, "2026-01", 100, 0), headers=org).json()
        assert client.post(f"/labour/{cid}/reports/{report['id']}/verify", headers=org).status_code == 200
    title = client.get(f"/labour/{cid}/standings.json", headers=org).json()["titles"][0]
    assert title["granted"] == ["T3"]
    why = {c["participant"]: " ".join(c["reasons"]) for c in title["candidates"]}
    assert "2022" in why["T1"] and "2024" in why["T2"] and why["T3"] == ""
