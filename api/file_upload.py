"""Receiving one uploaded file from a multipart/form-data body, streamed.

Litestar's own multipart reading (MultipartBody) keeps the body under the route's size
limit only: a campaign declares its own, smaller limit, and a file past it should be
refused as soon as it passes it, not after 200 MB have arrived. So the body is read here
chunk by chunk (`request.stream()`, itself bounded by the route's `request_max_body_size`)
with the `multipart` push parser Litestar uses; the part named `file` goes into a
`contests.attachments.Spool` (temp file, SHA-256 and byte count, hard cap), whose writes
run in a thread, off the event loop. Anything else in the body is refused with 400 naming
the part. `upload` is the whole shape of an upload route: receive, hand to the use-case,
map a refusal to its problem, remove the temp file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from litestar import Request
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser

from api import problems
from contests.attachments import AttachmentRefused, AttachmentRules, Received, Spool
from contests.attachments.spool import CapExceeded
from scoring.errors import Problem

FIELD = "file"
MAX_PARTS = 4  # one file; a stray empty field or two from a browser form are refused by name
T = TypeVar("T")


async def upload(request: Request, rules: AttachmentRules, add: Callable[[Received, str], Awaitable[T]]) -> T:
    """Receive the file under `rules` and hand it and its name to the use-case `add` (which
    checks and stores it): the one shape of every upload route. A refusal, while streaming or
    in the use-case, is the `attachment-refused` problem (400/413/415); the temp file is
    always removed."""
    try:
        received, filename = await receive_file(request, rules)
        try:
            return await add(received, filename)
        finally:
            received.path.unlink(missing_ok=True)
    except AttachmentRefused as exc:
        raise problems.problem(exc.status, exc.problems, kind="attachment-refused") from None


async def receive_file(request: Request, rules: AttachmentRules) -> tuple[Received, str]:
    """The received file (in a temp file) and the name the client gave it."""
    boundary = _boundary(request.headers.get("content-type"))
    spool: Spool | None = None
    filename: str | None = None
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_PARTS) as parser:
            async for chunk in request.stream():
                for event in parser.parse(chunk):
                    if isinstance(event, MultipartSegment):
                        _expect_file(event, filename)
                        filename, spool = event.filename or "", await asyncio.to_thread(Spool, rules.max_bytes)
                    elif event and spool is not None:
                        await asyncio.to_thread(spool.write, event)
                if parser.closed:
                    break
    except CapExceeded:
        raise rules.too_large() from None
    except (ParserError, ParserLimitReached) as exc:
        _discard(spool)
        raise problems.BadRequest([Problem("body", f"not a valid multipart/form-data body: {exc}")]) from None
    except BaseException:
        _discard(spool)
        raise
    if spool is None or filename is None:
        raise problems.BadRequest([Problem(FIELD, "is missing: send the file as the multipart part named 'file'")])
    return await asyncio.to_thread(spool.finish), filename


def _boundary(content_type: str | None) -> str:
    media_type, _, params = (content_type or "").partition(";")
    boundary = next((p.split("=", 1)[1].strip().strip('"') for p in params.split(";") if p.strip().lower().startswith("boundary=")), "")
    if media_type.strip().lower() != "multipart/form-data" or not boundary:
        rule = f"{media_type.strip() or 'nothing'!r} is not a file upload: send multipart/form-data with the file in a part named 'file'"
        raise problems.problem(415, [Problem("Content-Type", rule)])
    return boundary


def _expect_file(segment: MultipartSegment, seen: str | None) -> None:
    if segment.name != FIELD or segment.filename is None:
        raise problems.BadRequest([Problem(segment.name or "body", "unexpected part: send only the file, in a part named 'file'")])
    if seen is not None:
        raise problems.BadRequest([Problem(FIELD, "send one file per upload")])


def _discard(spool: Spool | None) -> None:
    if spool is not None:
        spool.discard()


__all__ = ["FIELD", "receive_file", "upload"]
