"""`make bench`, the uploads part: does a large or hostile import stall other requests?

Starts `biwu serve` (uvicorn, one worker) on 127.0.0.1 with a temporary SQLite database
holding the welder example and ten units (tests/benchmarks/service.py starts it the same
way). One thread sends an upload; the main thread polls GET /health from one keep-alive
client, back to back, for as long as the upload runs. Printed: /health p50 / p99 / max while
the service is idle and during each upload, and each upload's time and answer:

- a legal import of 100,000 competitors (CSV UTF-8, 4.5 MB): read and checked in a worker
  process, then written in chunks;
- the XLSX bomb of issue 10: rows of one cell at column XFD, which openpyxl pads to 16,384
  cells each (~450,000 cells in 1.7 KB; refused at its first row);
- a hostile 450,000-row XLSX (2.3 MB), one inline cell a row: read until the row limit,
  then refused.

The same 100,000 competitors are then sent as an import job (`POST …/import-jobs`, 202): the
time is from sending the file until the job reads `done`, with its progress (phase and rows
written) followed every 0.2 s, as a client's bar would.

The goal is /health under 100 ms at p99 during every upload. Nothing is asserted: it reports.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from contests.accounts import Actor
from contests.definition import decode_contest
from contests.people import Unit
from contests.store import make_engine, session_factory, upgrade
from contests.usecases.accounts.users import add_user
from contests.usecases.setup import people as people_uc
from contests.usecases.setup.contests import create_contest
from tests.benchmarks.service import EXAMPLE, _start, _stop

ORGANISER = Actor(username="bench-organiser", role="organiser")
PASSWORD = "bench-uploads-password-2026"
UNITS = 10
ROWS = 100_000
IDLE_REQUESTS = 200


async def _seed(url: str) -> int:
    engine = make_engine(url)
    try:
        async with session_factory(engine)() as session:
            cid = (await create_contest(session, ORGANISER, decode_contest(EXAMPLE.read_bytes(), "toml"))).id
            for u in range(1, UNITS + 1):
                await people_uc.add_unit(session, ORGANISER, cid, Unit(code=f"U{u:02d}", name=f"第{u}分公司"))
            await add_user(session, ORGANISER.username, PASSWORD, "organiser")
            return cid
    finally:
        await engine.dispose()


# ---------------------------------------------------------------- the files


def legal_csv(rows: int = ROWS, prefix: str = "B") -> bytes:
    lines = ["工号,姓名,单位,赛项"] + [f"{prefix}{k:06d},选手{k:06d},U{k % UNITS + 1:02d},welder" for k in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _xlsx(rows) -> bytes:
    from tests.api.test_upload_bounds import workbook  # the hand-written workbooks of the bounds tests

    return workbook(rows)


def far_cells_bomb() -> bytes:
    def cell(r: int, ref: str) -> str:
        return f'<c r="{ref}{r}" t="inlineStr"><is><t>x</t></is></c>'

    return _xlsx([f'<row r="{r}">{cell(r, "XFD")}</row>' for r in range(1, 29)])


def row_bomb(rows: int = 450_000) -> bytes:
    return _xlsx(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, rows + 1))


# ---------------------------------------------------------------- measuring


def _poll_health(http: httpx.Client, while_running: threading.Thread | None, n: int = IDLE_REQUESTS) -> np.ndarray:
    """Back-to-back GET /health: n of them, or as many as fit while the thread runs."""
    out = []
    while (while_running is not None and while_running.is_alive()) or (while_running is None and len(out) < n):
        t0 = time.perf_counter()
        response = http.get("/health")
        out.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise RuntimeError(f"/health: {response.status_code} {response.text[:300]}")
    return np.array(out)


def _during(base: str, auth: dict, cid: int, name: str, data: bytes) -> dict:
    answer: dict = {}

    def send() -> None:
        with httpx.Client(base_url=base, timeout=600) as uploader:
            t0 = time.perf_counter()
            response = uploader.post(
                f"/contests/{cid}/competitors/import", files={"file": (name, data, "application/octet-stream")}, headers=auth
            )
            answer.update(seconds=time.perf_counter() - t0, status=response.status_code, body=response.text[:160])

    thread = threading.Thread(target=send, name=f"upload {name}")
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get("/health")  # the keep-alive connection is open before the upload starts
        thread.start()
        health = _poll_health(http, thread)
    thread.join()
    return answer | {"health": health, "bytes": len(data), "name": name}


def _job(base: str, auth: dict, cid: int, name: str, data: bytes) -> dict:
    """The file as an import job, followed until it ends, while /health is polled."""
    answer: dict = {"progress": []}

    def send_and_follow() -> None:
        with httpx.Client(base_url=base, timeout=600) as client:
            t0 = time.perf_counter()
            started = client.post(f"/contests/{cid}/import-jobs?kind=competitors", files={"file": (name, data, "text/csv")}, headers=auth)
            answer.update(accepted=time.perf_counter() - t0, status=started.status_code, body=started.text[:160])
            while started.status_code == 202:
                job = client.get(started.headers["location"], headers=auth).json()
                answer["progress"].append((round(time.perf_counter() - t0, 2), job["phase"], job["rows_written"]))
                if job["state"] not in ("queued", "running"):
                    answer.update(status=job["status"], body=f"{job['state']} {str(job['report'] or job['errors'])[:120]}")
                    break
                time.sleep(0.2)
            answer["seconds"] = time.perf_counter() - t0

    thread = threading.Thread(target=send_and_follow, name=f"job {name}")
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get("/health")
        thread.start()
        health = _poll_health(http, thread)
    thread.join()
    return answer | {"health": health, "bytes": len(data), "name": f"job {name}"}


def run() -> dict:
    files = [("100000-competitors.csv", legal_csv()), ("far-cells-bomb.xlsx", far_cells_bomb()), ("row-bomb.xlsx", row_bomb())]
    with tempfile.TemporaryDirectory(prefix="biwu-bench-uploads-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        cid = asyncio.run(_seed(url))
        server, base = _start(url, Path(tmp) / "server.log")
        try:
            with httpx.Client(base_url=base, timeout=60) as http:
                token = http.post("/auth/token", data={"username": ORGANISER.username, "password": PASSWORD}).json()["access_token"]
                idle = _poll_health(http, None)
            auth = {"Authorization": f"Bearer {token}"}
            uploads = [_during(base, auth, cid, name, data) for name, data in files]
            uploads.append(_job(base, auth, cid, "100000-competitors-job.csv", legal_csv(prefix="J")))
        finally:
            _stop(server)
    return {"idle": idle, "uploads": uploads}


def _figures(latencies: np.ndarray) -> str:
    p50, p99 = np.percentile(latencies, [50, 99]) * 1000
    return f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies.max() * 1000:.1f} ms ({len(latencies)} requests)"


def report(r: dict) -> None:
    print("uploads biwu serve (uvicorn, 1 worker) on 127.0.0.1, SQLite; GET /health polled back to back during each upload")
    print(f"        idle:                               {_figures(r['idle'])}")
    for u in r["uploads"]:
        outcome = f"{u['status']} {u['body']}" if u["status"] != 201 else f"201 {u['body']}"
        print(f"        during {u['name']:<24} {u['bytes'] / 1e6:5.2f} MB: {_figures(u['health'])}")
        print(f"               answered in {u['seconds']:.2f} s: {outcome}")
        if "accepted" in u:  # a job: accepted at once, then followed to its end
            steps = ", ".join(f"{t} s {phase} {rows:,}" for t, phase, rows in u["progress"])
            print(f"               accepted (202) in {u['accepted']:.2f} s; progress seen: {steps}")


def main() -> None:
    report(run())
    print(f"        load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
