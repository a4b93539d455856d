"""Property-based tests of the whole OpenAPI contract with schemathesis (all checks).

Every operation is called with generated valid and invalid input, signed in as a role its
guard lets through (the organiser where allowed, else e.g. the chief judge or a judge, so
the use-case behind the guard is reached); schemathesis also drops the token to check that
authentication is not ignored. All checks run: no 5xx, responses match their documented
schemas, status codes and content types, valid input is not refused with 400/422, invalid
input is refused, and so on. A populated contest (id 1) gives the generated requests real
records to hit (drawn, with the login "judge1" as its judge J3 on the practical panel), and
so does campaign 1 (units, reviewers, submissions of "emp1", one under review by "rev1"); the
coverage phase tries the boundary ids (1 and 2**31 - 1) first.

Bounded to keep the suite short: MAX_EXAMPLES per operation and phase.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import OperationConfig

from api.app import create_app
from contests.store import upgrade
from tests.api.campaigns_support import seed_for_contract_tests
from tests.api.conftest import PASSWORD, SECRET, STATS, USERNAMES, new_contest, run_on
from tests.db.fixtures import external_url, truncate_all
from tests.factories.logins import add_logins

pytestmark = pytest.mark.db

MAX_EXAMPLES = 30

# The app must exist when the module is imported (the decorator below reads its schema); it
# opens the database only when schemathesis starts its lifespan, after the fixture ran.
DATABASE_URL = external_url() or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='biwu-st-')) / 'biwu.db'}"
app = create_app(DATABASE_URL, secret=SECRET)
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
# A huge schema-violating body is refused before it is read, with 413 (documented on every
# body-taking operation): that is a rejection too, so the negative-data check accepts it.
_rejection = schema.config.checks.negative_data_rejection
schema.config.checks.negative_data_rejection = type(_rejection)(expected_statuses=[*_rejection.expected_statuses, "413"])
# The coverage phase's boundary cases of a whole contest definition include `events` at its
# maxItems (50 complete events, each drawn by Hypothesis): 308 of the suite's 330 s of
# collection went to that one body, in each of CI's two passes. The fuzzing and examples
# phases still send generated definitions to both operations, and the refusals of bad
# definitions are asserted field by field in tests/api/test_bad_input.py.
schema.config.operations.operations.append(
    OperationConfig.from_dict(
        {"include-name": ["POST /contests", "POST /contests/{contest_id}/versions"], "phases": {"coverage": {"enabled": False}}}
    )
)


def _guard_roles() -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(METHOD, OpenAPI path) → the roles its guard lets through (None: no role guard)."""
    out: dict[tuple[str, str], tuple[str, ...] | None] = {}
    for route in app.routes:
        path = re.sub(r"\{(\w+):[^}]*\}", r"{\1}", route.path)
        for handler in getattr(route, "route_handlers", ()):
            # resolve_guards() wraps sync guards in AsyncCallable, which keeps the guard as `.func`
            guards = [getattr(g, "func", g) for g in handler.resolve_guards()]
            roles = next((g.roles for g in guards if hasattr(g, "roles")), None)
            for method in handler.http_methods:
                out[method, path] = roles
    return out


GUARD_ROLES = _guard_roles()


def role_for(method: str, path: str) -> str:
    """The organiser where allowed (who sets everything up), else the first role let through."""
    roles = GUARD_ROLES.get((method.upper(), path))
    return next((r for r in USERNAMES if roles is None or r in roles), "organiser")


@pytest.fixture(scope="module")
def tokens(request: pytest.FixtureRequest) -> dict[str, str]:
    """role → bearer token, on a database with contest 1 set up and drawn."""
    if external_url() is None:
        upgrade(DATABASE_URL)
    else:
        request.getfixturevalue("_migrated_external_database")
        asyncio.run(truncate_all(DATABASE_URL))
    run_on(DATABASE_URL, lambda session: add_logins(session, {username: role for role, username in USERNAMES.items()}))
    from litestar.testing import TestClient

    out = {}
    with TestClient(create_app(DATABASE_URL, secret=SECRET)) as client:
        for role, username in USERNAMES.items():
            response = client.post("/auth/token", data={"username": username, "password": PASSWORD.format(username)})
            out[role] = response.json()["access_token"]
        organiser = {"Authorization": f"Bearer {out['organiser']}"}
        cid = new_contest(client, organiser)
        judge = {"code": "J3", "name": "裁判3", "unit": "HF"}
        assert client.put(f"/contests/{cid}/judges/J3?username={USERNAMES['judge']}", json=judge, headers=organiser).status_code == 200
        assert client.post(f"/contests/{cid}/events/welder/draw", headers=organiser).status_code == 201
        seed_for_contract_tests(client, out)  # campaign 1: units, reviewers, submissions of emp1
    return out


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_contract(case, tokens):
    token = tokens[role_for(case.operation.method, case.operation.path)]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
    STATS[case.operation.label, response.status_code] += 1
