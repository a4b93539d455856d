"""`make bench`, the service part: the real service over HTTP, measured in one run.

Starts `biwu serve` (uvicorn) as a subprocess on 127.0.0.1 with a temporary SQLite
database holding the welder example (examples/welder.toml) with 300 competitors, a 5-judge
practical panel and a theory judge, seeded through the use-cases. Then, sequentially, from
one keep-alive client (bounded load, loopback only):

- marks accepted per second through the batch endpoint: every judge's marks (13 per
  competitor on the practical sheet, 1 on theory: 19,800 in all) in batches of 500, each
  with an Idempotency-Key; also a few retries answered from their keys;
- p50 / p99 latency of the provisional ranking (GET …/standings: 300 competitors scored
  from the current marks by the engine, rows, awards and titles built and encoded) against
  the trivial GET /health, 200 requests each.

Nothing is asserted about time: it prints figures and ratios.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np

from contests.accounts import Actor
from contests.definition import decode_contest
from contests.people import Judge, Unit
from contests.store import make_engine, session_factory, upgrade
from contests.usecases.accounts.users import add_user
from contests.usecases.setup import judges as judge_uc
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from contests.usecases.setup.draws import run_draw
from tests.factories.draws import seeded_codes

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "welder.toml"
ORGANISER = Actor(username="bench-organiser", role="organiser")
PASSWORD = "bench-password-2026"
COMPETITORS = 300
UNITS = 10
BATCH = 500
REQUESTS = 200
PANEL = ("P1", "P2", "P3", "P4", "P5")
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


# ---------------------------------------------------------------- the contest, through the use-cases


async def _seed(url: str) -> tuple[int, dict[str, str]]:
    """(contest id, employee number → blind code)."""
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            cid = (await create_contest(session, ORGANISER, decode_contest(EXAMPLE.read_bytes(), "toml"))).id
            await people_uc.add_unit(session, ORGANISER, cid, Unit(code="JDZX", name="职业技能鉴定中心"))
            for u in range(1, UNITS + 1):
                await people_uc.add_unit(session, ORGANISER, cid, Unit(code=f"U{u:02d}", name=f"第{u}分公司"))
            rows = "".join(f"B{k:04d},选手{k:04d},U{k % UNITS + 1:02d},,welder\n" for k in range(COMPETITORS))
            sheet = ("工号,姓名,单位,班组/代表队,赛项\n" + rows).encode()
            await people_uc.import_registrations(session, ORGANISER, cid, "competitors", sheet, "csv")
            await add_user(session, "bench-chief", PASSWORD, "chief_judge")
            for code in (*PANEL, "T1"):
                await add_user(session, f"bench-{code.lower()}", PASSWORD, "judge")
                judge = Judge(code=code, name=f"裁判{code}", unit="JDZX")
                await judge_uc.add_judge(session, ORGANISER, cid, judge, username=f"bench-{code.lower()}")
            await judge_uc.set_panel(session, ORGANISER, cid, "welder", "practical", list(PANEL))
            await judge_uc.set_panel(session, ORGANISER, cid, "welder", "theory", ["T1"])
            await run_draw(session, ORGANISER, cid, "welder", seed=20261128)
            return cid, seeded_codes([f"B{k:04d}" for k in range(COMPETITORS)], 20261128)  # the draw's answer is sealed
    finally:
        await engine.dispose()


def _batches(codes: dict[str, str], seed: int = 7) -> list[tuple[str, dict]]:
    """(judge, body) of every judge's marks, in batches of at most BATCH marks."""
    rng = np.random.default_rng(seed)
    out = []
    for judge in (*PANEL, "T1"):
        if judge == "T1":
            cells = [("theory", c, "theory_mark", int(rng.integers(40, 101))) for c in codes.values()]
        else:
            cells = [
                ("practical", c, a, v)
                for c in codes.values()
                for a, v in [*((b, round(float(rng.uniform(0, 3)), 1)) for b in BANDS), *((j, int(rng.integers(0, 4))) for j in JUDGEMENTS)]
            ]
        marks = [{"module_id": m, "blind_code": c, "aspect_id": a, "value": v} for m, c, a, v in cells]
        out += [(judge, {"marks": marks[i : i + BATCH]}) for i in range(0, len(marks), BATCH)]
    return out


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(url: str, log: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = os.environ | {"BIWU_SECRET": secrets.token_urlsafe(48)}
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url]
    command += ["--workers", str(workers)] if workers > 1 else []
    server = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"biwu serve exited with {server.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("biwu serve did not answer /health within 60 s")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


# ---------------------------------------------------------------- measuring


def _latencies(http: httpx.Client, path: str, headers: dict[str, str], n: int) -> np.ndarray:
    out = np.empty(n)
    for i in range(n):
        t0 = time.perf_counter()
        response = http.get(path, headers=headers)
        out[i] = time.perf_counter() - t0
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:500]}")
    return out


def _login(http: httpx.Client, username: str) -> dict[str, str]:
    response = http.post("/auth/token", data={"username": username, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def run(requests: int = REQUESTS) -> dict:
    with tempfile.TemporaryDirectory(prefix="biwu-bench-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        cid, codes = asyncio.run(_seed(url))
        batches = _batches(codes)
        server, base = _start(url, Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=120) as http:
                tokens = {j: _login(http, f"bench-{j.lower()}") for j in (*PANEL, "T1")}
                chief = _login(http, "bench-chief")
                marks_url = f"/contests/{cid}/events/welder/marks"
                keys, batch_times = [], []
                t0 = time.perf_counter()
                for judge, body in batches:
                    key = str(uuid.uuid4())
                    b0 = time.perf_counter()
                    response = http.post(marks_url, json=body, headers=tokens[judge] | {"Idempotency-Key": key})
                    batch_times.append(time.perf_counter() - b0)
                    if response.status_code != 201 or response.json()["created"] != len(body["marks"]):
                        raise RuntimeError(f"batch refused: {response.status_code} {response.text[:500]}")
                    keys.append(key)
                marking = time.perf_counter() - t0
                retries = list(zip(batches, keys))[:: max(1, len(batches) // 10)]
                r0 = time.perf_counter()
                for (judge, body), key in retries:  # lost answers: the same batch, the same key
                    if http.post(marks_url, json=body, headers=tokens[judge] | {"Idempotency-Key": key}).status_code != 201:
                        raise RuntimeError("a retried batch was not answered from its key")
                replay = (time.perf_counter() - r0) / len(retries)
                standings_path = f"/contests/{cid}/events/welder/standings"
                rows = len(http.get(standings_path, headers=chief).json()["rows"])
                health = _latencies(http, "/health", {}, requests)
                standings = _latencies(http, standings_path, chief, requests)
        finally:
            _stop(server)
    return {
        "marks": sum(len(b["marks"]) for _, b in batches), "batches": len(batches), "marking": marking,
        "batch_p50": float(np.percentile(batch_times, 50)), "replay": replay, "rows": rows,
        "health": health, "standings": standings, "requests": requests,
    }  # fmt: skip


def report(r: dict) -> None:
    ms = 1000
    h50, h99 = np.percentile(r["health"], [50, 99]) * ms
    s50, s99 = np.percentile(r["standings"], [50, 99]) * ms
    print(f"service biwu serve (uvicorn, 1 worker) on 127.0.0.1, SQLite; welder event, {COMPETITORS} competitors, 5-judge practical panel")
    print(
        f"        POST …/marks: {r['marks']:,} marks in {r['batches']} batches of ≤{BATCH}, sequential: {r['marking']:.2f} s "
        f"→ {r['marks'] / r['marking']:,.0f} marks/s, {r['batches'] / r['marking']:.1f} batches/s "
        f"(p50 {r['batch_p50'] * ms:.0f} ms per batch); a retried batch answered from its key: {r['replay'] * ms:.1f} ms"
    )
    print(
        f"        GET …/standings ({r['rows']} competitors ranked from the current marks), {r['requests']} sequential: "
        f"p50 {s50:.1f} ms, p99 {s99:.1f} ms"
    )
    print(
        f"        GET /health, {r['requests']} sequential: p50 {h50:.2f} ms, p99 {h99:.2f} ms "
        f"→ ranking = {s50 / h50:.1f}× health at p50, {s99 / h99:.1f}× at p99"
    )


def main() -> None:
    report(run())


if __name__ == "__main__":
    main()
