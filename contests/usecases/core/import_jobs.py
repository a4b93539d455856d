"""Import jobs (导入任务): a large import sent over HTTP runs after the answer, and its progress is read from the database.

    job = await start(session, actor, contest_id, "competitors")       # a `queued` row, committed: answer 202
    launch(factory, job.id, work)                                      # the import, as a task of this process
    view = await job_view(session, contest_id, job.id)                 # from any app worker

The work is the synchronous import itself (`import_registrations`, `import_results`) given a
`progress` callback and a `finish` hook: the file is read in a worker process and the rows
are written in chunks (`core.worker`, `setup.imports`), so the event loop only awaits. While
it runs, a heartbeat copies the phase and counts into the job row every `BEAT` seconds, each
in a short transaction of its own; this row, not process memory, is what the progress GET
answers, so any of several app workers can answer it. `finish` writes the final state and
report in the import's own transaction: a job reads `done` exactly when its rows are
committed. A refusal (the same row report as the synchronous import, e.g. `line 7.工号`) or
a crash rolls the import back whole and is then written `refused` or `failed`. A job whose
process died leaves no heartbeat and reads `failed` once its row is `STALE` seconds old.

On SQLite the import's transaction holds the only write lock from its first chunk to its
commit, so the heartbeat stops writing during the write phase there (it would only wait for
the lock); PostgreSQL takes the counts all along.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contests.accounts import Actor
from contests.errors import ImportRejected
from contests.spreadsheets import TooLarge
from contests.store.import_jobs import ImportJobRow
from contests.store.types import utcnow
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import NotFound
from scoring.errors import RuleError

log = logging.getLogger("biwu.import_jobs")

BEAT = 0.5  # seconds between progress writes: often enough for a bar, rare enough to cost nothing
STALE = 600  # seconds without a heartbeat after which a queued or running job is reported failed
KINDS = ("units", "teams", "competitors", "theory_marks")
# finish(session, report): called in the import's transaction, just before its commit
Finish = Callable[[AsyncSession, msgspec.Struct], Awaitable[None]]
Progress = Callable[[str, int, int | None], Awaitable[None] | None]
Work = Callable[[AsyncSession, Progress, Finish], Awaitable[Any]]


class JobProblem(msgspec.Struct, frozen=True):
    """One reason a job's file was refused: where (`line 7.工号`, `file`) and which rule."""

    path: str
    rule: str


class ImportJobView(msgspec.Struct, kw_only=True, frozen=True):
    """An import job: `state` queued → running → done | refused | failed; `phase` queued →
    read → write → finished; the rows read from the file and written so far. At the end,
    `status` is what the synchronous import would have answered (200, 404, 409, 413),
    `report` its answer when done, `errors` its row report when refused."""

    id: str
    contest_id: int
    kind: str
    state: str
    phase: str
    rows_read: int
    rows_written: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None
    status: int | None
    report: dict[str, Any] | None
    errors: list[JobProblem]


class _Outcome(msgspec.Struct, frozen=True):
    """What the job row's `report` column holds once the job has ended."""

    status: int
    report: dict[str, Any] | None = None
    errors: list[JobProblem] = []


async def start(session: AsyncSession, actor: Actor, contest_id: int, kind: str) -> ImportJobView:
    """A new `queued` job of the contest, committed (organiser; chief judge for theory marks)."""
    access.require_role(actor, access.STAFF if kind == "theory_marks" else (access.ORGANISER,), "start an import")
    if kind not in KINDS:
        raise ImportRejected.at("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    await lookup.contest_row(session, contest_id)
    now = utcnow()
    row = ImportJobRow(
        token=secrets.token_urlsafe(16), contest_id=contest_id, kind=kind, state="queued", phase="queued", rows_read=0, rows_written=0,
        created_by=actor.username, created_at=now, updated_at=now,
    )  # fmt: skip
    session.add(row)
    await session.commit()
    return _view(row)


async def job_view(session: AsyncSession, contest_id: int, token: str) -> ImportJobView:
    """The job's state, progress and (at the end) report; NotFound (404) for a token of no job of this contest."""
    row = await session.scalar(select(ImportJobRow).where(ImportJobRow.token == token, ImportJobRow.contest_id == contest_id))
    if row is None:
        raise NotFound.at("job_id", f"contest {contest_id} has no import job {token!r}")
    return _view(row)


_tasks: set[asyncio.Task] = set()  # only so running jobs are not garbage-collected; their state is in the database


def launch(factory: async_sessionmaker[AsyncSession], token: str, work: Work) -> asyncio.Task:
    """Run `work` for the job as a task of this process, after the caller has answered."""
    task = asyncio.get_running_loop().create_task(run(factory, token, work), name=f"import-job-{token}")
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return task


async def run(factory: async_sessionmaker[AsyncSession], token: str, work: Work) -> None:
    """The job from `running` to its end; never raises (the end is written in the job row)."""
    counts, heartbeat = _Counts(factory, token), None
    try:
        await _beat(factory, token, counts, state="running")
        heartbeat = asyncio.get_running_loop().create_task(_heartbeats(factory, token, counts))
        async with factory() as session:
            await work(session, counts.progress, _finisher(token, counts))
    except RuleError as exc:
        outcome = _Outcome(_status_of(exc), errors=[JobProblem(p.path, p.rule) for p in exc.problems])
        await _quietly(_end(factory, token, "refused", counts, outcome), token)
    except Exception:  # noqa: BLE001 - a bug: logged, and the job says so instead of staying `running`
        log.exception("import job %s failed", token)
        outcome = _Outcome(500, errors=[JobProblem("", "the import failed; nothing was written")])
        await _quietly(_end(factory, token, "failed", counts, outcome), token)  # if even this fails, the job goes STALE
    finally:
        if heartbeat is not None:
            heartbeat.cancel()


class _Counts:
    """The phase and counts the import reports (its `progress` callback), for the heartbeat to copy."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], token: str):
        self.factory, self.token = factory, token
        self.sqlite = factory.kw["bind"].dialect.name == "sqlite"
        self.phase, self.read, self.written = "read", 0, 0

    def progress(self, stage: str, done: int, total: int | None) -> Awaitable[None] | None:
        """Note the counts; entering a phase, also an awaitable that writes it down at once (the
        import awaits it before its first write, so on SQLite the phase is seen while it writes)."""
        changed, self.phase = stage != self.phase, stage
        if total is not None:
            self.read = total
        if stage == "write":
            self.written = done
        return _quietly(_beat(self.factory, self.token, self), self.token) if changed else None

    @property
    def quiet(self) -> bool:
        """SQLite in the write phase: the import holds the write lock, a progress write would only wait for it."""
        return self.sqlite and self.phase == "write"


async def _heartbeats(factory: async_sessionmaker[AsyncSession], token: str, counts: _Counts) -> None:
    while True:
        await asyncio.sleep(BEAT)
        if not counts.quiet:
            await _quietly(_beat(factory, token, counts), token)


async def _quietly(write: Awaitable[None], token: str) -> None:
    try:
        await write
    except Exception:  # noqa: BLE001 - a missed progress write is not the import's failure
        log.warning("import job %s: progress not written", token, exc_info=True)


async def _beat(factory: async_sessionmaker[AsyncSession], token: str, counts: _Counts, *, state: str | None = None) -> None:
    """Copy the counts into the row, only while it is still queued or running (a late beat never undoes the end)."""
    values: dict[str, Any] = {"phase": counts.phase, "rows_read": counts.read, "rows_written": counts.written, "updated_at": utcnow()}
    if state is not None:
        values["state"] = state
    async with factory() as session:
        await session.execute(
            update(ImportJobRow).where(ImportJobRow.token == token, ImportJobRow.state.in_(("queued", "running"))).values(**values)
        )
        await session.commit()


def _finisher(token: str, counts: _Counts) -> Finish:
    async def finish(session: AsyncSession, report: msgspec.Struct) -> None:
        """`done` with the report, in the import's transaction: committed with its rows or not at all."""
        now = utcnow()
        body = msgspec.json.encode(_Outcome(200, report=msgspec.to_builtins(report))).decode()
        rows = getattr(report, "rows", getattr(report, "created", 0))  # the file's rows, all written: results' or registrations'
        counts.written = counts.read = max(counts.read, counts.written, rows)
        await session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.token == token)
            .values(state="done", phase="finished", rows_read=counts.read, rows_written=counts.written, report=body,
                    updated_at=now, finished_at=now)
        )  # fmt: skip

    return finish


async def _end(factory: async_sessionmaker[AsyncSession], token: str, state: str, counts: _Counts, outcome: _Outcome) -> None:
    """A refused or failed job: the import was rolled back whole, so nothing of it was written."""
    now = utcnow()
    async with factory() as session:
        await session.execute(
            update(ImportJobRow)
            .where(ImportJobRow.token == token)
            .values(state=state, phase="finished", rows_read=counts.read, rows_written=0, report=msgspec.json.encode(outcome).decode(),
                    updated_at=now, finished_at=now)
        )  # fmt: skip
        await session.commit()


def _status_of(exc: RuleError) -> int:
    """The status the synchronous import answers for this refusal (`api.problems`)."""
    if isinstance(exc, TooLarge):
        return 413
    return 404 if isinstance(exc, NotFound) else 409


def _view(row: ImportJobRow) -> ImportJobView:
    state = row.state
    if state in ("queued", "running") and (utcnow() - row.updated_at).total_seconds() > STALE:
        state = "failed"  # its process died (no heartbeat): the import's transaction died with it, nothing was written
    outcome = msgspec.json.decode(row.report, type=_Outcome) if row.report else None
    return ImportJobView(
        id=row.token, contest_id=row.contest_id, kind=row.kind, state=state, phase=row.phase, rows_read=row.rows_read,
        rows_written=row.rows_written, created_by=row.created_by, created_at=row.created_at, updated_at=row.updated_at,
        finished_at=row.finished_at, status=outcome.status if outcome else (500 if state == "failed" else None),
        report=outcome.report if outcome else None, errors=outcome.errors if outcome else [],
    )  # fmt: skip


__all__ = ["BEAT", "KINDS", "STALE", "Finish", "ImportJobView", "JobProblem", "Progress", "job_view", "launch", "run", "start"]
