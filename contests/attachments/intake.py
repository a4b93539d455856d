"""Taking a received upload into the attachment store: the one sequence every kind of file
(a proposal's drawing, a report's evidence, a nomination's certificate) goes through.

The name is cleaned (400 for a bad one), the type is read from the bytes, the declared rules
are checked (413 too large, 415 a type not allowed), and only then the bytes are put under
their content key. Blocking (file reads, the store's put): call it with `asyncio.to_thread`.
The caller then writes its version row and audit entry in one transaction; a blob whose
commit fails has no row and is never readable.
"""

from __future__ import annotations

from typing import NamedTuple

from contests.attachments.filename import clean_filename
from contests.attachments.rules import AttachmentRefused, AttachmentRules
from contests.attachments.sniff import sniff
from contests.attachments.spool import Received
from contests.attachments.store import BlobStore, content_key


class Accepted(NamedTuple):
    filename: str  # NFC, no path, no control characters
    kind: str  # pdf, png, jpeg, xlsx, docx, text (read from the bytes)


def accept(received: Received, filename: str, rules: AttachmentRules, blobs: BlobStore) -> Accepted:
    """Check the upload against `rules` and store its bytes; AttachmentRefused before anything is stored."""
    name, bad_name = clean_filename(filename)
    if bad_name is not None or name is None:
        raise AttachmentRefused([bad_name] if bad_name else [], status=400)
    kind = sniff(received.path)
    rules.check(received.size, kind)
    blobs.put(content_key(received.sha256), received.path)
    return Accepted(name, kind)


__all__ = ["Accepted", "accept"]
