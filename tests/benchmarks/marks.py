"""`make bench`, the marks part: marks through the batch endpoint at venue speed (issue 15).

Starts `biwu serve` (uvicorn, 1 worker, or `--workers N` on PostgreSQL) on 127.0.0.1 over a fresh database (SQLite in a
temporary file, or a new PostgreSQL database made beside the one `--postgres` names and
dropped afterwards) holding the welder example with its practical panel widened to 8 judges
(13 marks per competitor per judge: 8 band measurements, 5 workmanship judgements). Then:

1. **empty module**: 1 judge sends its batches one after another; then 8 judges at once
   (8 concurrent keep-alive clients, each sending its own batches one after another);
2. the module is filled up to `--prefill` marks (default 300,000) by Core inserts of the same
   rows the endpoint writes (versions 1, of the 8 judges on competitors no batch touches), so
   the judge's current-marks read has a big module to find its cells in;
3. **after the prefill**: the same 1-judge and 8-judge runs on fresh cells.

Each batch is `--batch` marks (default 500) with an Idempotency-Key, checked as answered
201 with every mark created; a 503 (SQLite busy with other writers) is sent again with the
same key after its Retry-After, as the tablet does, and counted. Reported per run: marks/s (all marks of the run over its wall
time), and p50 / p99 per batch, with the load average. Nothing is asserted about time.

    python -m tests.benchmarks.marks                       # SQLite
    python -m tests.benchmarks.marks --postgres start      # PostgreSQL (.ci/postgres.sh, then biwu_test's server)
    python -m tests.benchmarks.marks --postgres start --workers 2
    python -m tests.benchmarks.marks --postgres postgresql+asyncpg://biwu:biwu@127.0.0.1:5432/biwu_test
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from contests.accounts import Actor
from contests.definition import decode_contest
from contests.people import Judge, Unit
from contests.store import make_engine, session_factory, upgrade
from contests.store.models import CompetitorRow, JudgeRow, MarkRow
from contests.store.types import utcnow
from contests.usecases.accounts.users import add_user
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from contests.usecases.setup.draws import run_draw
from tests.benchmarks.service import EXAMPLE, _free_port, _start, _stop  # noqa: F401  (one way to start the server)
from tests.factories.draws import seeded_codes

ORGANISER = Actor(username="bench-organiser", role="organiser")
PASSWORD = "bench-password-2026"
UNITS = 10
PANEL = tuple(f"P{k}" for k in range(1, 9))
BANDS = (
    "cap_height",
    "height_difference",
    "width_difference",
    "undercut",
    "root_concavity",
    "root_convexity",
    "misalignment",
    "angular_distortion",
)
JUDGEMENTS = ("groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work")
PER_COMPETITOR = len(BANDS) + len(JUDGEMENTS)
SEED = 20261130
PG_DEFAULT = "postgresql+asyncpg://biwu:biwu@127.0.0.1:5432/biwu_test"


@dataclass(frozen=True)
class Layout:
    """Which competitors each run marks: slices of the drawn field, none shared between runs,
    so every mark sent is a new cell (status "created")."""

    batch: int
    batches: int  # per judge and run
    prefill: int

    @property
    def per_run(self) -> int:  # competitors one judge's batches cover
        return math.ceil(self.batch * self.batches / PER_COMPETITOR)

    @property
    def prefill_competitors(self) -> int:
        return math.ceil(self.prefill / (PER_COMPETITOR * len(PANEL)))

    @property
    def competitors(self) -> int:
        return 4 * self.per_run + self.prefill_competitors

    def run_slice(self, run: int) -> slice:
        """Competitors of run 0..3 (empty 1 judge, empty 8 judges, full 1 judge, full 8 judges)."""
        return slice(run * self.per_run, (run + 1) * self.per_run)


# ---------------------------------------------------------------- the contest, through the use-cases


def _definition():
    source = EXAMPLE.read_text(encoding="utf-8").replace("[events.panel_size]\npractical = 5", "[events.panel_size]\npractical = 8")
    return decode_contest(source.encode(), "toml")


async def _seed(url: str, competitors: int) -> tuple[int, list[str]]:
    """(contest id, blind codes in employee-number order)."""
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            cid = (await create_contest(session, ORGANISER, _definition())).id
            await people_uc.add_unit(session, ORGANISER, cid, Unit(code="JDZX", name="职业技能鉴定中心"))
            for u in range(1, UNITS + 1):
                await people_uc.add_unit(session, ORGANISER, cid, Unit(code=f"U{u:02d}", name=f"第{u}分公司"))
            numbers = [f"B{k:05d}" for k in range(competitors)]
            rows = "".join(f"{no},选手{no},U{k % UNITS + 1:02d},,welder\n" for k, no in enumerate(numbers))
            await people_uc.import_registrations(
                session, ORGANISER, cid, "competitors", ("工号,姓名,单位,班组/代表队,赛项\n" + rows).encode(), "csv"
            )
            for code in PANEL:
                await add_user(session, f"bench-{code.lower()}", PASSWORD, "judge")
                await judge_uc.add_judge(
                    session, ORGANISER, cid, Judge(code=code, name=f"裁判{code}", unit="JDZX"), username=f"bench-{code.lower()}"
                )
            await judge_uc.set_panel(session, ORGANISER, cid, "welder", "practical", list(PANEL))
            await run_draw(session, ORGANISER, cid, "welder", seed=SEED)
            codes = seeded_codes(numbers, SEED)  # the draw's answer is sealed: recomputed from the seed
            return cid, [codes[no] for no in numbers]
    finally:
        await engine.dispose()


async def _prefill(url: str, cid: int, layout: Layout) -> int:
    """Top the module up to `layout.prefill` marks with Core inserts of the endpoint's rows;
    returns the module's marks count."""
    engine = make_engine(url)
    rng = np.random.default_rng(3)
    try:
        async with session_factory(engine)() as session:
            where = (MarkRow.contest_id == cid, MarkRow.event_id == "welder", MarkRow.module_id == "practical")
            have = int(await session.scalar(select(func.count(MarkRow.id)).where(*where)) or 0)
            judges = dict((await session.execute(select(JudgeRow.code, JudgeRow.id).where(JudgeRow.contest_id == cid))).all())
            in_order = select(CompetitorRow.id).where(CompetitorRow.contest_id == cid).order_by(CompetitorRow.employee_no)
            free = list((await session.scalars(in_order)).all())[4 * layout.per_run :]  # competitors no run marks
            now, need, rows = utcnow(), layout.prefill - have, []
            for c in free:
                for j in PANEL:
                    for a in (*BANDS, *JUDGEMENTS):
                        if len(rows) >= need:
                            break
                        value = round(float(rng.uniform(0, 3)), 1) if a in BANDS else int(rng.integers(0, 4))
                        rows.append({"contest_id": cid, "event_id": "welder", "module_id": "practical", "competitor_id": c, "aspect_id": a,
                                     "judge_id": judges[j], "value": value, "version": 1, "reason": None,
                                     "created_by": f"bench-{j.lower()}", "created_at": now})  # fmt: skip
            for k in range(0, len(rows), 10_000):
                await session.execute(insert(MarkRow), rows[k : k + 10_000])
            await session.commit()
            if session.bind.dialect.name == "postgresql":
                # what autovacuum does within its minute after a bulk load: marks that accumulate through
                # the endpoint are analysed as they grow, 300,000 rows landing at once are not, and the
                # planner estimating an empty module reads the judge's whole index range
                await session.execute(text("ANALYZE marks"))
            return int(await session.scalar(select(func.count(MarkRow.id)).where(*where)) or 0)
    finally:
        await engine.dispose()


# ---------------------------------------------------------------- the batches


def _batches(codes: list[str], judge: str, layout: Layout, run: int) -> list[dict]:
    rng = np.random.default_rng([run, PANEL.index(judge)])
    marks = [
        {"module_id": "practical", "blind_code": code, "aspect_id": a, "value": v}
        for code in codes[layout.run_slice(run)]
        for a, v in [*((b, round(float(rng.uniform(0, 3)), 1)) for b in BANDS), *((j, int(rng.integers(0, 4))) for j in JUDGEMENTS)]
    ]
    return [{"marks": marks[i : i + layout.batch]} for i in range(0, len(marks), layout.batch)][: layout.batches]


async def _judge(
    http: httpx.AsyncClient, url: str, token: dict[str, str], batches: list[dict], times: list[float], retries: list[int]
) -> int:
    """One judge's tablet: each batch with its own key; a 503 (SQLite busy with other writers)
    is sent again with the same key after its Retry-After, as the tablet does, and the batch's
    time counts the wait."""
    sent = 0
    for body in batches:
        key = str(uuid.uuid4())
        b0 = time.perf_counter()
        while (response := await http.post(url, json=body, headers=token | {"Idempotency-Key": key})).status_code == 503:
            retries.append(1)
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        times.append(time.perf_counter() - b0)
        if response.status_code != 201 or response.json()["created"] != len(body["marks"]):
            raise RuntimeError(f"batch refused: {response.status_code} {response.text[:500]}")
        sent += len(body["marks"])
    return sent


async def _run(base: str, cid: int, tokens: dict[str, dict], codes: list[str], layout: Layout, run: int, judges: int) -> dict:
    url = f"/contests/{cid}/events/welder/marks"
    work = {j: _batches(codes, j, layout, run) for j in PANEL[:judges]}
    limits = httpx.Limits(max_connections=judges)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as http:
        await http.get("/health")
        times: list[float] = []
        retries: list[int] = []
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        sent = await asyncio.gather(*(_judge(http, url, tokens[j], work[j], times, retries) for j in work))
        wall = time.perf_counter() - t0
    p50, p99 = np.percentile(times, [50, 99])
    return {
        "judges": judges,
        "marks": sum(sent),
        "batches": len(times),
        "wall": wall,
        "p50": p50,
        "p99": p99,
        "retries": len(retries),
        "load": (load, os.getloadavg()[0]),
    }


def _login(base: str, username: str) -> dict[str, str]:
    response = httpx.post(f"{base}/auth/token", data={"username": username, "password": PASSWORD}, timeout=60)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


# ---------------------------------------------------------------- databases


async def _postgres_database(admin_url: str, name: str, create: bool) -> str:
    """A fresh database `name` beside the one `admin_url` names (create), or drop it."""
    engine = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            if create:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run(url: str, backend: str, layout: Layout, tmp: Path, workers: int = 1) -> list[dict]:
    """The four runs on a fresh database at `url`, each printed as soon as it is measured."""
    upgrade(url)
    cid, codes = asyncio.run(_seed(url, layout.competitors))
    server, base = _start(url, tmp / "server.log", workers)
    print(
        f"marks   POST …/marks, biwu serve (uvicorn, {workers} worker{'s' if workers > 1 else ''}), {backend}; "
        f"welder practical, 8-judge panel, batches of {layout.batch}"
    )
    results = []
    try:
        tokens = {j: _login(base, f"bench-{j.lower()}") for j in PANEL}
        stage = "empty module"
        for run_no, judges in ((0, 1), (1, 8), (2, 1), (3, 8)):
            if run_no == 2:
                stage = f"after {asyncio.run(_prefill(url, cid, layout)):,} marks"
            results.append({"stage": stage} | asyncio.run(_run(base, cid, tokens, codes, layout, run_no, judges)))
            report(results[-1])
    finally:
        _stop(server)
    return results


def report(r: dict) -> None:
    print(
        f"        {r['stage']:<22} {r['judges']} judge{'s' if r['judges'] > 1 else ' '}: {r['marks']:>6,} marks in {r['batches']:>3} batches, "
        f"{r['wall']:6.2f} s → {r['marks'] / r['wall']:>7,.0f} marks/s; per batch p50 {r['p50'] * 1000:5.0f} ms, "
        f"p99 {r['p99'] * 1000:5.0f} ms; {r['retries']} sent again after a 503 (load average {r['load'][0]:.1f} → {r['load'][1]:.1f})",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.marks")
    ap.add_argument(
        "--postgres",
        metavar="URL",
        help=f"measure on PostgreSQL: a scratch database is made beside this one ('start': {PG_DEFAULT} after .ci/postgres.sh)",
    )
    ap.add_argument("--batch", type=int, default=500, help="marks per batch")
    ap.add_argument("--batches", type=int, default=12, help="batches per judge and run")
    ap.add_argument("--prefill", type=int, default=300_000, help="marks in the module before the second stage")
    ap.add_argument("--workers", type=int, default=1, help="biwu serve --workers N (PostgreSQL only)")
    args = ap.parse_args(argv)
    if args.workers > 1 and not args.postgres:
        ap.error("--workers N needs --postgres: SQLite has one writer, biwu serve refuses several workers on it")
    layout = Layout(args.batch, args.batches, args.prefill)
    with tempfile.TemporaryDirectory(prefix="biwu-bench-marks-") as tmp:
        if not args.postgres:
            run(f"sqlite+aiosqlite:///{Path(tmp) / 'marks.db'}", "SQLite", layout, Path(tmp))
            return
        admin = args.postgres
        if admin == "start":  # Debian's server, as CI starts it
            subprocess.run(["bash", str(Path(__file__).resolve().parents[2] / ".ci" / "postgres.sh")], check=True, capture_output=True)
            admin = PG_DEFAULT
        name = f"biwu_bench_marks_{os.getpid()}"
        url = asyncio.run(_postgres_database(admin, name, create=True))
        try:
            run(url, "PostgreSQL", layout, Path(tmp), args.workers)
        finally:
            asyncio.run(_postgres_database(admin, name, create=False))


if __name__ == "__main__":
    main()
