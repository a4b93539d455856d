"""Errors of the judging day (marks, times, sign-offs, locks, appeals).

`JudgingError` is a RuleError like the others: it carries every `Problem(path, rule)` and
the API answers it as problem+json (409, like a registration refused by its rules).
"""

from __future__ import annotations

from scoring.errors import Problem, RuleError


class JudgingError(RuleError):
    """A judging-day request whose values break their declared bounds (a mark batch, a time
    batch, an appeal): never a registration error, which is the setup context's."""


__all__ = ["JudgingError", "Problem"]
