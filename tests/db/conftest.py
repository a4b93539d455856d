"""Fixtures of the DB-backed tests: see tests/db/fixtures.py (reusable by the API tests).
The session-scoped template is in tests/conftest.py, shared with the API tests."""

from tests.db.fixtures import anyio_backend, database_url, empty_database_url, engine, session  # noqa: F401
