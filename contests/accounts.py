"""Accounts (账号), the pure part: who acts (`Actor`), the roles, and the rules for usernames
and passwords. The use-cases that store and check accounts are in `contests.usecases.accounts`.

Usernames are validated strictly because they become JWT subjects and audit actors: 3–64
characters of [A-Za-z0-9_.-].

Passwords: every stored account has 8 to 1,024 characters (the floor; argon2 hashes any
length, the bound caps the work an attacker can ask for). A password that a person chooses
over HTTP or the CLI (`biwu user add/passwd`, a change or a reset) must also pass the
password policy: at least 10 characters, not one of the common passwords shipped in
`common_passwords.txt` (compared in lower case), not the username, not one character repeated.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import msgspec

from scoring.errors import Problem, RuleError

# contest roles, then the five-smalls roles: an employee (职工) submits and sees their own
# submissions, a reviewer (评审专家) scores the ones assigned, finance (财务) verifies benefits
Role = Literal["organiser", "chief_judge", "judge", "viewer", "employee", "reviewer", "finance"]
ROLES: tuple[str, ...] = get_args(Role)
SEAT_ROLES = ("judge", "chief_judge")  # the logins that may hold a judge seat: they mark
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,64}")
MIN_PASSWORD = 8  # the floor of every stored account
MAX_PASSWORD = 1024  # argon2 hashes any length; bound the work an attacker can ask for
POLICY_MIN_PASSWORD = 10  # a password a person chooses (HTTP, CLI)
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


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


def account_problems(username: object, password: object, role: object, *, policy: bool = False) -> list[Problem]:
    """The problems of a new account; `policy`: the password is chosen by a person (HTTP, CLI)."""
    problems = []
    if why := username_problem(username):
        problems.append(Problem("username", why))
    if why := password_problem(password, username if isinstance(username, str) else "", policy=policy):
        problems.append(Problem("password", why))
    if role not in ROLES:
        problems.append(Problem("role", f"must be one of {', '.join(ROLES)}, got {role!r}"))
    return problems


def password_problem(password: object, username: str = "", *, policy: bool = True) -> str | None:
    """Why this password is refused, in words; None if it is accepted. The floor first (every
    stored account), then, with `policy`, the password policy of the module docstring."""
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        return f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters"
    if not policy:
        return None
    folded = password.lower()
    if len(password) < POLICY_MIN_PASSWORD:
        return f"must be at least {POLICY_MIN_PASSWORD} characters (password policy)"
    if folded in common_passwords():
        return "is one of the most common passwords: choose another"
    if username and folded == username.lower():
        return "must not be the username"
    if len(set(password)) == 1:
        return "must not be one character repeated"
    return None


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


__all__ = [
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "POLICY_MIN_PASSWORD",
    "ROLES",
    "SEAT_ROLES",
    "USERNAME_PATTERN",
    "Actor",
    "Role",
    "UserError",
    "account_problems",
    "common_passwords",
    "password_problem",
    "username_problem",
]
