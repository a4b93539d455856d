"""Concurrency over HTTP: 32 judges send their batches at the same time to two app instances
sharing one database (two service workers), a third of the requests twice at once and some
again after the answers came back, all with their Idempotency-Key, as tablets on bad venue
Wi-Fi do. Exactly the expected marks are stored: none twice, none lost, and every copy of a
request gets the first answer with the same status. Runs on SQLite and on PostgreSQL
(TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
import datetime as dt

import jwt
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from api.app import create_app
from contests.store.models import AuditEventRow, IdempotencyKeyRow, MarkRow
from tests.api.conftest import SECRET, unique
from tests.api.test_judging_fixtures import BANDS_TOP, JUDGEMENTS, add_accounts, ok, two_event_definition
from tests.factories.draws import seeded_codes

pytestmark = pytest.mark.db

JUDGES = 32
WELDERS = [f"BF-{k:02d}" for k in range(1, 11)]


def token(username: str) -> dict[str, str]:
    """A bearer token as /auth/token issues it (32 argon2 logins are not what is tested here)."""
    now = dt.datetime.now(dt.UTC)
    claims = {"sub": username, "iat": now, "exp": now + dt.timedelta(hours=1)}
    return {"Authorization": f"Bearer {jwt.encode(claims, SECRET, algorithm='HS256')}"}


def _marks(k: int, welder: int) -> dict[str, object]:
    """Judge k's marks of one welder: every band and judgement aspect (13), varied a little."""
    return BANDS_TOP | {"undercut": (k + welder) % 20} | {a: (k + welder + i) % 4 for i, a in enumerate(JUDGEMENTS)}


@pytest.fixture
def field(client, run, headers):
    """A welder event with a 32-judge practical panel, 10 welders and the draw."""
    organiser = headers["organiser"]
    definition = msgspec.json.decode(msgspec.json.encode(two_event_definition()))
    definition["id"] = unique("many")
    definition["events"] = [definition["events"][0] | {"panel_size": {}}]
    cid = ok(client.post("/contests", json=definition, headers=organiser), 201)["id"]
    ok(client.post(f"/contests/{cid}/units", json={"code": "CPWY", "name": "省裁判委员会"}, headers=organiser), 201)
    ok(client.post(f"/contests/{cid}/units", json={"code": "BFGS", "name": "蚌埠供电公司"}, headers=organiser), 201)
    for no in WELDERS:
        body = {"employee_no": no, "name": f"选手{no}", "unit": "BFGS", "event": "welder"}
        ok(client.post(f"/contests/{cid}/competitors", json=body, headers=organiser), 201)
    usernames = {f"J{k:02d}": f"{definition['id']}-j{k:02d}" for k in range(JUDGES)}
    add_accounts(run, list(usernames.values()))
    for code, username in usernames.items():
        judge = {"code": code, "name": f"裁判{code}", "unit": "CPWY"}
        ok(client.post(f"/contests/{cid}/judges?username={username}", json=judge, headers=organiser), 201)
    ok(client.put(f"/contests/{cid}/events/welder/modules/practical/panel", json={"judges": list(usernames)}, headers=organiser))
    ok(client.post(f"/contests/{cid}/events/welder/draw", json={"seed": "5ea1"}, headers=organiser), 201)
    codes = seeded_codes(WELDERS, "5ea1")  # the draw's answer is sealed
    return cid, codes, usernames


def test_32_judges_at_once_with_retries_store_each_mark_exactly_once(field, api_db, run):
    cid, codes, usernames = field

    def body(judge: str, part: int) -> dict:
        k = int(judge[1:])
        mine = WELDERS[part::2]  # two batches per judge, five welders each
        return {
            "marks": [
                {"module_id": "practical", "blind_code": codes[no], "aspect_id": a, "value": v}
                for w, no in enumerate(mine)
                for a, v in _marks(k, w * 2 + part).items()
            ]
        }

    requests = [(judge, part) for judge in usernames for part in (0, 1)]
    copies = [r for i, r in enumerate(requests) for _ in range(2 if i % 3 == 0 else 1)]  # a third sent twice at once
    late = requests[::5]  # sent again after the answers came back (the answer was lost on the way)

    async def day() -> tuple[list, list]:
        workers = [create_app(api_db, secret=SECRET) for _ in range(2)]
        async with AsyncTestClient(workers[0]) as one, AsyncTestClient(workers[1]) as two:
            clients = (one, two)

            async def send(n: int, judge: str, part: int):
                headers = token(usernames[judge]) | {"Idempotency-Key": f"{judge}/{part}"}
                response = await clients[n % 2].post(f"/contests/{cid}/events/welder/marks", json=body(judge, part), headers=headers)
                return response.status_code, response.json()

            answers = await asyncio.gather(*(send(n, *r) for n, r in enumerate(copies)))
            retried = await asyncio.gather(*(send(n + 1, *r) for n, r in enumerate(late)))
            return answers, retried

    answers, retried = asyncio.run(day())
    first: dict[tuple[str, int], tuple[int, dict]] = {}
    for r, answer in zip(copies + late, answers + retried):
        assert answer[0] == 201, answer
        assert first.setdefault(r, answer) == answer, r  # every copy got the first answer, with the same status
    expected = JUDGES * len(WELDERS) * 13
    assert sum(a["created"] for _, a in first.values()) == expected
    assert all(a["unchanged"] == a["corrected"] == 0 for _, a in first.values())

    async def stored(session):
        in_contest = MarkRow.contest_id == cid
        cells = select(MarkRow.competitor_id, MarkRow.aspect_id, MarkRow.judge_id).where(in_contest).distinct().subquery()
        return (
            await session.scalar(select(func.count()).select_from(MarkRow).where(in_contest)),
            await session.scalar(select(func.count()).select_from(cells)),
            await session.scalar(select(func.max(MarkRow.version)).where(in_contest)),
            await session.scalar(select(func.count()).select_from(IdempotencyKeyRow).where(IdempotencyKeyRow.contest_id == cid)),
            await session.scalar(
                select(func.count())
                .select_from(AuditEventRow)
                .where(AuditEventRow.contest_id == cid, AuditEventRow.action == "marks.submit")
            ),
        )

    marks, distinct_cells, max_version, keys, submits = run(stored)
    assert marks == distinct_cells == expected == 32 * 10 * 13
    assert max_version == 1
    assert keys == submits == len(requests)
