"""Errors raised by the contests library.

All are `scoring.errors.RuleError` subclasses carrying every `Problem(path, rule)` found,
so the API maps the whole family to one problem+json shape (4xx, never 500).
"""

from __future__ import annotations

from scoring.errors import Problem, RuleError

__all__ = ["DefinitionError", "DrawError", "ImportRejected", "Problem", "RegistrationError", "RuleError"]


class DefinitionError(RuleError):
    """A contest definition (file or body) that is malformed or breaks a rule."""


class RegistrationError(RuleError):
    """Units, teams, competitors, judges or panels that contradict each other or the contest."""


class ImportRejected(RuleError):
    """A bulk import refused as a whole; `problems` names every bad line and why."""


class DrawError(RuleError):
    """A lot draw that cannot be made (no competitors, duplicate ids, bad stations or seed)."""
