"""Template databases: the schema migrated once per test run, then a copy per test.

SQLite: Alembic runs once into a template file; each test gets `shutil.copyfile` of it.
Before any copy the write-ahead log is checkpointed into the main file and removed, so the
one file holds the whole database; it stays in WAL mode, as a migrated database is (a copy
switched to WAL by its first connection would need a lock that racing connections hold).

PostgreSQL: one template database per test run, named after the process id, so two runs on
one server never meet. A test borrows a clone of it (`CREATE DATABASE … TEMPLATE` the
first time); the clone comes back emptied, rows deleted and sequences restarted, and is
lent to the next test. A run killed before its teardown leaves its databases behind: the
next run drops those of processes that are gone.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import sqlite3
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import URL, make_url

from contests.store import make_engine, upgrade


class Template(Protocol):
    def fresh(self, where: Path) -> str:
        """The URL of a new migrated, empty database (files go in `where`)."""
        ...

    def empty(self, where: Path) -> str:
        """The URL of a new database with no tables at all."""
        ...

    def release(self, url: str) -> None:
        """Done with a database from `fresh` or `empty`."""
        ...

    def close(self) -> None: ...


class SqliteTemplate:
    NAME = "biwu.db"

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def build(cls, directory: Path) -> SqliteTemplate:
        path = directory / "template.db"
        upgrade(f"sqlite+aiosqlite:///{path}")  # disposes its engine: no connection stays open
        connection = sqlite3.connect(path)
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()  # the last connection: SQLite deletes the emptied log
        if busy or Path(f"{path}-wal").exists():
            raise RuntimeError(f"the SQLite template {path} still has a write-ahead log: a copy of the file alone would miss it")
        return cls(path)

    def fresh(self, where: Path) -> str:
        target = where / self.NAME
        shutil.copyfile(self.path, target)
        return f"sqlite+aiosqlite:///{target}"

    def empty(self, where: Path) -> str:
        return f"sqlite+aiosqlite:///{where / 'empty.db'}"  # another name: a test may hold both kinds

    def release(self, url: str) -> None:
        """Nothing to do: the file is in the test's tmp_path."""

    def close(self) -> None:
        """Nothing to do: the file is in pytest's temporary directory."""


class PostgresTemplate:
    """Clones of one template database, each reused by test after test: a clone that comes
    back is emptied (every row deleted, every sequence restarted, which takes milliseconds
    where TRUNCATE or CREATE DATABASE take hundreds on a server that fsyncs) and lent again.
    A clone that cannot be emptied (a test broke its schema) is dropped instead. Tests that
    change the schema on purpose (the migration tests) take an `empty` database of their own."""

    def __init__(self, base: URL) -> None:
        self.base = base  # TEST_DATABASE_URL: where the administrative statements run
        self.prefix = f"{base.database}_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._numbers = itertools.count(1)
        self._idle: list[str] = []  # emptied clones, ready to lend
        self._clones: set[str] = set()  # every clone lent or idle
        self._emptying = ""  # the statement that empties a clone (built from the template's catalog)

    @classmethod
    def build(cls, url: str) -> PostgresTemplate:
        self = cls(make_url(url))
        self._admin(*_dropping(*self._abandoned()))
        self._admin(*_dropping(self.template), f'CREATE DATABASE "{self.template}"')
        upgrade(self._url(self.template))  # disposes its engine: CREATE … TEMPLATE needs no one connected
        self._emptying = asyncio.run(_emptying_statement(make_url(self._url(self.template))))
        return self

    def fresh(self, where: Path) -> str:
        if self._idle:
            return self._url(self._idle.pop())
        name = f"{self.prefix}_{next(self._numbers)}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self._clones.add(name)
        return self._url(name)

    def empty(self, where: Path) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def release(self, url: str) -> None:
        name = make_url(url).database
        if name in self._clones:
            try:
                asyncio.run(_autocommit(make_url(url), (_DISCONNECT_OTHERS, self._emptying)))
            except Exception:  # e.g. a test changed the schema: that clone is not lent again
                self._clones.discard(name)
            else:
                self._idle.append(name)
                return
        self._admin(*_dropping(name))  # a test that leaked a connection must not fail the next one

    def close(self) -> None:
        names = [*self._clones, self.template]
        self._admin(*_dropping(*names))

    def _url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def _abandoned(self) -> list[str]:
        """Databases of earlier runs whose process is gone (or had this process's id)."""
        pattern = re.compile(rf"{re.escape(self.base.database)}_t(\d+)_\w+")
        names = self._admin("SELECT datname FROM pg_database")
        return [n for n in names if (m := pattern.fullmatch(n)) and (int(m.group(1)) == os.getpid() or not _alive(int(m.group(1))))]

    def _admin(self, *statements: str) -> list[str]:
        """Run `statements` outside a transaction (CREATE/DROP DATABASE need that); the
        first column of the last one's rows."""
        return asyncio.run(_autocommit(self.base, statements))


# a connection the last test leaked could hold a lock the DELETEs would wait for. Only our own
# client connections: an autovacuum worker on the clone belongs to no login role, and
# terminating it needs superuser ("must be a member of the role whose process is being
# terminated"), which failed a test's set-up whenever autovacuum happened to visit.
_DISCONNECT_OTHERS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND usename = current_user AND backend_type = 'client backend'"
)


def _dropping(*names: str) -> list[str]:
    """Statements that drop `names` even with our own leaked connections on them. Not `WITH
    (FORCE)`: that terminates every backend on the database, an autovacuum worker included,
    which needs superuser and failed a teardown whenever autovacuum happened to visit. A plain
    DROP DATABASE stops autovacuum workers itself and waits a few seconds for the client
    backends terminated just before it to exit."""
    statements = []
    for name in names:
        statements.append(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
            f"'{name}' AND pid <> pg_backend_pid() AND usename = current_user AND backend_type = 'client backend'"
        )
        statements.append(f'DROP DATABASE IF EXISTS "{name}"')
    return statements


_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
_FOREIGN_KEYS = (
    "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
    "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
)
TRIGGER_WRITTEN = ("field_stamps",)
_SEQUENCES = "SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = 'public'"


async def _emptying_statement(url: URL) -> str:
    """One DO block that deletes every row, referencing tables before the tables they
    reference, and restarts every sequence (ids start at 1 again, as in a new database)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            tables = (await conn.exec_driver_sql(_TABLES)).scalars().all()
            references = (await conn.exec_driver_sql(_FOREIGN_KEYS)).all()
            sequences = (await conn.exec_driver_sql(_SEQUENCES)).all()
    finally:
        await engine.dispose()
    order = TopologicalSorter({table: set() for table in tables})
    for referencing, referenced in references:
        if referencing != referenced:
            order.add(referenced.strip('"'), referencing.strip('"'))  # the referencing rows go first
    try:
        deletes = " ".join(f'DELETE FROM "{table}";' for table in order.static_order())
    except CycleError:  # tables that reference each other: TRUNCATE takes them all at once (slower)
        deletes = "TRUNCATE TABLE " + ", ".join(f'"{table}"' for table in tables) + " CASCADE;"
    # tables that triggers write while the others are emptied (migration 0020: deleting
    # competitors, units, teams or draws bumps their contest's field stamp) are emptied again last
    deletes += " " + " ".join(f'DELETE FROM "{table}";' for table in TRIGGER_WRITTEN if table in tables)
    restarts = " ".join(f"PERFORM setval('\"{name}\"', {start}, false);" for name, start in sequences)
    return f"DO $$ BEGIN {deletes} {restarts} END $$"


async def _autocommit(url: URL, statements: tuple[str, ...]) -> list[str]:
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    rows: list[str] = []
    try:
        async with engine.connect() as conn:
            for statement in statements:
                result = await conn.exec_driver_sql(statement)
                rows = [row[0] for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()
    return rows


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = ["PostgresTemplate", "SqliteTemplate", "Template"]
