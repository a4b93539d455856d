"""Sealed names over HTTP (issue 10, item 8): before the lock the draw carries no names for
any role, judges read no draw, and the chief judge breaks the seal only with a visible
reason, audited and logged as the event "seal.broken". Each test failed on the old rule
(the organiser and the chief judge read names at any time; there was no seal to break)."""

from __future__ import annotations

import logging

import pytest

from tests.api.conftest import new_contest
from tests.db.helpers import COMPETITORS

pytestmark = pytest.mark.db
NAMES = [c.name for c in COMPETITORS]


@pytest.fixture(scope="module")
def drawn(client, headers) -> str:
    cid = new_contest(client, headers["organiser"])
    assert client.post(f"/contests/{cid}/events/welder/draw", headers=headers["organiser"]).status_code == 201
    return f"/contests/{cid}/events/welder/draw"


def _has_names(body: dict) -> bool:
    return body["seed"] is not None and sorted(a["name"] for a in body["assignments"]) == sorted(NAMES)


def test_before_the_lock_no_role_reads_a_name(client, headers, drawn):
    posted = client.post(drawn, headers=headers["organiser"])  # a redraw (no marks yet): its answer is sealed too
    assert posted.status_code == 201 and not any(n in posted.text for n in NAMES) and posted.json()["seed"] is None
    for role in ("organiser", "chief_judge"):
        read = client.get(drawn, headers=headers[role])
        assert read.status_code == 200 and not any(n in read.text for n in NAMES), role
        assert read.json()["seed"] is None and all(a["employee_no"] is None for a in read.json()["assignments"])
    for role in ("judge", "viewer"):
        refused = client.get(drawn, headers=headers[role])
        assert refused.status_code == 403 and not any(n in refused.text for n in NAMES), role


def test_the_chief_judge_breaks_the_seal_audited_and_logged(client, headers, drawn, caplog):
    with caplog.at_level(logging.INFO, logger="biwu"):
        broken = client.post(f"{drawn}/seal-breaks", json={"reason": "选手突发不适，核对身份"}, headers=headers["chief_judge"])
    assert broken.status_code == 201, broken.text
    assert _has_names(broken.json())
    cid = drawn.split("/")[2]
    audit = client.get(f"/contests/{cid}/audit?limit=5", headers=headers["chief_judge"]).json()
    entry = next(e for e in audit if e["action"] == "draw.seal_broken")
    assert (entry["actor"], entry["entity_key"], entry["reason"]) == ("chief", "welder", "选手突发不适，核对身份")
    logged = [r.msg for r in caplog.records if r.name == "biwu.events" and isinstance(r.msg, dict) and r.msg.get("event") == "seal.broken"]
    assert [(m["by"], m["event_id"], m["reason"]) for m in logged] == [("chief", "welder", "选手突发不适，核对身份")]
    assert logged[0]["request_id"] == broken.headers["x-request-id"]


@pytest.mark.parametrize("body", [{"reason": ""}, {"reason": "  "}, {"reason": "\u200b"}, {"reason": "\u200b\u2060"}, {}])
def test_no_break_without_a_visible_reason(client, headers, drawn, row_counts, body):
    before = row_counts()
    refused = client.post(f"{drawn}/seal-breaks", json=body, headers=headers["chief_judge"])
    assert refused.status_code == 400, refused.text
    assert [e["path"] for e in refused.json()["errors"]] == ["reason"]
    assert not any(n in refused.text for n in NAMES) and row_counts() == before


@pytest.mark.parametrize("role", ["judge", "organiser", "viewer"])
def test_only_the_chief_judge_breaks_the_seal(client, headers, drawn, row_counts, role):
    before = row_counts()
    refused = client.post(f"{drawn}/seal-breaks", json={"reason": "核对"}, headers=headers[role])
    assert refused.status_code == 403 and not any(n in refused.text for n in NAMES)
    assert row_counts() == before
