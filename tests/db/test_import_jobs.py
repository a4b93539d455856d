"""Import jobs in the store (issue 15, point 2): the progress a running job reports is in its
row for any worker to read; a crash after rows were written leaves the job `failed` with
nothing of it kept; COPY on PostgreSQL stores exactly the rows executemany stores. Nothing
is timed (tests/benchmarks/imports.py measures the speed)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import delete, func, insert, select

from contests.errors import ImportRejected
from contests.store.database import session_factory
from contests.store.models import AuditEventRow, CompetitorRow, MarkRow, UnitRow
from contests.usecases.core import import_jobs as jobs
from contests.usecases.judging import results_import
from contests.usecases.setup import imports
from contests.usecases.setup.people import import_registrations
from tests.db.helpers import ORGANISER, welder_contest
from tests.db.test_imports_at_scale import sheet
from tests.db.test_judging_fixtures import WELDER_THEORY, welder_day

pytestmark = [pytest.mark.db, pytest.mark.anyio]


async def _read(factory, contest_id: int, token: str) -> jobs.ImportJobView:
    async with factory() as other:  # another session: what another app worker would answer
        return await jobs.job_view(other, contest_id, token)


async def _until(factory, contest_id: int, token: str, seen) -> jobs.ImportJobView:
    for _ in range(2000):  # a bound for a stuck job, not a timing assertion
        view = await _read(factory, contest_id, token)
        if seen(view):
            return view
        await asyncio.sleep(0.01)
    raise AssertionError(f"never seen: {view}")


async def test_a_running_job_shows_its_progress_and_ends_done(engine, session):
    factory, contest_id = session_factory(engine), await welder_contest(session)
    job = await jobs.start(session, ORGANISER, contest_id, "competitors")
    assert (job.state, job.phase, job.rows_read) == ("queued", "queued", 0)
    reading, written = asyncio.Event(), asyncio.Event()

    async def work(session, progress, finish):
        progress("read", 0, None)
        await reading.wait()  # the file is "being read": the job must say so meanwhile

        async def held(session, report):  # every row written, not yet committed: the job says "write"
            await written.wait()
            await finish(session, report)

        return await import_registrations(
            session, ORGANISER, contest_id, "competitors", sheet(1200), "报名.csv", progress=progress, finish=held
        )

    task = jobs.launch(factory, job.id, work)
    running = await _until(factory, contest_id, job.id, lambda v: v.state == "running")
    assert running.phase == "read" and running.status is None and running.report is None
    reading.set()
    writing = await _until(factory, contest_id, job.id, lambda v: v.phase == "write")
    assert (writing.state, writing.rows_read) == ("running", 1200)  # on SQLite too, though the import holds the write lock
    written.set()
    await task
    done = await _read(factory, contest_id, job.id)
    assert (done.state, done.phase, done.rows_read, done.rows_written, done.status) == ("done", "finished", 1200, 1200, 200)
    assert done.report == {"created": 1200, "kind": "competitors"} and done.errors == [] and done.finished_at is not None


async def test_a_crash_after_rows_were_written_leaves_the_job_failed_and_nothing_written(engine, session):
    factory, contest_id = session_factory(engine), await welder_contest(session)
    job = await jobs.start(session, ORGANISER, contest_id, "units")

    async def work(session, progress, finish):
        if (beat := progress("write", 0, 2)) is not None:
            await beat
        await session.execute(insert(UnitRow), [{"contest_id": contest_id, "code": "CRASH", "name": "半途"}])
        raise RuntimeError("the worker died half-way")

    await jobs.run(factory, job.id, work)
    failed = await _read(factory, contest_id, job.id)
    assert (failed.state, failed.status, failed.rows_written) == ("failed", 500, 0)
    assert failed.errors == [jobs.JobProblem("", "the import failed; nothing was written")]
    assert await session.scalar(select(UnitRow.id).where(UnitRow.code == "CRASH")) is None


async def _competitors(session, contest_id: int) -> list[tuple]:
    query = select(CompetitorRow.employee_no, CompetitorRow.name, CompetitorRow.unit_id, CompetitorRow.team_id, CompetitorRow.event_id)
    rows = (await session.execute(query.where(CompetitorRow.contest_id == contest_id).order_by(CompetitorRow.id))).tuples().all()
    return [(no, name, unit, team, event) for no, name, unit, team, event in rows]


async def test_copy_on_postgresql_stores_the_rows_executemany_stores(session, monkeypatch):
    """The same file imported by COPY (on PostgreSQL), removed, then imported by executemany."""
    contest_id = await welder_contest(session)
    used, copier = [], imports._copier
    monkeypatch.setattr(imports, "_copier", lambda *args: used.append(args) or copier(*args))
    await import_registrations(session, ORGANISER, contest_id, "competitors", sheet(1200), "报名.csv")
    assert bool(used) == (session.bind.dialect.name == "postgresql")
    copied = await _competitors(session, contest_id)
    await session.execute(delete(CompetitorRow).where(CompetitorRow.contest_id == contest_id, CompetitorRow.employee_no.like("S%")))
    await session.commit()
    monkeypatch.setattr(imports, "USE_COPY", False)
    await import_registrations(session, ORGANISER, contest_id, "competitors", sheet(1200), "报名.csv")
    inserted = await _competitors(session, contest_id)
    assert len(copied) == 1203 and copied == inserted and sum(team is not None for *_, team, _ in copied) == 602


async def test_a_crash_after_the_copy_keeps_nothing_of_the_file(engine, session):
    """COPY runs inside the import's transaction: a failure before the commit undoes it."""
    factory, contest_id = session_factory(engine), await welder_contest(session)
    job = await jobs.start(session, ORGANISER, contest_id, "competitors")

    async def work(session, progress, finish):
        async def crash(session, report):
            raise RuntimeError("died before the commit")

        await import_registrations(session, ORGANISER, contest_id, "competitors", sheet(1200), "报名.csv", progress=progress, finish=crash)

    await jobs.run(factory, job.id, work)
    assert (await _read(factory, contest_id, job.id)).state == "failed"
    assert len(await _competitors(session, contest_id)) == 3  # E001–E003 from before, none of the file


async def test_theory_marks_in_several_batches_are_one_unit_with_rows_named_across_batches(session, monkeypatch):
    """Batches of 2 rows: a bad value in the third batch is named by its row, nothing is
    written; the good file is stored whole, with one results.import audit event."""
    monkeypatch.setattr(results_import, "CHUNK", 2)
    day = await welder_day(session)
    rows = list(WELDER_THEORY.items())  # 6 competitors: three batches
    bad = "\n".join(["工号,成绩"] + [f"{no},{120 if k == 5 else v}" for k, (no, v) in enumerate(rows)]) + "\n"
    with pytest.raises(ImportRejected) as refused:
        await results_import.import_results(session, ORGANISER, day.contest_id, "welder", "theory", bad.encode(), "理论.csv")
    assert [p.path for p in refused.value.problems] == ["line 7.成绩"]
    assert await session.scalar(select(func.count()).select_from(MarkRow).where(MarkRow.contest_id == day.contest_id)) == 0
    heard: list[tuple] = []
    good = "\n".join(["工号,成绩"] + [f"{no},{v}" for no, v in rows]) + "\n"
    report = await results_import.import_results(
        session, ORGANISER, day.contest_id, "welder", "theory", good.encode(), "理论.csv", progress=lambda *p: heard.append(p)
    )
    assert (report.rows, report.created) == (6, 6)
    assert heard == [("read", 0, None), ("write", 0, 6), ("write", 2, 6), ("write", 4, 6), ("write", 6, 6)]
    actions = await session.scalars(select(AuditEventRow.action).where(AuditEventRow.contest_id == day.contest_id))
    assert [a for a in actions if a.startswith("results.")] == ["results.import"]
