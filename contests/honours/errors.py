"""Errors of honours rounds (评比表彰).

All are `scoring.errors.RuleError` subclasses carrying every `Problem(path, rule)` found, so
the API answers the family with one problem+json shape. Suggested statuses: a definition
error → 400/422 on decode, the others → 409 (well-formed input that breaks a rule), except
`TransitionForbidden` → 403.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.errors import Problem, RuleError

__all__ = [
    "HonoursError",
    "NominationRefused",
    "NoticeError",
    "Problem",
    "QuotaError",
    "RoundError",
    "TransitionConflict",
    "TransitionForbidden",
    "VoteError",
]


class HonoursError(RuleError):
    """Any refusal of the honours domain."""


class RoundError(HonoursError):
    """A round definition (titles, units, committee, rules) that breaks a rule."""


class QuotaError(HonoursError):
    """An allocation that cannot be made as declared (a minimum the quota cannot cover…)."""


class NominationRefused(HonoursError):
    """A nomination over the unit's quota, of an ineligible nominee, or otherwise invalid;
    each problem names the rule (`over_quota`, `cooldown`, `min_tenure`…)."""


class VoteError(HonoursError):
    """Ballots that do not fit the committee, the nominees or the recusals."""


class NoticeError(HonoursError):
    """A 公示 step out of order: an objection outside the period, a final list too early…"""


class TransitionConflict(HonoursError):
    """An action the nomination table does not allow from the current state (→ 409)."""

    def __init__(self, state: str, action: str, allowed: Sequence[str]):
        self.state, self.action, self.allowed = state, action, tuple(allowed)
        listed = ", ".join(self.allowed) or "none (final state)"
        super().__init__(Problem("action", f"{action!r} is not allowed in state {state!r}; allowed: {listed}"))


class TransitionForbidden(HonoursError):
    """An allowed action attempted by a role that may not take it (→ 403)."""

    def __init__(self, state: str, action: str, role: str, roles: Sequence[str]):
        self.state, self.action, self.role, self.roles = state, action, role, tuple(roles)
        super().__init__(Problem("actor_role", f"{action!r} in state {state!r} needs role {' or '.join(roles)}, not {role!r}"))
