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

# Free text (reasons, grounds, notes): any characters a person can type, including line breaks
# and tabs, but no other C0 control character (PostgreSQL refuses NUL outright; the others
# are never typed) and no DEL or C1 control. "Visible" text must also hold at least one
# character that shows on a screen or a paper sheet: whitespace and zero-width or filler
# characters alone (U+200B, U+2060, U+FEFF, U+3164 …) are no reason for a correction.
_INVISIBLE = r"\t\n\r \u00a0\u00ad\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u2800\u3000\u3164\ufeff"
_BAD_CTRL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
FREE_TEXT_PATTERN = rf"^[^{_BAD_CTRL}]*" + _END
VISIBLE_TEXT_PATTERN = rf"^[{_INVISIBLE}]*[^{_INVISIBLE}{_BAD_CTRL}][^{_BAD_CTRL}]*" + _END

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=SLUG_PATTERN)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=CODE_PATTERN)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NAME_PATTERN)]
NameEn = Annotated[str, msgspec.Meta(max_length=200)]

_RULES = {
    SLUG_PATTERN: "must be slug-safe: lowercase letters, digits, '_' and '-', starting with a letter or digit",
    NAME_PATTERN: "must not be empty, have leading or trailing spaces, or hold control characters",
    CODE_PATTERN: "must not be empty or hold spaces, control characters or any of / \\ ? # %",
    FREE_TEXT_PATTERN: "must not hold control characters (line breaks and tabs are fine)",
    VISIBLE_TEXT_PATTERN: "must hold visible characters (not only spaces or zero-width characters) and no control characters",
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


_BAD_CTRL_CHAR = re.compile(rf"[{_BAD_CTRL}]")
_VISIBLE = re.compile(VISIBLE_TEXT_PATTERN)


def is_visible_text(value: str) -> bool:
    """The VISIBLE_TEXT_PATTERN rule as a test, for use-cases called from Python."""
    return _VISIBLE.match(value) is not None


def control_character_at(value: object, root: str = "") -> tuple[str, str] | None:
    """(path, rule) of the first text, anywhere in decoded JSON/TOML builtins, that holds a
    forbidden control character (FREE_TEXT_PATTERN's rule, keys included); None if none does.
    Iterative, so a deep document cannot exhaust the stack."""
    stack: list[tuple[str, object]] = [(root, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if (bad := _BAD_CTRL_CHAR.search(item)) is not None:
                return path or "body", f"holds a control character (U+{ord(bad.group()):04X}); only tabs and line breaks are allowed"
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and _BAD_CTRL_CHAR.search(key):
                    return path or "body", "a field name holds a control character"
                stack.append((child_path, child))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))
    return None
