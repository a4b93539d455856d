"""`make bench`, several workers: `biwu serve --workers N` on PostgreSQL at N = 1, 2 and 4,
GET /health and the standings in req/s, p50 and p99, from concurrent clients (issue 15, item 7).

PostgreSQL is started with `.ci/postgres.sh` (Debian's server, as CI does) and a database of
the bench's own is created afresh on it. The welder event (5-judge practical panel marking
all 22 aspects, plus a theory judge) is seeded once with tests/benchmarks/standings.py's
helpers, then each N serves the same database in turn.

Before any timing, at each N: the standings are asked for over fresh connections until every
worker has answered (each worker's first answer is a cache miss of its own, so N misses in
the `X-Standings-Cache` header means N workers answered), every body must be identical but for
`computed_at` (the moment that worker computed them), and the totals and ranks equal `scoring.EventScorer` run on the same marks.

Timed, with C asyncio clients (httpx, one keep-alive connection each), for each N:
- GET /health;
- the standings, cached (an unchanged event: a venue board refreshing);
- the standings, uncached: each client appends an audit event (a change, as every use-case
  leaves one) before each request, so the answer is computed afresh (the share of misses is
  printed).
The clients run in this process on the same 2 cores as the server: the figures are what the
machine does as a whole, not what the workers would do with cores of their own. Nothing here
asserts a time.

    .venv/bin/python -m tests.benchmarks.workers --n 300 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import msgspec
import numpy as np
from sqlalchemy import text

from contests.store import make_engine, upgrade
from tests.benchmarks.service import PASSWORD
from tests.benchmarks.standings import _check, _expected, _seed
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = "postgresql+asyncpg://biwu:biwu@127.0.0.1:5432"
BENCH_DB = "biwu_bench_workers"
CLIENTS = 16
PER_CLIENT = 50  # requests per client and figure


# ---------------------------------------------------------------- PostgreSQL and the data


def _fresh_database() -> str:
    """Start PostgreSQL (.ci/postgres.sh) and create the bench's database afresh; its URL."""
    subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], check=True, capture_output=True)

    async def go() -> None:
        engine = make_engine(f"{SERVER_URL}/biwu_test", isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(f"DROP DATABASE IF EXISTS {BENCH_DB}"))
                await connection.execute(text(f"CREATE DATABASE {BENCH_DB}"))
        finally:
            await engine.dispose()

    asyncio.run(go())
    url = f"{SERVER_URL}/{BENCH_DB}"
    upgrade(url)
    return url


async def _order(url: str, cid: int) -> list[str]:
    """Blind codes in registration order (the order of the engine's expected rows)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT d.blind_code FROM draw_assignments d JOIN competitors c ON c.id = d.competitor_id "
                    "WHERE d.contest_id = :cid AND d.draw_id IN (SELECT id FROM draws WHERE contest_id = :cid AND is_current) "
                    "ORDER BY c.employee_no"
                ),
                {"cid": cid},
            )
            return [code for (code,) in rows]
    finally:
        await engine.dispose()


# ---------------------------------------------------------------- the server


def _serve(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    """`biwu serve --workers N`, returned once every worker has finished its start-up."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BIWU_SECRET"}  # the key stored in the database, as in production
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port), "--db", url]
    server = subprocess.Popen([*command, "--workers", str(workers)], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"biwu serve exited with {server.returncode}: {log.read_text(errors='replace')[-2000:]}")
        if log.read_text(errors="replace").count("Application startup complete.") >= workers:
            return server, f"http://127.0.0.1:{port}"
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"{workers} workers did not start within 180 s")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _login(base: str) -> dict[str, str]:
    response = httpx.post(f"{base}/auth/token", data={"username": "bench-chief", "password": PASSWORD}, timeout=60)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _every_worker_agrees(base: str, path: str, chief: dict, workers: int, expected: np.ndarray, order: list[str]) -> int:
    """Ask over fresh connections until `workers` misses were seen (each worker's first answer
    is its own miss); every body identical and equal to the engine's. Returns the asks."""
    bodies, misses, asked = set(), 0, 0
    while misses < workers:
        asked += 1
        if asked > 200 * workers:
            raise SystemExit(f"only {misses} of {workers} workers answered in {asked - 1} requests")
        with httpx.Client(base_url=base, timeout=120) as fresh:  # a new connection: any worker may accept it
            response = fresh.get(path, headers=chief)
        response.raise_for_status()
        misses += response.headers.get("x-standings-cache") == "miss"
        body = response.json()
        body.pop("computed_at")  # when this worker computed them: each worker stamps its own miss
        if (canonical := msgspec.json.encode(body, order="sorted")) not in bodies:
            bodies.add(canonical)
            _check(body, expected, order)
    if len(bodies) != 1:
        raise SystemExit(f"the workers served {len(bodies)} different standings (computed_at aside)")
    return asked


# ---------------------------------------------------------------- timing


async def _clients(base: str, path: str, headers: dict, clients: int, each: int, before=None) -> tuple[np.ndarray, float, int]:
    """(latencies, wall seconds, misses) of `clients` concurrent clients × `each` requests."""
    latencies: list[float] = []
    misses = 0

    async def one() -> None:
        nonlocal misses
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
            for _ in range(each):
                if before is not None:
                    await before()
                t0 = time.perf_counter()
                response = await http.get(path, headers=headers)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:300]}")
                misses += response.headers.get("x-standings-cache") == "miss"

    t0 = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    return np.array(latencies), time.perf_counter() - t0, misses


async def _measure(base: str, url: str, cid: int, path: str, chief: dict, clients: int, each: int) -> dict:
    engine = make_engine(url)
    touch = text(
        "INSERT INTO audit_events (at, actor, action, entity, entity_key, contest_id) "
        "VALUES (now(), 'bench', 'bench.touch', 'bench', 'touch', :cid)"
    )

    async def change() -> None:  # a committed change of the event, as every use-case leaves one
        async with engine.begin() as connection:
            await connection.execute(touch, {"cid": cid})

    try:
        await _clients(base, "/health", {}, clients, 5)  # connections opened, workers' first requests served
        return {
            "health": await _clients(base, "/health", {}, clients, each),
            "cached": await _clients(base, path, chief, clients, each),
            "uncached": await _clients(base, path, chief, clients, max(2, each // 5), before=change),
        }
    finally:
        await engine.dispose()


def run_workers(url: str, workers: int, cid: int, expected: np.ndarray, order: list[str], clients: int, each: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="biwu-bench-workers-") as tmp:
        server, base = _serve(url, workers, Path(tmp) / "server.log")
        try:
            chief = _login(base)
            path = f"/contests/{cid}/events/welder/standings"
            asked = _every_worker_agrees(base, path, chief, workers, expected, order)
            figures = asyncio.run(_measure(base, url, cid, path, chief, clients, each))
        finally:
            _stop(server)
    return {"workers": workers, "asked": asked} | figures


# ---------------------------------------------------------------- report


def _line(name: str, figure: tuple[np.ndarray, float, int], base_rps: float | None, health_rps: float | None) -> tuple[str, float]:
    latencies, wall, misses = figure
    rps = len(latencies) / wall
    p50, p99 = np.percentile(latencies, [50, 99]) * 1000
    ratio = f", {rps / base_rps:.2f}× 1 worker" if base_rps else ""
    share = f", {rps / health_rps:.0%} of /health" if health_rps else ""
    cache = f" ({misses}/{len(latencies)} misses)" if name.startswith("standings") else ""
    return f"        {name:<19} {rps:>8,.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms{ratio}{share}{cache}", rps


def report(results: list[dict], n: int, clients: int) -> None:
    first: dict[str, float] = {}
    for r in results:
        print(f"workers {r['workers']}: standings of {n:,} competitors identical from every worker "
              f"({r['workers']} answered within {r['asked']} fresh connections) and equal to the engine")  # fmt: skip
        health_rps = None
        for name, key in (("/health", "health"), ("standings cached", "cached"), ("standings uncached", "uncached")):
            line, rps = _line(name, r[key], first.get(key), health_rps)
            health_rps = health_rps or rps
            first.setdefault(key, rps)
            print(line)
    print(f"        ({clients} concurrent keep-alive clients in the bench's own process, on the same machine)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.workers")
    ap.add_argument("--n", type=int, default=300, help="competitors of the welder event")
    ap.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--requests", type=int, default=PER_CLIENT, help="requests per client and figure")
    args = ap.parse_args(argv)
    print(f"workers benchmark (PostgreSQL, {os.cpu_count()} cores); load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    url = _fresh_database()
    s0 = time.perf_counter()
    cid, truth, event = asyncio.run(_seed(url, args.n))
    print(f"        welder event, {args.n:,} competitors × 22 aspects × 5 judges + theory, seeded in {time.perf_counter() - s0:.1f} s")
    expected, order = _expected(event, truth), asyncio.run(_order(url, cid))
    counts = [int(w) for w in args.workers.split(",")]
    results = [run_workers(url, w, cid, expected, order, args.clients, args.requests) for w in counts]
    report(results, args.n, args.clients)
    print(f"        load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
