"""Bounded field types shared by contest definitions and registrations.

Every string and integer that can arrive in a file or an API body is bounded here once, so
the schema (and OpenAPI) states the rule and msgspec enforces it at decode time. Patterns
end with `(?![\\s\\S])` instead of `$`: Python's `$` also matches before a final newline, so
"张三\\n" would pass; the lookahead means "end of string" in both Python and ECMA regex.

Names keep what the organiser typed (CJK, emoji, apostrophes, SQL metacharacters) verbatim;
they refuse control characters and leading/trailing or only whitespace, instead of
stripping them silently.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec

INT32_MAX = 2**31 - 1

_CTRL = r"\x00-\x1f\x7f-\x9f"
_END = r"(?![\s\S])"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*" + _END
NAME_PATTERN = rf"^[^\s{_CTRL}](?:[^{_CTRL}]*[^\s{_CTRL}])?" + _END
# Codes (unit code, employee number, judge code) appear in URLs and sheets: no whitespace,
# no control characters, none of / \ ? # % which would break a path segment.
CODE_PATTERN = rf"^[^\s{_CTRL}/\\?#%]+" + _END

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=SLUG_PATTERN)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=CODE_PATTERN)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NAME_PATTERN)]
NameEn = Annotated[str, msgspec.Meta(max_length=200)]

_RULES = {
    SLUG_PATTERN: "must be slug-safe: lowercase letters, digits, '_' and '-', starting with a letter or digit",
    NAME_PATTERN: "must not be empty, have leading or trailing spaces, or hold control characters",
    CODE_PATTERN: "must not be empty or hold spaces, control characters or any of / \\ ? # %",
}
_COMPILED = {p: re.compile(p) for p in _RULES}


def pattern_rule(pattern: str) -> str:
    return _RULES[pattern]


def text_problem(value: object, pattern: str, max_length: int) -> str | None:
    """Why `value` is not a valid text of this kind, in words; None if it is valid."""
    if not isinstance(value, str):
        return f"must be text, got {type(value).__name__}"
    if len(value) > max_length:
        return f"is {len(value)} characters long, at most {max_length} allowed"
    if _COMPILED[pattern].match(value):
        return None
    return _specific(value, pattern) or pattern_rule(pattern)


def _specific(value: str, pattern: str) -> str | None:
    if not value.strip():
        return "is empty"
    ctrl = next((c for c in value if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F), None)
    if ctrl is not None:
        return f"holds a control character (U+{ord(ctrl):04X})"
    if value != value.strip():
        return "has leading or trailing spaces"
    if pattern == CODE_PATTERN:
        if any(c.isspace() for c in value):
            return "is a code and may not hold spaces"
        return "is a code and may not hold / \\ ? # %"
    return None


def friendly(message: str) -> str:
    """msgspec says "Expected `str` matching regex '…'": say the rule in words instead."""
    for pattern, rule in _RULES.items():
        if f"matching regex {pattern!r}" in message:
            return rule
    return message


def validation_problem(exc: msgspec.ValidationError, prefix: str = "") -> tuple[str, str]:
    """(path, rule) of a msgspec ValidationError, path in our `a[0].b` style."""
    text = str(exc)
    rule, _, where = text.partition(" - at `$")
    path = where.rstrip("`").lstrip(".")
    if prefix:
        path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
    return path, friendly(rule)
