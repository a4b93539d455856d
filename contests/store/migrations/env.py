"""Alembic environment for biwu (async engines; batch mode on SQLite).

Run through `contests.store.upgrade(url)`, which hands a live connection in
`config.attributes["connection"]`. Without one (e.g. `alembic -x` use by a developer with
a config of their own) an async engine is made from `sqlalchemy.url`.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from contests.store.database import DEFAULT_URL, make_engine
from contests.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        render_as_batch=True,
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url") or DEFAULT_URL, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or DEFAULT_URL)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_offline()
elif (shared := config.attributes.get("connection")) is not None:
    run_on(shared)
else:
    asyncio.run(run_async())
