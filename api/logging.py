"""Structured logs (structlog): one JSON line per request, and named events.

- Every HTTP request gets a request id: the client's (or proxy's) `X-Request-ID` when it is
  a short token of [A-Za-z0-9._-], else a fresh one. The response carries it back in
  `X-Request-ID` (problem responses too) and every log line written while the request runs
  carries it as `request_id`, so an operator can match a user's error to its log lines.
- When the response has been sent, one `request` event is logged: method, path, status,
  duration_ms, client address, the signed-in username if any, request_id.
- `event(name, **fields)` logs a named event (`login.failed`, `login.throttled`,
  `seal.broken`, …) with the request id of the request it happens in. Never pass a
  password, a token or a hash.

Events go through the standard `logging` module (logger `biwu.requests` / `biwu.events`),
so tests read them with caplog and any handler can ship them. `install_json_handler()`
(called by `biwu serve`) prints every `biwu` record, the plain `biwu.api` ones included, as
one JSON object per line on stderr.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure() -> None:
    """structlog → the standard logging module (idempotent)."""
    structlog.configure(
        processors=[*_SHARED, structlog.processors.format_exc_info, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def json_formatter() -> logging.Formatter:
    """Renders structlog events and plain records alike as one JSON object per line."""
    return structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, structlog.processors.JSONRenderer(ensure_ascii=False)],
        foreign_pre_chain=_SHARED,
    )


def install_json_handler(level: int = logging.INFO) -> None:
    root = logging.getLogger("biwu")
    if not any(getattr(h, "biwu_json", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(json_formatter())
        handler.biwu_json = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)


configure()
_requests = structlog.get_logger("biwu.requests")
_events = structlog.get_logger("biwu.events")


def event(name: str, level: int = logging.WARNING, **fields: Any) -> None:
    """Log a named security or operations event (with the current request's id)."""
    _events.log(level, name, **fields)


# ---------------------------------------------------------------- the request log


def request_id_of(scope: Scope) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"x-request-id":
            text = value.decode("latin-1")
            if _GOOD_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


async def logged(app: Callable[[Scope, Receive, Send], Awaitable[None]], scope: Scope, receive: Receive, send: Send) -> None:
    """Run one HTTP request with its id bound, sent back, and logged at the end."""
    request_id = request_id_of(scope)
    scope.setdefault("state", {})["request_id"] = request_id
    status = 500  # if the app dies before it answers
    started = time.perf_counter()

    async def send_with_id(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
        await send(message)

    tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
    try:
        await app(scope, receive, send_with_id)
    finally:
        _requests.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "request",
            method=scope.get("method"),
            path=scope.get("path"),
            status=status,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
            client=(scope.get("client") or ("", 0))[0],
            user=getattr(scope.get("user"), "username", None),
        )
        structlog.contextvars.reset_contextvars(**tokens)


__all__ = ["REQUEST_ID_HEADER", "configure", "event", "install_json_handler", "json_formatter", "logged", "request_id_of"]
