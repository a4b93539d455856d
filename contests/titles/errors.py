"""Errors of the shared award history (荣誉记录).

A `TitleHistoryError` is a `scoring.errors.RuleError` carrying every `Problem(path, rule)`
found, so the API answers it with the same problem+json shape as every other rule (409 for
a well-formed record that breaks a rule, e.g. revoking a title twice).
"""

from __future__ import annotations

from scoring.errors import Problem, RuleError

__all__ = ["Problem", "TitleHistoryError"]


class TitleHistoryError(RuleError):
    """An award, accident or revocation that cannot enter the history as given."""
