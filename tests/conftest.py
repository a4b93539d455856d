"""Fixtures every test-suite shares. The session-scoped databases live here, once, so the
DB tests and the API tests use one template per run (tests/db/fixtures.py explains them)."""

from tests.db.fixtures import _migrated_external_database, migrated_template  # noqa: F401
