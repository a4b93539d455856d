"""The login limits hold across app workers (issue 15, point 7): two apps on one database —
two workers of `biwu serve --workers 2` — share one count per address and per account, so
together they allow the limit once, not twice. With the counts in each process's memory
(before) each app allowed the whole limit on its own and these tests failed."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, insert, select

from api.app import create_app
from api.shared_counts import PURGE, DatabaseStore
from api.throttle import LoginLimits
from contests.store import make_engine
from contests.store.shared_counts import SharedCountRow
from tests.api.conftest import SECRET

pytestmark = pytest.mark.db


def _two_workers(url: str, limits: LoginLimits) -> tuple[TestClient, TestClient]:
    return TestClient(create_app(url, secret=SECRET, login_limits=limits)), TestClient(create_app(url, secret=SECRET, login_limits=limits))


def _wrong(http: TestClient, username: str) -> int:
    return http.post("/auth/token", data={"username": username, "password": "not-the-password"}).status_code


def test_the_per_address_limit_is_counted_once_across_two_workers(api_db):
    one, two = _two_workers(api_db, LoginLimits(per_address=2, failures=100))
    with one, two:
        assert [_wrong(one, "addr-1"), _wrong(two, "addr-2")] == [401, 401]
        throttled = one.post("/auth/token", data={"username": "addr-3", "password": "not-the-password"})
        assert throttled.status_code == 429 and throttled.json()["errors"][0]["path"] == "client"
        assert _wrong(two, "addr-4") == 429
        assert two.get("/health").status_code == 200


def test_the_failed_login_lock_is_counted_once_across_two_workers(api_db):
    one, two = _two_workers(api_db, LoginLimits(per_address=1000, failures=2))
    with one, two:
        assert [_wrong(one, "shared-lock"), _wrong(two, "shared-lock")] == [401, 401]
        locked = two.post("/auth/token", data={"username": "shared-lock", "password": "not-the-password"})
        assert locked.status_code == 429 and locked.json()["errors"][0]["path"] == "username"
        assert int(locked.headers["Retry-After"]) >= 1
        assert _wrong(one, "another-account") == 401  # the lock is the account's, not the worker's


def _add_one(raw: bytes | None) -> bytes:
    return json.dumps((json.loads(raw) if raw else 0) + 1).encode()


def test_simultaneous_counts_from_two_workers_are_all_kept(api_db):
    """50 increments of one key at once through two engines (two workers' pools): the
    row is locked before it is read, so no worker overwrites another's count."""

    async def race() -> bytes | None:
        engines = [make_engine(api_db), make_engine(api_db)]
        stores = [DatabaseStore(engine) for engine in engines]
        try:
            written = await asyncio.gather(*(stores[k % 2].update("race", _add_one, 60) for k in range(50)))
            assert all(written)
            return await stores[0].get("race")
        finally:
            for engine in engines:
                await engine.dispose()

    assert json.loads(asyncio.run(race())) == 50


def test_the_store_expires_keys_and_purges_a_bounded_number_on_write(api_db):
    async def go() -> tuple[bytes | None, int, int | None, bool]:
        engine = make_engine(api_db)
        store = DatabaseStore(engine)
        try:
            async with engine.begin() as conn:  # a spray of keys whose window has passed
                rows = [{"key": f"old-{k}", "value": b"x", "expires_at": time.time() - 1} for k in range(PURGE + 20)]
                await conn.execute(insert(SharedCountRow), rows)
            expired = await store.get("old-0")
            await store.set("fresh", "y", timedelta(seconds=30))
            async with engine.connect() as conn:
                left = (await conn.execute(select(func.count()).where(SharedCountRow.key.like("old-%")))).scalar_one()
            ttl = await store.expires_in("fresh")
            await store.delete("fresh")
            return expired, left, ttl, await store.exists("fresh")
        finally:
            await engine.dispose()

    expired, left, ttl, exists = asyncio.run(go())
    assert expired is None and left == 20  # one write purged PURGE expired rows, no more
    assert ttl is not None and 0 < ttl <= 30 and not exists
