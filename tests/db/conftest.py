"""Fixtures of the DB-backed tests: see tests/db/fixtures.py (reusable by the API tests)."""

from tests.db.fixtures import _migrated_external_database, anyio_backend, database_url, engine, session  # noqa: F401
