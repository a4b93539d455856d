"""Receiving an upload: chunks go to a temporary file as they arrive, hashed (SHA-256) and
counted on the way, with a hard byte cap. Past the cap the writer raises at once and the
temp file is removed: the rest of the body is never stored. `write` and `finish` block
(disk I/O and hashing): the service calls them in a thread, never on the event loop."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Received:
    path: Path
    size: int
    sha256: str


class CapExceeded(Exception):
    """More bytes arrived than the cap allows (the spool has already been removed)."""

    def __init__(self, cap: int):
        super().__init__(f"more than {cap} bytes")
        self.cap = cap


class Spool:
    def __init__(self, cap: int, directory: str | None = None):
        self.cap = cap
        fd, name = tempfile.mkstemp(prefix="biwu-upload-", dir=directory)
        self.path = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.cap:
            self.discard()
            raise CapExceeded(self.cap)
        self._hash.update(chunk)
        self._file.write(chunk)

    def finish(self) -> Received:
        self._file.close()
        return Received(self.path, self.size, self._hash.hexdigest())

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


__all__ = ["CapExceeded", "Received", "Spool"]
