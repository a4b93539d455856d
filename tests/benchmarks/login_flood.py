"""`make bench`, the login-flood part: does a flood of wrong passwords stall other requests?

Starts `biwu serve` (uvicorn, one worker; tests/benchmarks/service.py starts it the same way)
on a temporary SQLite database with one judge account, with the login throttles raised out
of the way, so that what is measured is the bounded argon2 pool alone (issue 10, item 7:
16 clients for 20 s made a judge's sheet 50× slower). 16 clients post wrong passwords back
to back for 15 s while one client polls GET /health every 50 ms; then the judge logs in
with the right password. Printed: /health p50 / p99 / max idle and during the flood, the
flood's answers by status, the judge's login time, and the server's RSS before and after.
Nothing is asserted: it reports.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

from contests.store import make_engine, session_factory, upgrade
from contests.usecases.accounts.users import add_user
from tests.benchmarks.service import _start, _stop

PASSWORD = "bench-judge-password-2026"
CLIENTS = 16
SECONDS = 15.0


def _rss_mb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) // 1024


def _ms(values: list[float], q: float) -> float:
    return float(np.quantile(np.array(values), q) * 1000)


async def _flood(base: str) -> tuple[list[float], list[float], dict[int, int], tuple[int, float]]:
    statuses: dict[int, int] = {}
    async with httpx.AsyncClient(base_url=base, timeout=120) as probe:
        idle = []
        for _ in range(50):
            t0 = time.perf_counter()
            await probe.get("/health")
            idle.append(time.perf_counter() - t0)
        stop = time.perf_counter() + SECONDS

        async def attacker() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=120) as http:
                while time.perf_counter() < stop:
                    data = {"username": f"victim{random.randrange(4)}", "password": f"guess-{random.random()}"}
                    status = (await http.post("/auth/token", data=data)).status_code
                    statuses[status] = statuses.get(status, 0) + 1

        async def poll() -> tuple[list[float], tuple[int, float]]:
            during = []
            await asyncio.sleep(1)
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                await probe.get("/health")
                during.append(time.perf_counter() - t0)
                await asyncio.sleep(0.05)
            t0 = time.perf_counter()
            login = await probe.post("/auth/token", data={"username": "bench-judge", "password": PASSWORD})
            return during, (login.status_code, time.perf_counter() - t0)

        *_, (during, login) = await asyncio.gather(*(attacker() for _ in range(CLIENTS)), poll())
    return idle, during, statuses, login


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'flood.db'}"
        upgrade(url)

        async def account() -> None:
            engine = make_engine(url)
            async with session_factory(engine)() as session:
                await add_user(session, "bench-judge", PASSWORD, "judge")
            await engine.dispose()

        asyncio.run(account())
        os.environ.update(BIWU_LOGIN_PER_ADDRESS="1000000", BIWU_LOGIN_FAILURES="1000000")  # measure the hashing bound alone
        server, base = _start(url, Path(tmp) / "serve.log")
        try:
            before = _rss_mb(server.pid)
            idle, during, statuses, (status, took) = asyncio.run(_flood(base))
            after = _rss_mb(server.pid)
        finally:
            _stop(server)
            for name in ("BIWU_LOGIN_PER_ADDRESS", "BIWU_LOGIN_FAILURES"):
                os.environ.pop(name, None)
    print(f"\nlogin flood: {CLIENTS} clients posting wrong passwords for {SECONDS:.0f} s (throttles off: the argon2 bound alone)")
    print(f"  /health idle        p50 {_ms(idle, 0.5):7.1f} ms  p99 {_ms(idle, 0.99):7.1f} ms")
    print(f"  /health in flood    p50 {_ms(during, 0.5):7.1f} ms  p99 {_ms(during, 0.99):7.1f} ms  max {max(during) * 1000:.0f} ms")
    print(f"  flood answers {dict(sorted(statuses.items()))}; the judge's right password: {status} in {took * 1000:.0f} ms")
    print(f"  server RSS {before} → {after} MB")


if __name__ == "__main__":
    main()
