"""Structured logs (issue 10): one JSON line per request carrying a request id that the
response returns as `X-Request-ID`; named events (failed logins …) carry the same id."""

from __future__ import annotations

import json
import logging

import pytest

from api.logging import event, json_formatter

pytestmark = pytest.mark.db


def _records(caplog, logger: str, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger and isinstance(r.msg, dict) and r.msg.get("event") == name]


def test_every_response_has_a_request_id_and_one_json_log_line(client, organiser, caplog):
    with caplog.at_level(logging.INFO, logger="biwu"):
        ok = client.get("/contests", headers=organiser)
        missing = client.get("/contests/999999", headers=organiser)
    ids = [ok.headers["x-request-id"], missing.headers["x-request-id"]]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    lines = _records(caplog, "biwu.requests", "request")
    assert [r.msg["request_id"] for r in lines if r.msg["request_id"] in ids] == ids  # exactly one line each
    line = json.loads(json_formatter().format(next(r for r in lines if r.msg["request_id"] == ids[1])))
    assert line["request_id"] == ids[1] and line["event"] == "request"
    assert (line["method"], line["path"], line["status"], line["user"]) == ("GET", "/contests/999999", 404, "org")
    assert isinstance(line["duration_ms"], float) and line["level"] == "info" and line["timestamp"]


def test_a_clients_request_id_is_kept_and_a_bad_one_replaced(client, caplog):
    assert client.get("/health", headers={"X-Request-ID": "proxy-4f2a.77"}).headers["x-request-id"] == "proxy-4f2a.77"
    for bad in ("bad id with spaces", "x" * 65, "<script>"):
        replaced = client.get("/health", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert replaced != bad and len(replaced) == 32


def test_a_failed_login_is_an_event_with_the_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="biwu"):
        response = client.post("/auth/token", data={"username": "org", "password": "not-the-password"})
    assert response.status_code == 401
    [failed] = [r for r in _records(caplog, "biwu.events", "login.failed") if r.msg["request_id"] == response.headers["x-request-id"]]
    assert failed.msg["username"] == "org" and failed.levelname == "WARNING"
    assert "not-the-password" not in json_formatter().format(failed)


def test_events_outside_a_request_are_logged_too(caplog):
    with caplog.at_level(logging.INFO, logger="biwu"):
        event("seal.broken", contest_id=7, event_id="welder", by="chief", reason="复核")
    [record] = _records(caplog, "biwu.events", "seal.broken")
    line = json.loads(json_formatter().format(record))
    assert line["reason"] == "复核" and "request_id" not in line
