"""The one small interface every attachment store implements: put, open and exists by
content key. Methods block (disk or network): callers run them in a thread, off the loop."""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

_DIGEST = re.compile(r"[0-9a-f]{64}")


class BlobMissing(LookupError):
    """No blob under this key (a row whose blob was lost, or a wrong key)."""


def content_key(sha256: str) -> str:
    """The key of the bytes with this hex digest: `sha256/ab/cd/abcd…` (fan-out keeps
    directories and listings small). Anything but 64 lower-case hex digits is refused."""
    if _DIGEST.fullmatch(sha256) is None:
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


@runtime_checkable
class BlobStore(Protocol):
    """Content-addressed blobs. `put` of a key that exists stores nothing (same key, same
    bytes); no method overwrites or deletes."""

    def put(self, key: str, source: Path) -> None:
        """Store the file at `source` under `key` (its content key)."""

    def open(self, key: str) -> BinaryIO:
        """The blob for reading (the caller closes it); BlobMissing if absent."""

    def exists(self, key: str) -> bool: ...


__all__ = ["BlobMissing", "BlobStore", "content_key"]
