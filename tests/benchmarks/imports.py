"""`make bench`, the import part: 100,000 competitors through the CLI's path, rows per second.

`biwu import` runs the use-case `import_registrations` on a session of its own; so does this,
on a temporary SQLite file holding the welder example and ten units, once for a CSV UTF-8
file and once for the same rows as an XLSX workbook, each into a database file of its own. Each import
is one all-or-nothing unit: read and checked in a worker process, then written in chunks
of Core executemany, one transaction, one audit event. Printed: rows/s, the time reading and
checking (until the first chunk is written) and writing took, the CPU seconds spent (this
process and the worker: what the load does not inflate), and the load average, since the
machine is shared. The issue's figure before batching was 796 rows/s from the CLI.

The theory exam's marks (成绩导入, `import_results`) are measured the same way: 100,000
competitors registered and drawn (into sessions), a one-seat theory panel, and a CSV of
工号 and 成绩 imported as that seat's marks, one all-or-nothing unit, checked once per file
and written in bulk (`contests.usecases.judging.imported_marks`: executemany on SQLite, COPY
on PostgreSQL). `--database-url` runs the theory part on an empty database of your own
instead of a temporary SQLite file (PostgreSQL: `createdb` it first; it is filled, not dropped).

`--job` also sends the theory file as an import job over HTTP (`biwu serve`, one worker, a
SQLite file): the time from sending it until the job reads `done`, with /health polled back to
back meanwhile (its p50 / p99 / max), as `tests/benchmarks/uploads.py` does for competitors.

    python -m tests.benchmarks.imports [--rows 100000] [--only competitors|theory] [--database-url URL] [--job]

Nothing is asserted: it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

import httpx

from contests.definition import decode_contest
from contests.people import Judge, Unit
from contests.store import make_engine, session_factory, upgrade
from contests.usecases.accounts.users import add_user
from contests.usecases.judging.results_import import import_results
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from contests.usecases.setup.draws import run_draw
from contests.usecases.setup.judges import add_judge
from contests.usecases.setup.panels import set_panel
from contests.usecases.setup.people import import_registrations
from tests.benchmarks.service import EXAMPLE, _start, _stop
from tests.benchmarks.uploads import ORGANISER, PASSWORD, UNITS, _figures, _poll_health, legal_csv

ROWS = 100_000


def legal_xlsx(rows: int = ROWS) -> bytes:
    """The rows of `legal_csv` as a workbook, written row by row (xlsxwriter's constant memory)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("选手报名")
    sheet.write_row(0, 0, ["工号", "姓名", "单位", "赛项"])
    for k in range(rows):
        sheet.write_row(k + 1, 0, [f"B{k:06d}", f"选手{k:06d}", f"U{k % UNITS + 1:02d}", "welder"])
    book.close()
    return buffer.getvalue()


async def _contest(url: str) -> int:
    """A fresh contest (the welder example) with the ten units the files name."""
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            contest_id = (await create_contest(session, ORGANISER, decode_contest(EXAMPLE.read_bytes(), "toml"))).id
            for u in range(1, UNITS + 1):
                await people_uc.add_unit(session, ORGANISER, contest_id, Unit(code=f"U{u:02d}", name=f"第{u}分公司"))
            return contest_id
    finally:
        await engine.dispose()


async def _import(url: str, contest_id: int, data: bytes, filename: str) -> dict:
    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int | None) -> None:
        stages.setdefault(stage, time.perf_counter())  # when each stage began

    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            cpu0, t0 = _cpu(), time.perf_counter()
            report = await import_registrations(session, ORGANISER, contest_id, "competitors", data, filename, progress=progress)
            seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    finally:
        await engine.dispose()
    reading = stages["write"] - t0
    return {"created": report.created, "seconds": seconds, "cpu": cpu, "reading": reading, "writing": seconds - reading}


def _cpu() -> float:
    """CPU seconds of this process (the writes, aiosqlite's thread) and its finished children
    (the worker that read the file): on a shared machine, a figure the load does not inflate."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(rows: int = ROWS) -> list[dict]:
    files = [(f"{rows}-competitors.csv", legal_csv(rows)), (f"{rows}-competitors.xlsx", legal_xlsx(rows))]
    out = []
    with tempfile.TemporaryDirectory(prefix="biwu-bench-imports-") as tmp:
        for name, data in files:
            url = f"sqlite+aiosqlite:///{Path(tmp) / (name + '.db')}"  # a database file of its own, as a fresh `biwu import` would
            upgrade(url)
            contest_id = asyncio.run(_contest(url))
            result = asyncio.run(_import(url, contest_id, data, name))
            out.append(result | {"name": name, "bytes": len(data), "load": os.getloadavg()})
    return out


async def _drawn_theory(url: str, contest_id: int, rows: int) -> None:
    """`rows` competitors of the welder event, drawn into sessions, and the theory panel's one
    seat (a judge of a unit no competitor is from: no conflicts of interest)."""
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            await import_registrations(session, ORGANISER, contest_id, "competitors", legal_csv(rows), "报名.csv")
            await people_uc.add_unit(session, ORGANISER, contest_id, Unit(code="UJ", name="裁判单位"))
            await add_judge(session, ORGANISER, contest_id, Judge(code="T1", name="理论阅卷", unit="UJ"))
            await set_panel(session, ORGANISER, contest_id, "welder", "theory", ["T1"])
            await run_draw(session, ORGANISER, contest_id, "welder", seed=2026, stations_per_session=min(rows, 5000))
    finally:
        await engine.dispose()


def theory_csv(rows: int = ROWS) -> bytes:
    """工号,成绩 for the competitors of `legal_csv`: the exam system's export."""
    lines = ["工号,成绩"] + [f"B{k:06d},{k % 101}" for k in range(rows)]
    return ("\n".join(lines) + "\n").encode()


async def _import_theory(url: str, contest_id: int, data: bytes) -> dict:
    stages: dict[str, float] = {}
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            cpu0, t0 = _cpu(), time.perf_counter()
            report = await import_results(
                session, ORGANISER, contest_id, "welder", "theory", data, "理论成绩.csv",
                progress=lambda stage, done, total: stages.setdefault(stage, time.perf_counter()),
            )  # fmt: skip
            seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    finally:
        await engine.dispose()
    reading = stages["write"] - t0
    return {"created": report.created, "seconds": seconds, "cpu": cpu, "reading": reading, "writing": seconds - reading}


def run_theory(rows: int = ROWS, database_url: str | None = None) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="biwu-bench-theory-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'theory.db'}"
        upgrade(url)
        contest_id = asyncio.run(_contest(url))
        asyncio.run(_drawn_theory(url, contest_id, rows))
        data = theory_csv(rows)
        result = asyncio.run(_import_theory(url, contest_id, data))
    where = "" if database_url is None else f" ({url.split(':', 1)[0]})"
    return [result | {"name": f"{rows}-theory-marks.csv{where}", "bytes": len(data), "load": os.getloadavg()}]


def run_theory_job(rows: int = ROWS) -> dict:
    """The theory file as an import job over HTTP, followed until it ends while /health is polled."""
    with tempfile.TemporaryDirectory(prefix="biwu-bench-theory-job-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'theory-job.db'}"
        upgrade(url)
        contest_id = asyncio.run(_contest(url))
        asyncio.run(_drawn_theory(url, contest_id, rows))
        asyncio.run(_organiser_login(url))
        server, base = _start(url, Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=60) as http:
                token = http.post("/auth/token", data={"username": ORGANISER.username, "password": PASSWORD}).json()["access_token"]
            path = f"/contests/{contest_id}/events/welder/modules/theory/results/import-jobs"
            answer = _follow(base, {"Authorization": f"Bearer {token}"}, path, theory_csv(rows))
        finally:
            _stop(server)
    return answer | {"rows": rows, "load": os.getloadavg()}


async def _organiser_login(url: str) -> None:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            await add_user(session, ORGANISER.username, PASSWORD, "organiser")
    finally:
        await engine.dispose()


def _follow(base: str, auth: dict, path: str, data: bytes) -> dict:
    """POST the file as a job, then GET the job every 0.2 s until it ends; /health meanwhile."""
    answer: dict = {}

    def send_and_follow() -> None:
        with httpx.Client(base_url=base, timeout=600) as client:
            t0 = time.perf_counter()
            started = client.post(path, files={"file": ("理论成绩.csv", data, "text/csv")}, headers=auth)
            answer.update(accepted=time.perf_counter() - t0, state=f"{started.status_code} {started.text[:160]}")
            while started.status_code == 202:
                job = client.get(started.headers["location"], headers=auth).json()
                if job["state"] not in ("queued", "running"):
                    answer.update(state=f"{job['state']} {str(job['report'] or job['errors'])[:160]}")
                    break
                time.sleep(0.2)
            answer["seconds"] = time.perf_counter() - t0

    thread = threading.Thread(target=send_and_follow, name="theory job")
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get("/health")  # the keep-alive connection is open before the job starts
        thread.start()
        health = _poll_health(http, thread)
    thread.join()
    return answer | {"health": health}


def report_job(r: dict) -> None:
    load = ", ".join(f"{x:.1f}" for x in r["load"])
    print(
        f"imports theory marks as an import job over HTTP (biwu serve, SQLite): {r['rows']:,} rows in {r['seconds']:.2f} s "
        f"(202 in {r['accepted']:.2f} s), {r['state']}; /health during the job {_figures(r['health'])}; load average {load}"
    )


def report(results: list[dict]) -> None:
    print("imports biwu import's path (the use-case on its own session), a SQLite file unless named; one all-or-nothing unit per file")
    for r in results:
        load = ", ".join(f"{x:.1f}" for x in r["load"])
        print(
            f"        {r['name']:<26} {r['bytes'] / 1e6:5.2f} MB: {r['created']:,} rows in {r['seconds']:.2f} s = "
            f"{r['created'] / r['seconds']:,.0f} rows/s (reading and checking {r['reading']:.2f} s, writing {r['writing']:.2f} s); "
            f"{r['cpu']:.2f} CPU s = {r['created'] / r['cpu']:,.0f} rows per CPU s; load average {load}"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.imports")
    ap.add_argument("--rows", type=int, default=ROWS)
    ap.add_argument("--only", choices=("competitors", "theory"))
    ap.add_argument("--database-url", help="an empty database for the theory part (default: a temporary SQLite file)")
    ap.add_argument("--job", action="store_true", help="also send the theory file as an import job over HTTP")
    args = ap.parse_args(argv)
    results = [] if args.only == "theory" else run(args.rows)
    report(results + ([] if args.only == "competitors" else run_theory(args.rows, args.database_url)))
    if args.job:
        report_job(run_theory_job(args.rows))


if __name__ == "__main__":
    main()
