"""Roles of the honours lists on paper (issue 14) in the role matrix of tests/api/roles.py:
the organiser prints the 公示 list and the final list, as the organiser alone reads their
JSON (GET /honours/{id}/notice and /final); every other role is refused, anonymous with 401.
The rounds are those of tests/api/test_roles_honours.py, one per stage, shared by the reads."""

from __future__ import annotations

import pytest

from tests.api.roles import EVERY_ROLE, Case, Ctx, check_case
from tests.api.test_roles_honours import ORG, get, reviewer, shared  # noqa: F401 (reviewer: their fixture, resetting the shared rounds)
from tests.paper import poppler

pytestmark = [pytest.mark.db, poppler.needs_poppler]

CASES = [
    Case("GET honours paper notice.pdf", ORG, 200, get("/honours/{key}/paper/notice.pdf"), shared("posted")),
    Case("GET honours paper final.pdf", ORG, 200, get("/honours/{key}/paper/final.pdf"), shared("final")),
]


@pytest.mark.usefixtures("reviewer")
@pytest.mark.parametrize("role", ("anonymous", *EVERY_ROLE))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_honours_paper_role_matrix(case: Case, role: str, client, headers, row_counts):
    check_case(case, Ctx(client, headers["organiser"], 0, role), headers, row_counts)
