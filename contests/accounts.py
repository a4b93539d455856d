"""Accounts (账号), the pure part: who acts (`Actor`), the roles, and the rules for usernames
and passwords. The use-cases that store and check accounts are in `contests.usecases.accounts`.

Usernames are validated strictly because they become JWT subjects and audit actors: 3–64
characters of [A-Za-z0-9_.-].
"""

from __future__ import annotations

import re
from typing import Literal, get_args

import msgspec

from scoring.errors import Problem, RuleError

# contest roles, then the five-smalls roles: an employee (职工) submits and sees their own
# submissions, a reviewer (评审专家) scores the ones assigned, finance (财务) verifies benefits
Role = Literal["organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance"]
ROLES: tuple[str, ...] = get_args(Role)
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,64}")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; bound the work an attacker can ask for


class Actor(msgspec.Struct, frozen=True):
    username: str
    role: Role


class UserError(RuleError):
    """A username, password or role that breaks the account rules (→ 400)."""


def username_problem(username: object) -> str | None:
    if not isinstance(username, str):
        return "must be text"
    if USERNAME_PATTERN.fullmatch(username) is None:
        return "must be 3 to 64 characters of letters, digits, '_', '.' or '-'"
    return None


def account_problems(username: object, password: object, role: object) -> list[Problem]:
    problems = []
    if why := username_problem(username):
        problems.append(Problem("username", why))
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems.append(Problem("password", f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters"))
    if role not in ROLES:
        problems.append(Problem("role", f"must be one of {', '.join(ROLES)}, got {role!r}"))
    return problems


__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "ROLES",
    "USERNAME_PATTERN",
    "Actor",
    "Role",
    "UserError",
    "account_problems",
    "username_problem",
]
