"""Identical batches at the same instant (issue 10, item 1): a tablet that lost its answer and
a second tablet of the same judge send the same marks with different Idempotency-Keys, so
neither finds the other's key; the loser of the race collides with the winner's rows, is
retried, and must then find the winner's marks ("unchanged"), never answer 500.

100 races for marks and 100 for completion times, each on fresh cells, each pair of
requests sent together to two app instances (two service workers) sharing the database.
Runs on SQLite and on PostgreSQL (TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import msgspec
import pytest
from sqlalchemy import func, select

from api.app import create_app
from contests.store.models import CompletionTimeRow, MarkRow
from tests.api.conftest import SECRET, unique
from tests.api.test_judging_concurrency import token
from tests.api.test_judging_fixtures import BANDS_TOP, JUDGEMENTS, add_accounts, ok, two_event_definition
from tests.factories.draws import seeded_codes

pytestmark = pytest.mark.db

RACES = 100
JUDGES = 10
WELDERS = [f"RW-{k:03d}" for k in range(RACES)]
MARKS = BANDS_TOP | {a: 2 for a in JUDGEMENTS}  # the 13 practical aspects of a welder


@pytest.fixture(scope="module")
def field(client, run, headers):
    """A welder event with a 10-judge practical panel, 100 welders (imported) and the draw."""
    organiser = headers["organiser"]
    definition = msgspec.json.decode(msgspec.json.encode(two_event_definition()))
    definition["id"] = unique("race")
    definition["events"] = [definition["events"][0] | {"panel_size": {}}]
    cid = ok(client.post("/contests", json=definition, headers=organiser), 201)["id"]
    ok(client.post(f"/contests/{cid}/units", json={"code": "CPWY", "name": "省裁判委员会"}, headers=organiser), 201)
    ok(client.post(f"/contests/{cid}/units", json={"code": "BFGS", "name": "蚌埠供电公司"}, headers=organiser), 201)
    sheet = "工号,姓名,单位,赛项\n" + "".join(f"{no},选手{no},BFGS,welder\n" for no in WELDERS)
    files = {"file": ("welders.csv", sheet.encode(), "text/csv")}
    ok(client.post(f"/contests/{cid}/competitors/import", files=files, headers=organiser), 201)
    usernames = {f"J{k:02d}": f"{definition['id']}-j{k:02d}" for k in range(JUDGES)}
    add_accounts(run, list(usernames.values()))
    for code, username in usernames.items():
        judge = {"code": code, "name": f"裁判{code}", "unit": "CPWY"}
        ok(client.post(f"/contests/{cid}/judges?username={username}", json=judge, headers=organiser), 201)
    ok(client.put(f"/contests/{cid}/events/welder/modules/practical/panel", json={"judges": list(usernames)}, headers=organiser))
    ok(client.post(f"/contests/{cid}/events/welder/draw", json={"seed": "5ea1"}, headers=organiser), 201)
    codes = [seeded_codes(WELDERS, "5ea1")[no] for no in WELDERS]  # the draw's answer is sealed
    return cid, codes, list(usernames.values())


def race(api_db: str, requests: list[tuple[str, dict, dict]]) -> list[tuple[int, dict]]:
    """Send the requests pair by pair: both copies of a pair at the same instant, one to each
    of two app instances; (status, body) of every copy, in order."""

    async def go() -> list[tuple[int, dict]]:
        workers = [create_app(api_db, secret=SECRET) for _ in range(2)]
        # httpx over the ASGI app on this event loop: the requests really interleave (Litestar's
        # AsyncTestClient runs each request to its end in a portal, one at a time)
        async with workers[0].lifespan(), workers[1].lifespan(), client(workers[0]) as one, client(workers[1]) as two:
            answers = []
            for i in range(0, len(requests), 2):
                pair = [c.post(path, json=body, headers=headers) for c, (path, body, headers) in zip((one, two), requests[i : i + 2])]
                answers += [(r.status_code, r.json()) for r in await asyncio.gather(*pair)]
            return answers

    return asyncio.run(go())


def client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def test_identical_mark_batches_with_different_keys_store_each_mark_once(field, api_db, run):
    cid, codes, judges = field
    path = f"/contests/{cid}/events/welder/marks"
    requests = []
    for n in range(RACES):
        body = {"marks": [{"module_id": "practical", "blind_code": codes[n], "aspect_id": a, "value": v} for a, v in MARKS.items()]}
        for copy in ("tablet", "phone"):
            requests.append((path, body, token(judges[n % JUDGES]) | {"Idempotency-Key": f"race-{n}-{copy}"}))
    answers = race(api_db, requests)
    assert Counter(status for status, _ in answers) == {201: 2 * RACES}, [a for a in answers if a[0] != 201][:3]
    for n in range(RACES):
        outcomes = sorted((a["created"], a["unchanged"], a["corrected"]) for _, a in answers[2 * n : 2 * n + 2])
        assert outcomes == [(0, len(MARKS), 0), (len(MARKS), 0, 0)], (n, outcomes)

    async def stored(session):
        where = MarkRow.contest_id == cid
        return await session.scalar(select(func.count()).where(where)), await session.scalar(select(func.max(MarkRow.version)).where(where))

    assert run(stored) == (RACES * len(MARKS), 1)


def test_identical_time_batches_at_the_same_instant_store_each_time_once(field, api_db, run):
    cid, codes, judges = field
    path = f"/contests/{cid}/events/welder/modules/practical/times"
    requests = []
    for n in range(RACES):
        body = {"times": [{"blind_code": codes[n], "seconds": f"{1700 + n}.5"}]}
        requests += [(path, body, token(judges[n % JUDGES])), (path, body, token(judges[(n + 1) % JUDGES]))]
    answers = race(api_db, requests)
    assert Counter(status for status, _ in answers) == {201: 2 * RACES}, [a for a in answers if a[0] != 201][:3]
    for n in range(RACES):
        assert sorted((a["created"], a["unchanged"]) for _, a in answers[2 * n : 2 * n + 2]) == [(0, 1), (1, 0)], n

    async def stored(session):
        where = CompletionTimeRow.contest_id == cid
        return (
            await session.scalar(select(func.count()).where(where)),
            await session.scalar(select(func.max(CompletionTimeRow.version)).where(where)),
        )

    assert run(stored) == (RACES, 1)
