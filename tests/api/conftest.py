"""Fixtures of the API tests: one migrated database and one running app per test module.

The database is a copy of the run's migrated template (tests/db/fixtures.py): a temp SQLite
file, or a database of its own on TEST_DATABASE_URL's server (PostgreSQL) when set. The
accounts of every role are inserted with precomputed hashes (tests/factories/logins.py).
The app runs in Litestar's sync TestClient (its own event-loop thread), so the tests are
plain functions; direct store access (counting rows, inserting a mark) goes through
`run(...)` with a separate engine.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from api.app import create_app
from contests.store import make_engine, session_factory
from tests.db.helpers import COMPETITORS, EXAMPLES, JUDGES, TEAMS, UNITS, counts
from tests.db.templates import Template
from tests.factories.logins import PASSWORD, add_logins, log_in  # noqa: F401 (PASSWORD: tests import it from here)

SECRET = "test-secret-" + "x" * 40
STATS: Counter[tuple[str, int]] = Counter()  # (operation, status) → schemathesis cases
ROLES = ("organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance")
USERNAMES = {
    "organiser": "org", "chief_judge": "chief", "judge": "judge1", "viewer": "viewer",
    "employee": "emp1", "reviewer": "rev1", "finance": "fin1",  # five-smalls campaigns
}  # fmt: skip


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory, migrated_template: Template) -> Iterator[str]:
    url = migrated_template.fresh(tmp_path_factory.mktemp("api"))
    try:
        yield url
    finally:
        migrated_template.release(url)


def run_on(url: str, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run `work(session)` on the database at `url`, outside the app."""

    async def go() -> Any:
        engine = make_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(go())


@pytest.fixture(scope="module")
def run(api_db: str) -> Callable[[Callable[[Any], Awaitable[Any]]], Any]:
    return lambda work: run_on(api_db, work)


@pytest.fixture(scope="module")
def client(api_db: str, run) -> Iterator[TestClient]:
    run(lambda session: add_logins(session, {username: role for role, username in USERNAMES.items()}))
    with TestClient(create_app(api_db, secret=SECRET), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def headers(client: TestClient) -> dict[str, dict[str, str]]:
    """role → Authorization header; "anonymous" → no header."""
    return {"anonymous": {}} | {role: log_in(client, username) for role, username in USERNAMES.items()}


@pytest.fixture
def organiser(headers) -> dict[str, str]:
    return headers["organiser"]


@pytest.fixture
def row_counts(run) -> Callable[[], dict[str, int]]:
    """Rows per table, to prove a refused request wrote nothing."""
    return lambda: run(counts)


# ---------------------------------------------------------------- a populated contest


def welder_toml() -> bytes:
    return (EXAMPLES / "welder.toml").read_bytes()


def new_contest(client: TestClient, organiser: dict[str, str], slug: str | None = None) -> int:
    """A welder contest (fresh slug) with two units, two teams, three competitors, six judges
    from both units and a practical panel of five."""
    body = welder_toml().replace(b'id = "welder-2026"', f'id = "{slug or unique("w")}"'.encode(), 1)
    response = client.post("/contests", content=body, headers={**organiser, "Content-Type": "application/toml"})
    assert response.status_code == 201, response.text
    cid = response.json()["id"]
    # the people of tests/db/helpers.welder_contest, as the JSON bodies an organiser sends
    calls = [
        *[("units", _body(unit)) for unit in UNITS],
        *[("teams", _body(team)) for team in TEAMS],
        *[("competitors", _body(competitor)) for competitor in COMPETITORS],
        *[("judges", _body(judge)) for judge in JUDGES],
    ]
    for resource, body_json in calls:
        response = client.post(f"/contests/{cid}/{resource}", json=body_json, headers=organiser)
        assert response.status_code == 201, response.text
    response = client.put(
        f"/contests/{cid}/events/welder/modules/practical/panel", json={"judges": ["J1", "J2", "J3", "J4", "J5"]}, headers=organiser
    )
    assert response.status_code == 200, response.text
    return cid


def _body(value: msgspec.Struct) -> dict[str, Any]:
    """The struct's fields as JSON builtins, leaving out those at their default."""
    defaults = {f.name: f.default for f in msgspec.structs.fields(value) if f.default is not msgspec.NODEFAULT}
    return {k: v for k, v in msgspec.to_builtins(value).items() if k not in defaults or v != defaults[k]}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def contest_id(client: TestClient, headers) -> int:
    return new_contest(client, headers["organiser"])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if STATS:
        by_status = Counter()
        for (_, status), n in STATS.items():
            by_status[status] += n
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))
        terminalreporter.write_line(
            f"schemathesis: {sum(STATS.values())} cases run over {len({op for op, _ in STATS})} operations ({statuses})"
        )
