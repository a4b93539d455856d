"""A real `biwu serve` process on a free loopback port, for the browser tests.

The browser tests drive Chromium against a real server (not the in-process test client), so
they see what a venue's tablet sees: headers, static files, cookies and the event loop of
uvicorn. Started, waited for and stopped the same way everywhere.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"biwu serve exited with {server.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"biwu serve did not answer /health within {seconds:g} s")


@contextmanager
def served(command: list[str], env: Mapping[str, str], where: Path, port: int, start_seconds: float = 30) -> Iterator[str]:
    """Run `command` (a `biwu serve … --port port`) in `where`, yield its base URL once /health
    answers (within `start_seconds`), then stop it."""
    with (where / "server.log").open("wb") as log:
        server = subprocess.Popen(command, env=dict(env), stdout=log, stderr=subprocess.STDOUT, cwd=where)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server, where / "server.log", start_seconds)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
