"""Database fixtures, reusable by any test-suite. The session-scoped one lives in
tests/conftest.py; the DB tests import the others into their conftest:

    from tests.db.fixtures import anyio_backend, database_url, engine, session  # noqa: F401

- `migrated_template` (session): the schema at Alembic's head, migrated once per test run
  (so a migration added since the last run is in it). Running Alembic costs about a second
  per database on SQLite; copying a migrated file costs milliseconds.
- `database_url` (sync, function scope): a migrated, empty database of the test's own.
  Without TEST_DATABASE_URL: a copy of the SQLite template file in tmp_path. With it
  (PostgreSQL): a clone of the run's template database (CREATE DATABASE … TEMPLATE), emptied
  and restarted when the test is done and lent to the next one, so no test sees another's
  rows or ids, and two test runs on one server never meet (tests/db/templates.py).
- `empty_database_url` (function scope): a database with no tables, for the tests of the
  migrations themselves.
- `engine`, `session` (async, need `@pytest.mark.anyio`): an AsyncEngine on that database
  and an AsyncSession from `contests.store.session_factory`.
- `_migrated_external_database` (session): TEST_DATABASE_URL itself reset and migrated, for
  a test that must know its URL before any fixture runs (tests/api/test_schemathesis.py).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from contests.store import make_engine, session_factory, upgrade
from tests.db.templates import PostgresTemplate, SqliteTemplate, Template

ENV = "TEST_DATABASE_URL"


def external_url() -> str | None:
    return os.environ.get(ENV) or None


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    url = external_url()
    template = SqliteTemplate.build(tmp_path_factory.mktemp("template")) if url is None else PostgresTemplate.build(url)
    try:
        yield template
    finally:
        template.close()


@pytest.fixture(scope="session")
def _migrated_external_database() -> str | None:
    url = external_url()
    if url is None:
        return None
    asyncio.run(reset_schema(url))
    upgrade(url)
    return url


@pytest.fixture
def database_url(migrated_template: Template, tmp_path: Path) -> Iterator[str]:
    url = migrated_template.fresh(tmp_path)
    try:
        yield url
    finally:
        migrated_template.release(url)


@pytest.fixture
def empty_database_url(migrated_template: Template, tmp_path: Path) -> Iterator[str]:
    url = migrated_template.empty(tmp_path)
    try:
        yield url
    finally:
        migrated_template.release(url)


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
    """PostgreSQL: every table the migrations made emptied, ids restarted. The tables are
    read from the database, not the models, which may be a migration ahead while one is written."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            names = (await conn.exec_driver_sql(_TABLES)).scalars().all()
            tables = ", ".join(f'"{name}"' for name in names)
            await conn.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"


__all__ = [
    "anyio_backend",
    "database_url",
    "empty_database_url",
    "engine",
    "external_url",
    "migrated_template",
    "reset_schema",
    "session",
    "truncate_all",
]
