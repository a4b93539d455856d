"""What every role-matrix table shares: roles, the call context and a case."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from httpx import Response
from litestar.testing import TestClient

from tests.api.conftest import unique

ALL = ("organiser", "chief_judge", "judge", "viewer")  # the contest roles
CAMPAIGN_ROLES = ("employee", "reviewer", "finance")  # five-smalls only: denied on every contest endpoint
EVERY_ROLE = (*ALL, *CAMPAIGN_ROLES)
PUBLIC = ("anonymous", *EVERY_ROLE)
STAFF = ("organiser", "chief_judge")
SETUP = ("organiser",)


@dataclass(frozen=True)
class Ctx:
    client: TestClient
    organiser: dict[str, str]
    cid: int
    role: str

    def key(self, prefix: str) -> str:
        return unique(f"{prefix}-{self.role}")

    def add(self, resource: str, body: dict) -> None:
        response = self.client.post(f"/contests/{self.cid}/{resource}", json=body, headers=self.organiser)
        assert response.status_code == 201, response.text


Call = Callable[[Ctx, dict[str, str], str], Response]


@dataclass(frozen=True)
class Case:
    name: str
    allowed: tuple[str, ...]
    ok: int
    call: Call
    setup: Callable[[Ctx], str] | None = None  # makes the record the call works on; returns its key


def check_case(case: Case, ctx: Ctx, headers: dict[str, dict[str, str]], row_counts, key: str | None = None) -> None:
    """Allowed: the exact success status. Denied: 401 (anonymous) or 403 as problem+json,
    and no row written anywhere. `key`: the record to call on (default: the case's setup)."""
    if key is None:
        key = case.setup(ctx) if case.setup else ""
    before = row_counts()
    response = case.call(ctx, headers[ctx.role], key)
    if ctx.role in case.allowed:
        assert response.status_code == case.ok, response.text
        return
    expected = 401 if ctx.role == "anonymous" else 403
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == expected
    assert row_counts() == before, "a refused request wrote something"


def all_cases() -> list[Case]:
    """CASES of every tests/api/test_roles*.py module: each endpoint family keeps its own table."""
    import tests.api as package

    cases: list[Case] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("test_roles"):
            cases += getattr(importlib.import_module(f"tests.api.{module.name}"), "CASES", [])
    return cases
