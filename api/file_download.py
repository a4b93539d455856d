"""Sending one stored file version, streamed: the one shape of every download, for the API's
routes and the screens alike (the twin of api.file_upload).

The bytes come from the deployment's `BlobStore` in chunks read in a thread, off the event
loop. A file version never changes once stored, so its ETag is the SHA-256 of its bytes: a
client that sends `If-None-Match` with it already holds them and gets 304 with no body (the
blob is not even opened). `Cache-Control: private, no-cache` makes the browser ask each time,
so a reader whose access was withdrawn is refused on the next look rather than served from
its cache.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import BinaryIO
from urllib.parse import quote

from litestar import Request, Response
from litestar.response import Stream

from contests.attachments import BlobStore
from contests.usecases.core.file_versions import Readable

CHUNK = 256 * 1024


def download(request: Request, readable: Readable, blobs: BlobStore) -> Response:
    """The stored bytes of a file version, with its name (generic when blind) and type, or 304
    when the request's `If-None-Match` already names this version."""
    view = readable.view
    etag = f'"{view.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff"}
    if _holds(request.headers.get("if-none-match"), etag):
        return Response(b"", status_code=304, headers=headers)
    headers |= {"Content-Disposition": content_disposition(view.filename), "Content-Length": str(view.size_bytes)}
    return Stream(_chunks(blobs, readable.key), media_type=view.content_type, headers=headers)


def _holds(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: a list of tags compared weakly (W/ ignored), or "*"."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def _chunks(blobs: BlobStore, key: str) -> AsyncIterator[bytes]:
    blob: BinaryIO = await asyncio.to_thread(blobs.open, key)
    try:
        while chunk := await asyncio.to_thread(blob.read, CHUNK):
            yield chunk
    finally:
        await asyncio.to_thread(blob.close)


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\%;' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


__all__ = ["CHUNK", "content_disposition", "download"]
