"""The Alembic migrations build exactly the schema the models declare, on both databases,
and the engine sets SQLite's pragmas on every connection."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from contests.store import alembic_config, is_sqlite, make_engine, upgrade, upgrade_async
from contests.store.models import Base

pytestmark = [pytest.mark.db, pytest.mark.anyio]


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    """These tests test the migrations themselves: Alembic runs here on an empty database,
    not the copy of the run's template that every other DB test gets."""
    upgrade(empty_database_url)
    return empty_database_url


def _diffs(sync_connection) -> list:
    context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrated_schema_equals_the_models(engine):
    async with engine.connect() as conn:
        assert await conn.run_sync(_diffs) == []


async def test_every_table_and_the_alembic_version_exist(engine):
    async with engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        head = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert head == "0020"  # the newest migration (0020: field stamps for the field held per worker)


async def test_upgrade_is_idempotent_and_downgrade_undoes_it(database_url, engine):
    await upgrade_async(database_url)  # already at head: nothing to do
    async with engine.begin() as conn:
        await conn.run_sync(lambda c: command.downgrade(alembic_config(database_url, c), "base"))
    async with engine.connect() as conn:
        assert set(await conn.run_sync(lambda c: inspect(c).get_table_names())) <= {"alembic_version"}
    await upgrade_async(database_url)
    async with engine.connect() as conn:
        assert await conn.run_sync(_diffs) == []


async def test_sync_upgrade_refuses_to_run_inside_an_event_loop(database_url):
    with pytest.raises(RuntimeError, match="upgrade_async"):
        upgrade(database_url)


async def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(database_url):
    if not is_sqlite(database_url):
        pytest.skip("SQLite pragmas")
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            pragmas = {
                p: (await conn.exec_driver_sql(f"PRAGMA {p}")).scalar_one() for p in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        await engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def test_plain_urls_get_the_async_drivers():
    from contests.store import database_url as normalise

    assert normalise("sqlite:///x.db").drivername == "sqlite+aiosqlite"
    assert normalise("postgresql://u:p@h/db").drivername == "postgresql+asyncpg"
    with pytest.raises(ValueError, match="unsupported"):
        normalise("mysql://u:p@h/db")
