"""Database fixtures, reusable by any test-suite (API tests import them into their conftest):

    from tests.db.fixtures import anyio_backend, database_url, engine, session  # noqa: F401

- `database_url` (sync, function scope): a migrated, empty database. Without
  TEST_DATABASE_URL: a fresh SQLite file in tmp_path for every test. With it (PostgreSQL):
  the public schema is dropped, recreated and migrated once per session, and every table
  is truncated (identities restarted) before each test.
- `engine`, `session` (async, need `@pytest.mark.anyio`): an AsyncEngine on that database
  and an AsyncSession from `contests.store.session_factory`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from contests.store import make_engine, session_factory, upgrade
from contests.store.models import Base

ENV = "TEST_DATABASE_URL"


def external_url() -> str | None:
    return os.environ.get(ENV) or None


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def _migrated_external_database() -> str | None:
    url = external_url()
    if url is None:
        return None
    asyncio.run(reset_schema(url))
    upgrade(url)
    return url


@pytest.fixture
def database_url(tmp_path, request) -> str:
    url = external_url()
    if url is None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'biwu.db'}"
        upgrade(url)
        return url
    request.getfixturevalue("_migrated_external_database")
    asyncio.run(truncate_all(url))
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with session_factory(engine)() as session:
        yield session


async def reset_schema(url: str) -> None:
    """PostgreSQL: an empty public schema (tables, sequences, alembic_version all gone)."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def truncate_all(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


__all__ = ["anyio_backend", "database_url", "engine", "external_url", "reset_schema", "session", "truncate_all"]
