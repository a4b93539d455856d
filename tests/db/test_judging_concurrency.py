"""Concurrency: 32 judges send their batches at the same time over separate sessions (as
separate HTTP requests would), some twice at once and again later with the same key, as
tablets on bad Wi-Fi do. Exactly the expected marks are stored: none twice, none lost,
every copy of a request gets the same answer. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio

import msgspec
import pytest
from sqlalchemy import func, select

from contests.people import Competitor, Judge
from contests.store import session_factory
from contests.store.models import AuditEventRow, IdempotencyKeyRow, MarkRow
from contests.usecases.core.errors import Conflict
from contests.usecases.judging.locks import lock_module, unlock_module
from contests.usecases.judging.marking import submit_marks
from contests.usecases.judging.progress import marking_progress
from tests.db.helpers import example
from tests.db.test_judging_fixtures import CHIEF, WELDERS, batch, set_up_day, welder_day, welder_practical

pytestmark = [pytest.mark.db, pytest.mark.anyio]

JUDGES = 32
FIELD = WELDERS + [Competitor(employee_no=f"W{k}", name=f"选手{k}", unit="WH", event="welder") for k in range(7, 11)]


def _panel_of_32():
    """The welder contest with a 32-judge practical panel (trimmed mean of 32 - 2)."""
    contest = example("welder")
    event = msgspec.structs.replace(contest.events[0], panel_size={})
    return msgspec.structs.replace(contest, events=[event])


def _marks(k: int) -> dict[str, dict[str, object]]:
    """Judge k's marks: P3's pattern for W1–W6 (no vetoes), W5's for the extra welders."""
    pattern = welder_practical("P3")
    marks = {no: {a: v for a, v in aspects.items() if a not in ("pore", "cap_unfinished")} for no, aspects in pattern.items()}
    marks |= {c.employee_no: marks["W5"] | {"tack_welding": k % 4} for c in FIELD[6:]}
    return marks


async def test_32_judges_at_once_with_retries_store_each_mark_exactly_once(session, engine):
    judges = [Judge(code=f"J{k:02d}", name=f"裁判{k}", unit="ZJ") for k in range(JUDGES)]
    day = await set_up_day(session, _panel_of_32(), "welder", FIELD, judges, {"practical": [j.code for j in judges]}, chief=False)
    factory = session_factory(engine)

    async def send(judge: str, part: int):
        marks = _marks(int(judge[1:]))
        mine = dict(list(marks.items())[part::2])  # two batches per judge
        async with factory() as own:
            return await submit_marks(
                own, day.judges[judge], day.contest_id, batch(day, "practical", mine), idempotency_key=f"{judge}/{part}"
            )

    requests = [(j.code, part) for j in judges for part in (0, 1)]
    copies = [r for i, r in enumerate(requests) for _ in range(2 if i % 3 == 0 else 1)]  # a third sent twice at once
    answers = await asyncio.gather(*(send(*r) for r in copies))
    late = await asyncio.gather(*(send(*r) for r in requests[::5]))  # retried after the answers were lost

    first = {}
    for r, answer in zip(copies + requests[::5], answers + late):
        assert first.setdefault(r, answer) == answer  # every copy got the first answer
    expected = sum(len(a) for k in range(JUDGES) for a in _marks(k).values())
    assert sum(a.created for a in first.values()) == expected
    stored = await session.scalar(select(func.count()).select_from(MarkRow))
    distinct_cells = await session.scalar(
        select(func.count()).select_from(select(MarkRow.competitor_id, MarkRow.aspect_id, MarkRow.judge_id).distinct().subquery())
    )
    assert stored == distinct_cells == expected == JUDGES * (8 + 5) * len(FIELD)
    assert await session.scalar(select(func.max(MarkRow.version))) == 1
    assert await session.scalar(select(func.count()).select_from(IdempotencyKeyRow)) == len(requests)
    submits = await session.scalar(select(func.count()).select_from(AuditEventRow).where(AuditEventRow.action == "marks.submit"))
    assert submits == len(requests)


async def test_a_lock_racing_a_mark_closes_on_exactly_what_it_counted(session, engine):
    """Either the mark is stored before the lock (which then counts it) or it is refused
    (and the lock counts it owed): never a mark behind a lock, never a stale count."""
    day = await welder_day(session)
    factory = session_factory(engine)

    async def lock(delay: float):
        await asyncio.sleep(delay)
        async with factory() as own:
            return await lock_module(own, CHIEF, day.contest_id, "welder", "theory", force=True, reason="赛程要求")

    async def mark(employee_no: str):
        async with factory() as own:
            return await submit_marks(own, day.judges["T1"], day.contest_id, batch(day, "theory", {employee_no: {"theory_mark": 75}}))

    for welder, delay in zip(WELDERS, (0, 0.002, 0.005, 0.01, 0.02, 0.05)):  # the lock starts later and later
        locked, marked = await asyncio.gather(lock(delay), mark(welder.employee_no), return_exceptions=True)
        assert not isinstance(locked, BaseException), locked
        assert locked.owed == await _owed(session, day)  # what the lock counted is what it closed on
        if isinstance(marked, BaseException):
            assert isinstance(marked, Conflict) and "locked" in str(marked), marked
        await unlock_module(session, CHIEF, day.contest_id, "welder", "theory", "下一轮")


async def _owed(session, day) -> int:
    session.expire_all()
    return (await marking_progress(session, CHIEF, day.contest_id, "welder")).modules[0].owed
