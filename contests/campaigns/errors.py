"""Errors of five-smalls campaigns (五小 / 合理化建议).

All are `scoring.errors.RuleError` subclasses carrying every `Problem(path, rule)` found, so
the API answers the whole family with one problem+json shape. Suggested statuses:
`TransitionConflict` → 409, `TransitionForbidden` → 403, the others → 400 / 422.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.errors import Problem, RuleError

__all__ = [
    "AwardError",
    "BudgetExceeded",
    "CampaignError",
    "Problem",
    "ReviewError",
    "RuleError",
    "SubmissionError",
    "TransitionConflict",
    "TransitionForbidden",
    "TransitionPayloadError",
]


class CampaignError(RuleError):
    """A campaign definition (rubric, grade rules, reward table, budget) that breaks a rule."""


class SubmissionError(RuleError):
    """A submission that is malformed or does not fit its campaign (shares, category, money)."""


class TransitionConflict(RuleError):
    """An action the workflow does not allow from the submission's current state (→ 409).

    `state` is the current state and `allowed` the actions the table allows from it, so the
    client can say what would have been possible."""

    def __init__(self, state: str, action: str, allowed: Sequence[str]):
        self.state, self.action, self.allowed = state, action, tuple(allowed)
        listed = ", ".join(self.allowed) or "none (final state)"
        super().__init__(Problem("action", f"{action!r} is not allowed in state {state!r}; allowed: {listed}"))


class TransitionForbidden(RuleError):
    """An allowed action attempted by a role that may not take it (→ 403)."""

    def __init__(self, state: str, action: str, role: str, roles: Sequence[str]):
        self.state, self.action, self.role, self.roles = state, action, role, tuple(roles)
        super().__init__(Problem("actor_role", f"{action!r} in state {state!r} needs role {' or '.join(roles)}, not {role!r}"))


class TransitionPayloadError(RuleError):
    """An allowed action whose payload lacks a required field or carries one it does not take."""


class ReviewError(RuleError):
    """Reviewer assignments or rubric scores that break a rule (conflict, unassigned, unknown)."""


class AwardError(RuleError):
    """Grades or rewards that cannot be computed as declared."""


class BudgetExceeded(AwardError):
    """Rewards exceed the budget pool and the campaign's rule is "refuse"."""
