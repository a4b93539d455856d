"""The error plumbing itself: unexpected errors and a missing database never leak internals."""

from __future__ import annotations

import logging

import pytest
from litestar.testing import TestClient

from api import problems
from api.app import create_app
from tests.api.conftest import SECRET

pytestmark = pytest.mark.db


def test_an_unexpected_error_is_a_logged_500_problem_without_internals(caplog):
    with caplog.at_level(logging.ERROR, logger="biwu.api"):
        exc = problems.from_unexpected(RuntimeError("password=hunter2 in /srv/secret.py"))
    assert exc.status_code == 500 and exc.extra["errors"][0]["path"] == ""
    assert "hunter2" not in exc.detail and "secret.py" not in exc.detail
    assert "hunter2" in caplog.text  # the operator's log has it


def test_health_says_503_when_the_database_is_gone(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'biwu.db'}"
    with TestClient(create_app(url, secret=SECRET), raise_server_exceptions=False) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "missing-dir" not in response.text


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="at least 32 bytes"):
        create_app("sqlite+aiosqlite:///x.db", secret="too-short")


def test_a_missing_secret_is_generated_with_a_warning(monkeypatch, caplog):
    monkeypatch.delenv("BIWU_SECRET", raising=False)
    with caplog.at_level(logging.WARNING, logger="biwu.api"):
        create_app("sqlite+aiosqlite:///x.db")
    assert "BIWU_SECRET is not set" in caplog.text


def test_problem_responses_are_documented(client):
    spec = client.get("/schema/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    # the public results page also answers its own 404 as a friendly HTML page
                    html = ["text/html; charset=utf-8"] if (path, status) == ("/public/contests/{contest_id}", "404") else []
                    assert list(response["content"]) == [*html, "application/problem+json"], (method, path, status)
            public = path in ("/health", "/auth/token") or path.startswith("/public/")
            assert (operation.get("security") == [{}]) == public, (method, path)
