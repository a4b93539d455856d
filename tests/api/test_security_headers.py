"""Security headers (issue 10, item 12): HTML pages carry a CSP without inline script,
frame-ancestors 'none', X-Frame-Options, nosniff and a referrer policy; every response,
JSON, files and problems included, carries nosniff. Tested on the public pages."""

from __future__ import annotations

import re

import pytest

from api.campaigns_demo import CAMPAIGN, CAMPAIGN_ACCOUNTS, seed_campaign
from tests.api.test_judging_fixtures import close_and_publish, mark_welder, set_up_day
from tests.factories.logins import add_logins

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def published(client, run, headers) -> dict[str, int]:
    day = set_up_day(client, run, headers["organiser"], headers["chief_judge"])
    mark_welder(day)
    close_and_publish(day, "welder")
    accounts = [(u, role, p) for u, p, role in [*CAMPAIGN_ACCOUNTS, ("organiser", "organiser-demo", "organiser")]]
    run(lambda session: add_logins(session, accounts, skip_existing=True))
    run(seed_campaign)
    token = client.post("/auth/token", data={"username": "organiser", "password": "organiser-demo"}).json()["access_token"]
    campaigns = client.get("/campaigns", headers={"Authorization": f"Bearer {token}"}).json()
    return {"contest": day.cid, "campaign": next(c["id"] for c in campaigns if c["slug"] == CAMPAIGN.id)}


def _pages(ids: dict[str, int]) -> list[str]:
    return [
        f"/public/contests/{ids['contest']}",
        f"/public/contests/{ids['contest']}?lang=en",
        f"/public/campaigns/{ids['campaign']}/awards",
    ]


def test_public_html_pages_carry_the_security_headers(client, published):
    for path in _pages(published):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["content-type"].startswith("text/html")
        csp = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in response.headers["content-security-policy"].split(";"))}
        assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_the_public_pages_have_no_inline_script_for_the_csp_to_break(client, published):
    for path in _pages(published):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path  # every script is a file of this server
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), path  # no inline event handlers
        assert "javascript:" not in html.lower()


def test_every_response_says_nosniff(client, published, organiser):
    cid, campaign = published["contest"], published["campaign"]
    responses = [
        client.get(f"/public/contests/{cid}/events/welder/results.json"),
        client.get(f"/public/contests/{cid}/events/welder/results.csv"),
        client.get(f"/public/campaigns/{campaign}/awards.csv"),
        client.get("/contests", headers=organiser),
        client.get("/contests"),  # 401 problem
        client.get("/no/such/page"),  # 404
        client.get("/health"),
    ]
    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff", response.request.url
        if not response.headers.get("content-type", "").startswith("text/html"):
            assert "content-security-policy" not in response.headers
