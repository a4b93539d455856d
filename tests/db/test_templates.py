"""The test databases themselves (tests/db/templates.py): every DB test starts on the schema
at Alembic's head with no rows, and no test sees another's rows or ids, on SQLite (a copy of
the template file) and on PostgreSQL (a clone of the template database, emptied and lent
again)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from contests.store import alembic_config, make_engine, session_factory
from tests.db.helpers import counts, welder_contest

pytestmark = pytest.mark.db


def on(url: str, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """`work(session)` on the database at `url`. The template's own calls run event loops of
    their own, so the tests that lend and release databases are plain functions."""

    async def go() -> Any:
        engine = make_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(go())


async def head_of(session) -> str:
    return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()


@pytest.mark.anyio
async def test_a_test_database_is_at_the_newest_migration_and_empty(session):
    assert await head_of(session) == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert set((await counts(session)).values()) == {0}


def test_two_databases_of_one_template_do_not_share_rows(migrated_template, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = migrated_template.fresh(tmp_path / "a"), migrated_template.fresh(tmp_path / "b")
    try:
        assert on(first, welder_contest) == 1
        assert on(second, welder_contest) == 1  # ids of its own, from 1
        assert on(first, counts)["competitors"] == on(second, counts)["competitors"] == 3
    finally:
        migrated_template.release(first)
        migrated_template.release(second)


def test_a_database_given_back_is_lent_again_empty_with_ids_from_1(migrated_template, tmp_path):
    url = migrated_template.fresh(tmp_path)
    try:
        assert on(url, welder_contest) == 1
    finally:
        migrated_template.release(url)
    again = migrated_template.fresh(tmp_path)  # on PostgreSQL: the same clone, emptied
    try:
        assert set(on(again, counts).values()) == {0}
        assert on(again, welder_contest) == 1  # without the restart of the ids: 2
    finally:
        migrated_template.release(again)
