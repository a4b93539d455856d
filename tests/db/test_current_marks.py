"""The standings' held copy of a module's current marks (`current_marks`, issue 15) is the
store's current marks after every kind of write: new marks, corrections of corrections,
marks of another module written in between, a second app worker on the same database, a
database that is not the one read before, and a row whose id is smaller than one already
read committing later (PostgreSQL's sequences allow it; the count check reads again)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import insert, select

from contests.store import make_engine, session_factory
from contests.store.models import MarkRow
from contests.usecases.judging import current_marks as held_marks
from contests.usecases.judging.current_marks import standings_cells
from contests.usecases.judging.loading import load_module_day
from contests.usecases.judging.marking import submit_marks
from tests.db.test_judging_fixtures import batch, mark_welder_day, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def _agree(session, day, module_id: str = "practical") -> np.ndarray:
    """The held copy equals the row-by-row grid (`cells.module_cells`) of the module."""
    event_day, plain = await load_module_day(session, day.contest_id, "welder", module_id)
    policy = event_day.definition.settings.conflict_policy
    held = await standings_cells(session, day.contest_id, policy, "welder", plain.module, plain.field)
    assert np.array_equal(held.marks, plain.marks, equal_nan=True)
    assert np.array_equal(held.recused, plain.recused) and [j.id for j in held.judges] == [j.id for j in plain.judges]
    return held.marks


async def test_the_held_marks_follow_new_marks_and_corrections(session):
    day = await welder_day(session)
    assert np.isnan(await _agree(session, day)).all()  # nothing marked yet
    await mark_welder_day(session, day)
    first = await _agree(session, day)
    p3 = day.judges["P3"]
    for value in ("1.2", "0.4"):  # two versions of one cell between two reads
        await submit_marks(session, p3, day.contest_id, batch(day, "practical", {"W5": {"cap_height": value}}, "复测"))
    await submit_marks(session, day.judges["T1"], day.contest_id, batch(day, "theory", {"W5": {"theory_mark": 61}}, "复核"))
    second = await _agree(session, day)  # the theory mark came after: read past, not into the practical grid
    assert not np.array_equal(first, second, equal_nan=True)
    await _agree(session, day, "theory")
    await submit_marks(session, p3, day.contest_id, batch(day, "practical", {"W5": {"cap_height": "2.5"}}, "复测"))
    third = await _agree(session, day)
    assert float(np.nanmax(third - second)) == pytest.approx(2.1)


async def test_a_second_worker_and_a_different_database_are_never_served_an_old_copy(session, database_url):
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await _agree(session, day)
    other = make_engine(database_url)  # a second app worker: its own held copy, learning only from the database
    try:
        async with session_factory(other)() as second:
            await _agree(second, day)
            await submit_marks(session, day.judges["P2"], day.contest_id, batch(day, "practical", {"W6": {"slag": 1}}))
            await session.commit()
            await _agree(second, day)
            await _agree(session, day)
    finally:
        await other.dispose()
    # a database that is not the one the copy was read from (a restore): the highest row read
    # is no longer the same row, so everything is read again, whatever the copy holds
    engine = (await session.connection()).engine.sync_engine
    held = held_marks._HELD[engine][(day.contest_id, "welder", "practical")]
    held.marks[...] = 99.0
    held.stamp = "the stamp of another database's row"
    await _agree(session, day)


async def test_a_smaller_id_committed_after_a_larger_one_is_not_missed(session):
    """PostgreSQL hands out ids before commit; here a row with a large explicit id stands for
    the later of two concurrent writers, read before the earlier one commits."""
    day = await welder_day(session)
    await mark_welder_day(session, day)
    await _agree(session, day)
    top = await session.scalar(select(MarkRow.id).order_by(MarkRow.id.desc()).limit(1))
    competitor = await session.scalar(select(MarkRow.competitor_id).where(MarkRow.module_id == "practical").limit(1))
    row = await session.execute(
        select(MarkRow.aspect_id, MarkRow.judge_id, MarkRow.version)
        .where(MarkRow.competitor_id == competitor, MarkRow.module_id == "practical", MarkRow.aspect_id == "cap_height")
        .order_by(MarkRow.version.desc())
        .limit(1)
    )
    aspect, judge, version = row.one()
    later = {"contest_id": day.contest_id, "event_id": "welder", "module_id": "practical", "competitor_id": competitor,
             "aspect_id": aspect, "judge_id": judge, "value": Decimal("2.9"), "version": version + 1, "reason": "复测",
             "created_by": "test"}  # fmt: skip
    await session.execute(insert(MarkRow), [later | {"id": top + 50}])
    await session.commit()
    await _agree(session, day)
    # the earlier writer commits now, with an id below the one already read (on SQLite the id
    # is the highest plus one instead, so this only checks the plain case there)
    await submit_marks(session, day.judges["P4"], day.contest_id, batch(day, "practical", {"W6": {"slag": 1}}))
    await session.commit()
    await _agree(session, day)


async def test_the_held_marks_are_evicted_past_the_workers_budget(session, monkeypatch):
    """BIWU_HELD_MARKS_MIB caps what one worker holds: at 0 only the module read last stays
    (it is always kept); the default shares 2 GiB among 4 workers or more."""
    day = await welder_day(session)
    await mark_welder_day(session, day)
    engine = (await session.connection()).engine.sync_engine
    held = lambda: sorted(m for c, _, m in held_marks._HELD[engine] if c == day.contest_id)  # noqa: E731
    monkeypatch.setenv("BIWU_HELD_MARKS_MIB", "1")
    await _agree(session, day)
    await _agree(session, day, "theory")
    assert held() == ["practical", "theory"]
    monkeypatch.setenv("BIWU_HELD_MARKS_MIB", "0")
    await _agree(session, day)
    assert held() == ["practical"]  # theory, read less recently, went; the newest stays
    await _agree(session, day, "theory")  # read again from the store, equal to the rows
    assert held() == ["theory"]
    monkeypatch.delenv("BIWU_HELD_MARKS_MIB")
    for workers, mib in (("", 1024), ("2", 1024), ("4", 512), ("8", 256)):
        monkeypatch.setenv("BIWU_WORKERS", workers)
        assert held_marks.held_budget() == mib << 20
    monkeypatch.setenv("BIWU_HELD_MARKS_MIB", "lots")
    with pytest.raises(ValueError, match="BIWU_HELD_MARKS_MIB"):
        held_marks.held_budget()
