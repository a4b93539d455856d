"""Following an import job over HTTP until it ends (the job runs in the test client's event loop)."""

from __future__ import annotations

import time

from litestar.testing import TestClient

WAIT = 60.0  # seconds: a bound for a stuck job, not a timing assertion


def finished(client: TestClient, location: str, headers: dict[str, str]) -> dict:
    """The job's last answer, once it is no longer queued or running."""
    deadline = time.monotonic() + WAIT
    while True:
        answer = client.get(location, headers=headers)
        assert answer.status_code == 200, answer.text
        job = answer.json()
        if job["state"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, f"the job did not end: {job}"
        time.sleep(0.02)
