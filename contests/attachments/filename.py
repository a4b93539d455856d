"""The original file name, kept for people to read (never used as a path: blobs are stored
by digest). Browsers send a bare name, old ones a whole Windows path: only the last part is
kept. Normalised to NFC (a macOS upload sends "é" decomposed), control characters refused
(they corrupt headers and logs), at most 255 characters."""

from __future__ import annotations

import unicodedata

from scoring.errors import Problem

MAX_LENGTH = 255


def clean_filename(raw: str, field: str = "filename") -> tuple[str | None, Problem | None]:
    """(the name to keep, None) or (None, the problem naming the field and the rule)."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if any(unicodedata.category(c) == "Cc" for c in name):
        return None, Problem(field, "must not contain control characters")
    if not name or name in (".", ".."):
        return None, Problem(field, "is missing: send the file with its name")
    if len(name) > MAX_LENGTH:
        return None, Problem(field, f"is {len(name)} characters long; at most {MAX_LENGTH}")
    return name, None


__all__ = ["MAX_LENGTH", "clean_filename"]
