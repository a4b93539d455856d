"""Fixtures of the API tests: one migrated database and one running app per test module.

The database is a temp SQLite file, or TEST_DATABASE_URL (PostgreSQL) when set, reset the
way tests/db does it. The app runs in Litestar's sync TestClient (its own event-loop
thread), so the tests are plain functions; direct store access (counting rows, inserting a
mark) goes through `run(...)` with a separate engine.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from api.app import create_app
from contests.store import make_engine, session_factory, upgrade
from contests.usecases.accounts.users import add_user
from tests.db.fixtures import _migrated_external_database, external_url, truncate_all  # noqa: F401
from tests.db.helpers import EXAMPLES, counts

SECRET = "test-secret-" + "x" * 40
STATS: Counter[tuple[str, int]] = Counter()  # (operation, status) → schemathesis cases
ROLES = ("organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance")
PASSWORD = "password-of-{}"
USERNAMES = {
    "organiser": "org", "chief_judge": "chief", "judge": "judge1", "viewer": "viewer",
    "employee": "emp1", "reviewer": "rev1", "finance": "fin1",  # five-smalls campaigns
}  # fmt: skip


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> str:
    url = external_url()
    if url is None:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('api') / 'biwu.db'}"
        upgrade(url)
        return url
    request.getfixturevalue("_migrated_external_database")
    asyncio.run(truncate_all(url))
    return url


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
    async def accounts(session):
        for role, username in USERNAMES.items():
            await add_user(session, username, PASSWORD.format(username), role)

    run(accounts)
    with TestClient(create_app(api_db, secret=SECRET), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def headers(client: TestClient) -> dict[str, dict[str, str]]:
    """role → Authorization header; "anonymous" → no header."""
    out: dict[str, dict[str, str]] = {"anonymous": {}}
    for role, username in USERNAMES.items():
        response = client.post("/auth/token", data={"username": username, "password": PASSWORD.format(username)})
        assert response.status_code == 200, response.text
        out[role] = {"Authorization": f"Bearer {response.json()['access_token']}"}
    return out


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
    calls = [
        ("units", {"code": "TL", "name": "铜陵供电公司", "headcount": 1200}),
        ("units", {"code": "HF", "name": "合肥检修公司"}),
        ("teams", {"code": "TL-1", "name": "变电一班", "unit": "TL"}),
        ("teams", {"code": "HF-1", "name": "检修一班", "unit": "HF"}),
        ("competitors", {"employee_no": "E001", "name": "张三", "unit": "TL", "team": "TL-1", "event": "welder"}),
        ("competitors", {"employee_no": "E002", "name": "李四", "unit": "HF", "team": "HF-1", "event": "welder"}),
        ("competitors", {"employee_no": "E003", "name": "王五", "unit": "HF", "event": "welder"}),
        *[("judges", {"code": f"J{i}", "name": f"裁判{i}", "unit": "TL" if i < 3 else "HF"}) for i in range(1, 7)],
    ]
    for resource, body_json in calls:
        response = client.post(f"/contests/{cid}/{resource}", json=body_json, headers=organiser)
        assert response.status_code == 201, response.text
    response = client.put(
        f"/contests/{cid}/events/welder/modules/practical/panel", json={"judges": ["J1", "J2", "J3", "J4", "J5"]}, headers=organiser
    )
    assert response.status_code == 200, response.text
    return cid


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
