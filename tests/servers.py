"""A real `biwu serve` process on a free loopback port, for the browser tests.

The browser tests drive Chromium against a real server (not the in-process test client), so
they see what a venue's tablet sees: headers, static files, cookies and the event loop of
uvicorn. Started, waited for and stopped the same way everywhere.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")
# a wide start window: on a loaded machine (CI's two cores) migrating and starting took over 30 s once
START_SECONDS = 120


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


def bearer(base: str, username: str, password: str) -> dict[str, str]:
    """The Authorization header of a login on a served biwu (the API beside the screens)."""
    answer = httpx.post(f"{base}/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def api_json(base: str, username: str, password: str, path: str) -> dict:
    """GET `path` as that login and return its JSON: how a browser test checks what a screen
    did against the API's own view of it."""
    answer = httpx.get(f"{base}{path}", headers=bearer(base, username, password))
    assert answer.status_code == 200, answer.text
    return answer.json()


@contextmanager
def biwu_served(database_url: str, where: Path, secret: str, start_seconds: float = START_SECONDS) -> Iterator[str]:
    """`biwu serve` on `database_url` at a free loopback port; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with served([*command, "--db", database_url], os.environ | {"BIWU_SECRET": secret}, where, port, start_seconds) as base:
        yield base


@contextmanager
def site_served(tmp_path_factory, template, name: str, prepare: Callable[[str], T], secret: str) -> Iterator[tuple[str, T]]:
    """A fresh database from the migrated template, filled by `prepare(url)` and served by `biwu
    serve`; yields (base URL, what `prepare` returned). `prepare` runs in a thread of its own:
    Playwright's sync API keeps an event loop running in the test's thread, so an `asyncio.run`
    set-up there would fail."""
    url = template.fresh(tmp_path_factory.mktemp(f"{name}-browser"))
    try:
        with ThreadPoolExecutor(1) as worker:
            prepared = worker.submit(prepare, url).result()
        with biwu_served(url, tmp_path_factory.mktemp(f"{name}-server"), secret) as base:
            yield base, prepared
    finally:
        template.release(url)
