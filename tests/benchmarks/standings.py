"""`make bench`, standings at scale: the provisional ranking over HTTP at 300, 3,000 and
30,000 competitors (welder example, 5-judge practical panel marking all 22 aspects, plus a theory
judge), uncached and cached, each against GET /health in the same run.

The contest, units, judges and panels are set up through the use-cases; the competitors,
the draw (`contests.draw.draw`, recorded as the use-case records it) and the marks are
written with Core `executemany` (the bench measures the ranking, not the import or the
marks endpoint, which have their own figures), with 1 % of the practical marks corrected
(version 2) so the current-version selection has work to do, and one audit event per
500 marks as the marks endpoint writes them. Before any timing the served totals and ranks
are checked equal to `scoring.EventScorer` run on the same marks.

"Uncached" requests each follow a change of the event (a mark corrected to its own value and
an audit event appended, as the marks endpoint writes them), so each is computed afresh from
the marks as they are now; "cached" requests repeat an unchanged event. The first request
after the server starts is timed on its own: that worker then reads every mark once. `X-Standings-Cache` tells which it was and is checked. Nothing here asserts a time.

    .venv/bin/python -m tests.benchmarks.standings --sizes 300,3000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import msgspec
import numpy as np
from sqlalchemy import insert, select

from contests.accounts import Actor
from contests.definition import decode_contest
from contests.draw import MAX_COMPETITORS, draw
from contests.people import Judge, Unit
from contests.store import make_engine, session_factory, upgrade
from contests.store.models import AuditEventRow, CompetitorRow, DrawAssignmentRow, DrawRow, JudgeRow, MarkRow, UnitRow
from contests.usecases.accounts.users import add_user
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from scoring.compiled import compile_scheme
from scoring.event import EventScorer
from tests.benchmarks.service import EXAMPLE, PASSWORD, _latencies, _login, _start, _stop

ORGANISER = Actor(username="bench-organiser", role="organiser")
PANEL = ("P1", "P2", "P3", "P4", "P5")
UNITS = 10
REQUESTS = 100
CORRECTED = 0.01
MAX_STATIONS = 2_000  # competitors beyond this draw into sessions (场次)
CHUNK = 20_000


def _marks(n: int, compiled, judges: int, rng: np.random.Generator) -> np.ndarray:
    """Valid marks [n, A, judges] of the welder practical: bands 0–3 mm, judgements 0–3,
    everything else (pass/fail, deductions, vetoes) 0."""
    out = np.zeros((n, compiled.n_aspects, judges))
    for k, aspect in enumerate(compiled.aspect_ids):
        if aspect in _BANDS:
            out[:, k] = np.round(rng.uniform(0, 3, (n, judges)), 1)
        elif aspect in _JUDGEMENTS:
            out[:, k] = rng.integers(0, 4, (n, judges))
    return out


_BANDS = {"cap_height", "height_difference", "width_difference", "undercut", "root_concavity", "root_convexity", "misalignment",
          "angular_distortion"}  # fmt: skip
_JUDGEMENTS = {"groove_preparation", "tack_welding", "interpass_cleaning", "welding_technique", "safe_tidy_work"}


async def _setup(session, n: int) -> tuple[int, dict]:
    """The contest with units, judges, panels and logins, through the use-cases."""
    cid = (await create_contest(session, ORGANISER, decode_contest(EXAMPLE.read_bytes(), "toml"))).id
    await people_uc.add_unit(session, ORGANISER, cid, Unit(code="JDZX", name="职业技能鉴定中心"))
    for u in range(1, UNITS + 1):
        await people_uc.add_unit(session, ORGANISER, cid, Unit(code=f"U{u:02d}", name=f"第{u}分公司"))
    await add_user(session, "bench-chief", PASSWORD, "chief_judge")
    for code in (*PANEL, "T1"):
        await add_user(session, f"bench-{code.lower()}", PASSWORD, "judge")
        await judge_uc.add_judge(
            session, ORGANISER, cid, Judge(code=code, name=f"裁判{code}", unit="JDZX"), username=f"bench-{code.lower()}"
        )
    await judge_uc.set_panel(session, ORGANISER, cid, "welder", "practical", list(PANEL))
    await judge_uc.set_panel(session, ORGANISER, cid, "welder", "theory", ["T1"])
    judges = dict((await session.execute(select(JudgeRow.code, JudgeRow.id).where(JudgeRow.contest_id == cid))).all())
    return cid, judges


async def _field(session, cid: int, n: int) -> list[int]:
    """n competitors and their draw; competitor ids in registration order."""
    units = [uid for code, uid in (await session.execute(select(UnitRow.code, UnitRow.id).where(UnitRow.contest_id == cid))).all()
             if code != "JDZX"]  # fmt: skip
    people = [{"contest_id": cid, "employee_no": f"B{k:06d}", "name": f"选手{k:06d}", "unit_id": units[k % len(units)],
               "team_id": None, "event_id": "welder"} for k in range(n)]  # fmt: skip
    await session.execute(insert(CompetitorRow), people)
    ids = dict((await session.execute(select(CompetitorRow.employee_no, CompetitorRow.id).where(CompetitorRow.contest_id == cid))).all())
    if n > MAX_COMPETITORS:
        return await _field_beyond_one_draw(session, cid, n, ids)
    record = draw(list(ids), min(n, MAX_STATIONS), 20261130)
    row = DrawRow(contest_id=cid, event_id="welder", seed=record.seed, commitment=record.commitment,
                  record=msgspec.json.encode(record).decode(), is_current=True, created_by=ORGANISER.username)  # fmt: skip
    session.add(row)
    await session.flush()
    lines = [{"draw_id": row.id, "contest_id": cid, "event_id": "welder", "competitor_id": ids[a.competitor], "station": a.station,
              "session": a.session, "position": a.position, "blind_code": a.code} for a in record.assignments]  # fmt: skip
    await session.execute(insert(DrawAssignmentRow), lines)
    return [ids[f"B{k:06d}"] for k in range(n)]


async def _field_beyond_one_draw(session, cid: int, n: int, ids: dict[str, int]) -> list[int]:
    """Draw lines for more competitors than one lot draw takes (`contests.draw` refuses past
    100,000; a national round is drawn per region): distinct random blind codes in sessions of
    MAX_STATIONS, written as the draw use-case writes its lines. The ranking reads only these."""
    order = [ids[f"B{k:06d}"] for k in range(n)]
    codes = (np.random.default_rng(n).permutation(n) + 1_000_000).tolist()
    row = DrawRow(contest_id=cid, event_id="welder", seed="0" * 64, commitment="0" * 64, record="{}", is_current=True,
                  created_by=ORGANISER.username)  # fmt: skip
    session.add(row)
    await session.flush()
    lines = [{"draw_id": row.id, "contest_id": cid, "event_id": "welder", "competitor_id": c, "station": str(k % MAX_STATIONS + 1),
              "session": k // MAX_STATIONS + 1, "position": k % MAX_STATIONS + 1, "blind_code": str(code)}
             for k, (c, code) in enumerate(zip(order, codes))]  # fmt: skip
    for i in range(0, n, CHUNK):
        await session.execute(insert(DrawAssignmentRow), lines[i : i + CHUNK])
    return order


def _mark_rows(cid: int, module: str, compiled, tensor: np.ndarray, competitors: list[int], judges: list[int], version: int,
               mask: np.ndarray | None = None) -> list[dict]:  # fmt: skip
    c, a, j = np.nonzero(np.ones(tensor.shape, dtype=bool) if mask is None else mask)
    values = tensor[c, a, j]
    return [{"contest_id": cid, "event_id": "welder", "module_id": module, "competitor_id": competitors[ci], "aspect_id": compiled.aspect_ids[ai],
             "judge_id": judges[ji], "value": float(v), "version": version, "reason": "复核更正" if version > 1 else None,
             "created_by": "bench"} for ci, ai, ji, v in zip(c.tolist(), a.tolist(), j.tolist(), values.tolist())]  # fmt: skip


async def _write_marks(session, rows: list[dict], cid: int) -> None:
    for i in range(0, len(rows), CHUNK):
        await session.execute(insert(MarkRow), rows[i : i + CHUNK])
    audits = [{"actor": "bench", "action": "marks.submit", "entity": "marks", "entity_key": "welder", "contest_id": cid}
              for _ in range(0, len(rows), 500)]  # fmt: skip
    await session.execute(insert(AuditEventRow), audits)


_MARK_COLUMNS = "contest_id, event_id, module_id, competitor_id, aspect_id, judge_id, value, version, reason, created_by, created_at"


async def _write_marks_raw(session, cid: int, module: str, compiled, tensor: np.ndarray, competitors: list[int], judges: list[int],
                           version: int, mask: np.ndarray | None = None) -> None:  # fmt: skip
    """`_mark_rows` + `_write_marks` as plain tuples through the driver's own executemany, a
    chunk of competitors at a time (no dict and no SQLAlchemy processing per row: 300,000
    competitors are 33 million rows): the same rows and audit events."""
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    postgres = session.bind.dialect.name == "postgresql"  # asyncpg: $n placeholders, datetimes as such
    now = datetime.now(UTC)
    at = now if postgres else now.strftime("%Y-%m-%d %H:%M:%S.%f")
    slots = ", ".join(f"${i}" for i in range(1, 12)) if postgres else ", ".join("?" * 11)
    reason = "复核更正" if version > 1 else None
    aspects, people, panel = np.array(compiled.aspect_ids, dtype=object), np.array(competitors), np.array(judges)
    written = 0
    step = max(1, CHUNK * 10 // (tensor.shape[1] * tensor.shape[2]))
    for lo in range(0, len(tensor), step):
        part = np.ones(tensor[lo : lo + step].shape, dtype=bool) if mask is None else mask[lo : lo + step]
        c, a, j = np.nonzero(part)
        values = tensor[lo : lo + step][c, a, j].tolist()
        n = len(values)
        rows = zip([cid] * n, ["welder"] * n, [module] * n, people[lo + c].tolist(), aspects[a].tolist(), panel[j].tolist(), values,
                   [version] * n, [reason] * n, ["bench"] * n, [at] * n)  # fmt: skip
        await raw.executemany(f"INSERT INTO marks ({_MARK_COLUMNS}) VALUES ({slots})", list(rows))
        written += n
    audits = [{"actor": "bench", "action": "marks.submit", "entity": "marks", "entity_key": "welder", "contest_id": cid}
              for _ in range(0, written, 500)]  # fmt: skip
    await session.execute(insert(AuditEventRow), audits)


async def _seed(url: str, n: int) -> tuple[int, dict[str, np.ndarray], list]:
    """(contest id, marks as scored per module, the event's modules) of a seeded database."""
    engine = make_engine(url)
    rng = np.random.default_rng(n)
    try:
        async with session_factory(engine)() as session:
            cid, judges = await _setup(session, n)
            event = decode_contest(EXAMPLE.read_bytes(), "toml").events[0]
            competitors = await _field(session, cid, n)
            truth = {}
            for module in event.modules:
                compiled = compile_scheme(module.scheme)
                panel = [judges[p] for p in (PANEL if module.id == "practical" else ("T1",))]
                if module.id == "theory":
                    first = rng.integers(40, 101, (n, compiled.n_aspects, 1)).astype(float)
                else:
                    first = _marks(n, compiled, len(panel), rng)
                await _write_marks_raw(session, cid, module.id, compiled, first, competitors, panel, 1)
                final = first
                if module.id == "practical":
                    fixed = rng.random(first.shape) < CORRECTED
                    final = np.where(fixed, _marks(n, compiled, len(panel), rng), first)
                    await _write_marks_raw(session, cid, module.id, compiled, final, competitors, panel, 2, fixed)
                truth[module.id] = final
            await session.commit()
            return cid, truth, event
    finally:
        await engine.dispose()


def _expected(event, truth: dict[str, np.ndarray]) -> np.ndarray:
    """(total units, rank) per competitor in registration order, from the engine itself."""
    scorer = EventScorer(list(event.modules), event.rules)
    n = len(next(iter(truth.values())))
    times = {m.id: np.full(n, np.nan) for m in event.modules} | {None: np.full(n, np.nan)}  # no times recorded
    result = scorer.score(truth, times=times)
    return np.stack([result.total_units, result.ranking.rank], axis=1)


def _check(served: dict, expected: np.ndarray, order: list[str]) -> None:
    by_code = {r["blind_code"]: (r["total_units"], r["rank"]) for r in served["rows"]}
    got = np.array([by_code[code] for code in order])
    if not np.array_equal(got, expected):
        raise SystemExit(f"standings disagree with the engine on {int((got != expected).any(axis=1).sum())} competitors")


def _touch(db: Path, cid: int) -> None:
    """A change of the event as the marks endpoint leaves one: a correction of the newest
    practical mark to the same value (its next version, so the results stay those checked)
    and an audit event, in one transaction."""
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO marks (contest_id, event_id, module_id, competitor_id, aspect_id, judge_id, value, version, reason, "
                    "created_by, created_at) SELECT contest_id, event_id, module_id, competitor_id, aspect_id, judge_id, value, "
                    "version + 1, '复核', 'bench', ? FROM marks WHERE id = (SELECT max(id) FROM marks WHERE module_id = 'practical')",
                    (at,))  # fmt: skip
        con.execute("INSERT INTO audit_events (at, actor, action, entity, entity_key, contest_id) "
                    "VALUES (?, 'bench', 'marks.submit', 'marks', 'welder', ?)", (at, cid))  # fmt: skip


def _cpu(pid: int) -> float:
    """Seconds of CPU the server process has used (user + system, all its threads): on a shared
    machine, the per-request cost that other people's load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(http: httpx.Client, path: str, headers: dict, n: int, expect: str, before=None) -> np.ndarray:
    out = np.empty(n)
    for i in range(n):
        if before is not None:
            before()
        t0 = time.perf_counter()
        response = http.get(path, headers=headers)
        out[i] = time.perf_counter() - t0
        if response.status_code != 200 or (expect is not None and response.headers.get("x-standings-cache") != expect):
            raise RuntimeError(f"GET {path}: {response.status_code} cache {response.headers.get('x-standings-cache')} ≠ {expect}")
    return out


def run_size(n: int, requests: int, cache: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="biwu-bench-standings-") as tmp:
        db = Path(tmp) / "bench.db"
        url = f"sqlite+aiosqlite:///{db}"
        upgrade(url)
        s0 = time.perf_counter()
        cid, truth, event = asyncio.run(_seed(url, n))
        seeding = time.perf_counter() - s0
        with sqlite3.connect(db) as con:
            order = [code for (code,) in con.execute(
                "SELECT d.blind_code FROM draw_assignments d JOIN competitors c ON c.id = d.competitor_id WHERE d.contest_id = ? "
                "ORDER BY c.employee_no", (cid,))]  # fmt: skip
        server, base = _start(url, Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=300) as http:
                chief = _login(http, "bench-chief")
                path = f"/contests/{cid}/events/welder/standings"
                t0 = time.perf_counter()
                first = http.get(path, headers=chief)  # the worker's first read of the event: every mark
                cold = time.perf_counter() - t0
                _check(first.json(), _expected(event, truth), order)
                body = len(first.content)
                page = len(http.get(path, params={"offset": 0, "limit": 100}, headers=chief).content)
                health = _latencies(http, "/health", {}, requests * 2)
                c0 = _cpu(server.pid)
                uncached = _timed(http, path, chief, max(5, requests // (10 if n >= 3_000 else 1)), "miss" if cache else None,
                                  lambda: _touch(db, cid))  # fmt: skip
                c1 = _cpu(server.pid)
                cached = _timed(http, path, chief, requests, "hit") if cache else uncached
                cpu = ((c1 - c0) / len(uncached), (_cpu(server.pid) - c1) / len(cached))
                health_after = _latencies(http, "/health", {}, requests * 2)
                _check(http.get(path, headers=chief).json(), _expected(event, truth), order)  # the corrections changed nothing
        finally:
            _stop(server)
    return {"n": n, "seeding": seeding, "body": body, "page": page, "health": np.concatenate([health, health_after]),
            "uncached": uncached, "cached": cached, "cold": cold, "cpu": cpu}  # fmt: skip


def report(r: dict) -> None:
    ms = 1000
    h50 = np.percentile(r["health"], 50)
    u50, u99 = np.percentile(r["uncached"], [50, 99]) * ms
    c50, c99 = np.percentile(r["cached"], [50, 99]) * ms
    health_rps = 1 / np.mean(r["health"])
    cached_rps = 1 / np.mean(r["cached"])
    uncached_rps = 1 / np.mean(r["uncached"])
    print(
        f"standings {r['n']:>7,} competitors × 22 aspects × 5 judges + theory (SQLite, uvicorn 1 worker; seeded in {r['seeding']:.1f} s); "
        f"body {r['body'] / 1024:,.0f} KiB, a page of 100 rows {r['page'] / 1024:,.0f} KiB; totals checked equal to the engine"
    )
    print(f"        first read after start (the worker reads every mark): {r['cold'] * ms:,.0f} ms")
    print(f"        uncached ({len(r['uncached'])} after a change): p50 {u50:.1f} ms, p99 {u99:.1f} ms → {uncached_rps:,.1f} req/s "
          f"= {uncached_rps / health_rps:.1%} of /health; server CPU {r['cpu'][0] * ms:.1f} ms a request")  # fmt: skip
    print(f"        cached   ({len(r['cached'])} unchanged):     p50 {c50:.2f} ms, p99 {c99:.2f} ms → {cached_rps:,.0f} req/s "
          f"= {cached_rps / health_rps:.0%} of /health; server CPU {r['cpu'][1] * ms:.2f} ms a request")  # fmt: skip
    print(f"        /health  p50 {h50 * ms:.2f} ms → {health_rps:,.0f} req/s (sequential, one keep-alive client)")


def cli_startup(repeat: int = 5) -> None:
    """Start-up of `biwu --help` and of the import command's module set: best of `repeat`
    fresh interpreters, with the web stack imported (as before issue 15) and without."""
    root = Path(__file__).resolve().parents[2]
    now = [sys.executable, "-c", "from api.cli import main; main(['--help'], standalone_mode=False)"]
    before = [sys.executable, "-c", "import api.auth, contests.store, scoring.errors; "
              "from api.cli import main; main(['--help'], standalone_mode=False)"]  # fmt: skip
    importing = [sys.executable, "-c", "import api.cli, contests.usecases.setup.people"]

    def best(command: list[str]) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(command, cwd=root, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        return min(times)

    print(f"cli     biwu --help: {best(now) * 1000:.0f} ms; with the web stack imported (before): {best(before) * 1000:.0f} ms; "
          f"biwu import's modules loaded: {best(importing) * 1000:.0f} ms (interpreter start included)")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.standings")
    ap.add_argument("--sizes", default="300,3000,30000", help="competitor counts, comma-separated")
    ap.add_argument("--requests", type=int, default=REQUESTS)
    ap.add_argument("--no-cache", action="store_true", help="a tree without the standings cache (the figures before issue 15)")
    args = ap.parse_args(argv)
    print(f"standings benchmark; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cli_startup()
    for n in (int(s) for s in args.sizes.split(",")):
        report(run_size(n, args.requests, cache=not args.no_cache))
    print(f"        load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
