"""Errors raised by the engine: each names the path of the offending field and the rule broken.

Organisers fix definitions from these messages, so a message must point at one place
(`criteria[0].aspects[2].bands`) and say the rule in words, never just "invalid".
"""

from __future__ import annotations

import msgspec


class Problem(msgspec.Struct, frozen=True):
    path: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}: {self.rule}" if self.path else self.rule


class RuleError(ValueError):
    """A definition, policy or input that breaks a declared rule. Carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, rule: str) -> RuleError:
        return cls([Problem(path, rule)])


class SchemeError(RuleError):
    """A marking scheme (or module definition) that cannot be scored."""


class PolicyError(RuleError):
    """A rounding, ranking, award, medal or standardisation policy that contradicts itself."""


class MarksError(RuleError):
    """A marks tensor that does not fit its scheme: shape, range, missing marks, too few to trim."""
