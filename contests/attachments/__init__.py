"""Attachments (附件): the evidence behind a submission, stored by content.

store        BlobStore: put / open / exists by content key (the SHA-256 of the bytes)
local_disk   LocalDiskStore, the default: files under BIWU_ATTACHMENTS_DIR
s3           S3Store, for several app servers sharing an S3-compatible object store
config       which store a deployment uses (environment variables)
rules        AttachmentRules: the declared size limit and allowed file types, and their check
sniff        the file type read from the first bytes (magic numbers), never from the client
filename     the original file name a person sees: NFC, no control characters, no path
spool        receiving an upload into a temp file with a hard byte cap, hashing as it goes

Content addressing makes overwriting impossible: a key is the digest of its bytes, so
putting a key again stores the same bytes. A replaced file is a new version row (in the
store's use-cases) pointing at its new content. Blobs are only ever read through a row
that the reader may see; a blob without a row (a failed commit after the put) is harmless.
"""

from contests.attachments.filename import clean_filename
from contests.attachments.rules import DEFAULT_MAX_BYTES, FILE_TYPES, MAX_BYTES_CEILING, AttachmentRefused, AttachmentRules, FileType
from contests.attachments.sniff import EXECUTABLE, sniff
from contests.attachments.spool import Received, Spool
from contests.attachments.store import BlobMissing, BlobStore, content_key

__all__ = [
    "AttachmentRefused",
    "AttachmentRules",
    "BlobMissing",
    "BlobStore",
    "DEFAULT_MAX_BYTES",
    "EXECUTABLE",
    "FILE_TYPES",
    "FileType",
    "MAX_BYTES_CEILING",
    "Received",
    "Spool",
    "clean_filename",
    "content_key",
    "sniff",
]
