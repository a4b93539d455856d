"""The role matrix of the account endpoints: only the organiser manages accounts; every
signed-in role may change its own password (called with a wrong current password, so the
shared tokens of the matrix stay valid: 409 means the guard let the role through)."""

from __future__ import annotations

import pytest
from httpx import Response

from tests.api.roles import EVERY_ROLE, SETUP, Case, Ctx, check_case

pytestmark = pytest.mark.db

GOOD = "角色矩阵里的口令-2026"


def _account(ctx: Ctx) -> str:
    username = ctx.key("acct")
    body = {"username": username, "role": "viewer", "password": GOOD}
    response = ctx.client.post("/users", json=body, headers=ctx.organiser)
    assert response.status_code == 201, response.text
    return username


def _add(ctx: Ctx, h: dict[str, str], _: str) -> Response:
    return ctx.client.post("/users", json={"username": ctx.key("new"), "role": "judge", "password": GOOD}, headers=h)


def _own_password(ctx: Ctx, h: dict[str, str], _: str) -> Response:
    return ctx.client.put("/auth/password", json={"current_password": "not-the-current-one", "new_password": GOOD}, headers=h)


CASES = [
    Case("GET /users", SETUP, 200, lambda c, h, _: c.client.get("/users", headers=h)),
    Case("POST /users", SETUP, 201, _add),
    Case("POST /users/{username}/disable", SETUP, 200, lambda c, h, k: c.client.post(f"/users/{k}/disable", headers=h), _account),
    Case("POST /users/{username}/enable", SETUP, 200, lambda c, h, k: c.client.post(f"/users/{k}/enable", headers=h), _account),
    Case(
        "PUT /users/{username}/password",
        SETUP,
        200,
        lambda c, h, k: c.client.put(f"/users/{k}/password", json={"password": "重置的口令-2026-x"}, headers=h),
        _account,
    ),
    Case("PUT /auth/password", EVERY_ROLE, 409, _own_password),
]
ROLES = ("anonymous", *EVERY_ROLE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_account_role_matrix(case: Case, role: str, client, headers, contest_id, row_counts):
    check_case(case, Ctx(client, headers["organiser"], contest_id, role), headers, row_counts)
