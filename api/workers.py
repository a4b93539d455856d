"""The app of one worker of `biwu serve --workers N` (N > 1).

uvicorn starts each worker as a fresh process (multiprocessing's spawn) and builds the app
there from an import string, so the worker gets no Python object from `biwu serve`: what it
needs comes through the environment, which a spawned process inherits.

- BIWU_DATABASE_URL: the one database every worker shares.
- BIWU_SECRET: the token-signing key. `biwu serve` puts the key stored in the database there
  (when the operator set none) before it starts the workers, so every worker signs and
  checks with the same key, and so does a worker that uvicorn restarts after a crash. Were
  each worker to read the stored key itself, a worker restarted after `biwu db rotate-key`
  would hold the new key while its siblings held the old one, and a judge's token would
  work on one request and fail on the next.

Nothing a request changes is kept in a worker's memory (docs/DEPLOYMENT.md lists each piece
of per-process state and why it cannot contradict another worker). The demo data is seeded
once by `biwu serve` before the workers start, never by each worker at once.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar

URL_ENV = "BIWU_DATABASE_URL"
SECRET_ENV = "BIWU_SECRET"
TARGET = "api.workers:worker_app"  # uvicorn's import string (with factory=True)


def worker_app() -> Litestar:
    """Build one worker's app: JSON logging, the scoring kernel loaded before the worker
    accepts a connection (uvicorn calls this before it serves), then the app itself."""
    from api.app import create_app
    from api.logging import install_json_handler
    from scoring.cell_kernel import warm

    install_json_handler()
    warm()  # from the on-disk cache `biwu serve` filled: the first standings don't stall this worker's loop
    return create_app(os.environ[URL_ENV], secret=os.environ[SECRET_ENV])


__all__ = ["SECRET_ENV", "TARGET", "URL_ENV", "worker_app"]
