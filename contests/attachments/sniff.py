"""The type of a file from its own bytes (magic numbers), never from the client's
Content-Type or the name's extension, which anyone can set.

Known: PDF, PNG, JPEG, XLSX and DOCX (a ZIP whose members say so: a renamed ZIP is not a
workbook), and plain text (UTF-8 without control characters other than tab, line feed,
carriage return and form feed). Executables (Windows PE, ELF, Mach-O, Java class, scripts
starting with `#!`) are named as such so the refusal can say why; anything else is unknown.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

EXECUTABLE = "executable"
TEXT_SAMPLE = 64 * 1024  # bytes of a text file checked (the head; a text file is short)

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
_EXECUTABLE = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_OOXML = {"xl/workbook.xml": "xlsx", "word/document.xml": "docx"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # not tab, LF, FF, CR


def sniff(path: Path) -> str:
    """ "pdf", "png", "jpeg", "xlsx", "docx", "text", "executable" or "unknown"."""
    with open(path, "rb") as f:
        head = f.read(TEXT_SAMPLE)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_EXECUTABLE):
        return EXECUTABLE
    if head.startswith(b"PK\x03\x04"):
        return _office(path)
    return "text" if _is_text(head, complete=len(head) < TEXT_SAMPLE) else "unknown"


def _office(path: Path) -> str:
    # only the central directory is read: nothing is unpacked, so a ZIP bomb costs nothing
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unknown"
    if "[Content_Types].xml" not in names:
        return "unknown"
    kinds = {kind for member, kind in _OOXML.items() if member in names}
    return kinds.pop() if len(kinds) == 1 else "unknown"


def _is_text(head: bytes, *, complete: bool) -> bool:
    if not head:
        return False  # an empty file is no evidence of anything
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the sample may end inside a character; a file read whole may not
        if complete or exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return _CONTROL.search(text) is None


__all__ = ["EXECUTABLE", "TEXT_SAMPLE", "sniff"]
