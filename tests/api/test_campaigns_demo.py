"""The demo campaign (`biwu serve --demo`): 30 submissions in every workflow state, panels
of five scored with the trimmed mean, a published award list under a budget pool, the
demo logins for an employee, finance and the experts, and nothing seeded twice on restart."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.campaigns_demo import CAMPAIGN, CAMPAIGN_ACCOUNTS, seed_campaign
from api.demo import DEMO_ACCOUNTS
from contests.campaigns.workflow import STATES
from tests.api.conftest import SECRET
from tests.db.helpers import counts
from tests.factories.logins import add_logins

pytestmark = pytest.mark.db


def _login(client: TestClient, username: str) -> dict[str, str]:
    password = next(p for u, p, _ in DEMO_ACCOUNTS if u == username)
    response = client.post("/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def demo(api_db, run) -> TestClient:
    accounts = [
        (username, role, password) for username, password, role in [*CAMPAIGN_ACCOUNTS, ("organiser", "organiser-demo", "organiser")]
    ]
    run(lambda session: add_logins(session, accounts, skip_existing=True))
    run(seed_campaign)
    before = run(counts)
    run(seed_campaign)  # a restart adds nothing
    assert run(counts) == before
    with TestClient(create_app(api_db, secret=SECRET)) as client:
        yield client


def test_demo_accounts_include_the_campaign_roles():
    roles = {role for _, _, role in DEMO_ACCOUNTS}
    assert {"employee", "reviewer", "finance"} <= roles
    assert {u for u, _, _ in CAMPAIGN_ACCOUNTS} <= {u for u, _, _ in DEMO_ACCOUNTS}


def test_thirty_submissions_in_every_state(demo):
    organiser = _login(demo, "organiser")
    [campaign] = [c for c in demo.get("/campaigns", headers=organiser).json() if c["slug"] == CAMPAIGN.id]
    assert campaign["published"] is True
    cid = campaign["id"]
    submissions = demo.get(f"/campaigns/{cid}/submissions", headers=organiser).json()
    assert len(submissions) == 30
    assert {s["state"] for s in submissions} == set(STATES)
    mine = demo.get(f"/campaigns/{cid}/submissions", headers=_login(demo, "employee")).json()
    assert 0 < len(mine) < 30 and {s["owner"] for s in mine} == {"employee"}

    awards = demo.get(f"/campaigns/{cid}/awards", headers=_login(demo, "finance")).json()
    assert awards["published"] is True and len(awards["award_list"]["entries"]) == 6
    assert awards["award_list"]["budget"]["applied"] is True and awards["award_list"]["total_paid_fen"] == CAMPAIGN.budget.pool_fen
    assert any("already rewarded" in " ".join(n["reasons"]) for n in awards["award_list"]["not_awarded"])
    page = demo.get(f"/public/campaigns/{cid}/awards")
    assert page.status_code == 200 and "获奖名单" in page.text

    # panels of five, scored: a complete one has the engine's trimmed-mean score
    adopted = next(s for s in submissions if s["state"] == "adopted")
    scores = demo.get(f"/campaigns/{cid}/submissions/{adopted['id']}/scores", headers=organiser).json()
    assert len(scores["panel"]) == 5 and scores["complete"] is True and scores["score"] is not None
    reviewing = demo.get(f"/campaigns/{cid}/reviews", headers=_login(demo, "expert1")).json()
    assert reviewing and all(t["blind"] and t["open_view"] is None for t in reviewing)

    stats = demo.get(f"/campaigns/{cid}/statistics", headers=organiser).json()
    assert stats["total"]["submitted"] == 27 and stats["total"]["awarded"] == 6
