"""Property-based tests of the whole OpenAPI contract with schemathesis (all checks).

Every operation is called with generated valid and invalid input, signed in as the
organiser (who may call every operation); schemathesis also drops the token to check that
authentication is not ignored. All checks run: no 5xx, responses match their documented
schemas, status codes and content types, valid input is not refused with 400/422, invalid
input is refused, and so on. A populated contest (id 1) gives the generated requests real
records to hit; the coverage phase tries the boundary ids (1 and 2**31 - 1) first.

Bounded to keep the suite short: MAX_EXAMPLES per operation and phase.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from contests.store import upgrade
from contests.users import add_user
from tests.api.conftest import PASSWORD, SECRET, STATS, USERNAMES, new_contest, run_on
from tests.db.fixtures import external_url, truncate_all

pytestmark = pytest.mark.db

MAX_EXAMPLES = 30

# The app must exist when the module is imported (the decorator below reads its schema); it
# opens the database only when schemathesis starts its lifespan, after the fixture ran.
DATABASE_URL = external_url() or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='biwu-st-')) / 'biwu.db'}"
app = create_app(DATABASE_URL, secret=SECRET)
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)


@pytest.fixture(scope="module")
def token(request: pytest.FixtureRequest) -> str:
    if external_url() is None:
        upgrade(DATABASE_URL)
    else:
        request.getfixturevalue("_migrated_external_database")
        asyncio.run(truncate_all(DATABASE_URL))
    run_on(DATABASE_URL, lambda session: add_user(session, "org", PASSWORD.format("org"), "organiser"))
    from litestar.testing import TestClient

    with TestClient(create_app(DATABASE_URL, secret=SECRET)) as client:
        response = client.post("/auth/token", data={"username": USERNAMES["organiser"], "password": PASSWORD.format("org")})
        new_contest(client, {"Authorization": f"Bearer {response.json()['access_token']}"})
    return response.json()["access_token"]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_contract(case, token):
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
    STATS[case.operation.label, response.status_code] += 1
