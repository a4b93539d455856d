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
DRAW_READERS = ("organiser", "chief_judge", "judge")


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


def all_cases() -> list[Case]:
    """CASES of every tests/api/test_roles*.py module: each endpoint family keeps its own table."""
    import tests.api as package

    cases: list[Case] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("test_roles"):
            cases += getattr(importlib.import_module(f"tests.api.{module.name}"), "CASES", [])
    return cases
