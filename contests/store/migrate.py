"""Applying the Alembic migrations from code: `biwu db upgrade`, `biwu serve` and the tests.

No alembic.ini is needed: the Config is built here, pointing at the migrations shipped
inside this package. The migrations run on a connection we open and hand to env.py
(`config.attributes["connection"]`), so the same code serves the sync and async entry points.

- `upgrade(url)` is synchronous: call it from a CLI or a sync test fixture, never from
  inside a running event loop (it starts its own loop).
- `await upgrade_async(url)` is for code already in an event loop (an app's startup hook).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Connection

from contests.store.database import database_url, make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "head"


def alembic_config(url: str | URL | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        # '%' must be doubled: Config values go through configparser interpolation
        config.set_main_option("sqlalchemy.url", database_url(url).render_as_string(hide_password=False).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | URL, revision: str = HEAD) -> None:
    """Bring the database at `url` to `revision` (default: the newest). Synchronous."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(upgrade_async(url, revision))
        return
    raise RuntimeError("upgrade() was called inside a running event loop: use `await upgrade_async(url)`")


async def upgrade_async(url: str | URL, revision: str = HEAD) -> None:
    """Bring the database at `url` to `revision` (default: the newest), from async code."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, url, revision)
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, url: str | URL, revision: str) -> None:
    command.upgrade(alembic_config(url, connection), revision)


__all__ = ["MIGRATIONS", "alembic_config", "upgrade", "upgrade_async"]
