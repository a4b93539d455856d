"""Errors of the use-cases beyond the domain's own (contests.errors): a missing record and a
rule conflict with the stored state. Both are RuleErrors carrying `Problem(path, rule)`s, so
the API answers them as problem+json: NotFound → 404, Conflict → 409 (other RuleErrors → 400).
"""

from __future__ import annotations

from scoring.errors import Problem, RuleError


class NotFound(RuleError):
    """The contest, version, unit, team, competitor, judge, event, module or draw named
    does not exist."""


class Conflict(RuleError):
    """Well-formed input that conflicts with what is stored: a duplicate key, a record still
    referenced, a scheme change after marking, a redraw after marking."""


__all__ = ["Conflict", "NotFound", "Problem", "RuleError"]
