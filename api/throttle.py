"""Login throttling, by client address and by account (issue 10, item 7).

- By address: Litestar's own rate limiting (`litestar.middleware.rate_limit`) counts every
  login attempt (`POST /auth/token`, the screens' sign-in) per client address: at most
  `per_address` a minute (BIWU_LOGIN_PER_ADDRESS, default 60: a venue's judges behind one
  NAT address still log in at 8:00). Behind a reverse proxy, run uvicorn with
  `--forwarded-allow-ips` so the address is the client's, not the proxy's.
- By account: `SharedFailedLogins` remembers each username's failed attempts; after `failures`
  of them within `window` seconds (BIWU_LOGIN_FAILURES, default 10 in 15 minutes), that
  username's logins are refused until the oldest failure leaves the window, even with
  the right password (else guessing would go on). The check comes before argon2, so a flood
  against one account costs no hashing. A correct login clears the account's failures.
  Unknown usernames are counted like real ones (the answer never tells which exist).

Both answer 429 problem+json with `Retry-After` (seconds) and log a `login.throttled`
event; every failed login logs `login.failed` (username, address; never the password).

Both counts live in the database's `shared_counts` table (api.shared_counts, issue 15
point 7): every worker of `biwu serve --workers N` reads and writes the same rows, so N
workers allow the limit once, not N times, and a restart forgets nothing still in its window.
Each count is one atomic update of a locked row, so simultaneous attempts on several workers are all
counted.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from litestar.exceptions import TooManyRequestsException
from litestar.middleware.rate_limit import DURATION_VALUES, CacheObject, RateLimitConfig, RateLimitMiddleware, get_remote_address
from litestar.serialization import decode_json, encode_json
from litestar.types import Receive, Scope, Send

from api import problems
from api.logging import event
from api.shared_counts import DatabaseStore
from scoring.errors import Problem

LOGIN_PATHS = ("/auth/token", "/signin")


@dataclass(frozen=True)
class LoginLimits:
    per_address: int = 60  # login attempts per client address per minute
    failures: int = 10  # failed logins per account …
    window: float = 900.0  # … within this many seconds

    @classmethod
    def from_env(cls) -> LoginLimits:
        return cls(
            per_address=int(os.environ.get("BIWU_LOGIN_PER_ADDRESS", cls.per_address)),
            failures=int(os.environ.get("BIWU_LOGIN_FAILURES", cls.failures)),
        )


def _username_key(username: str) -> str:
    # any text can be tried as a username: a long one is counted under its digest (keys ≤ 255)
    name = username if len(username) <= 200 else "sha256:" + hashlib.sha256(username.encode()).hexdigest()
    return f"failed-login::{name}"


@dataclass
class SharedFailedLogins:
    """Failed login times per username, in a sliding window, kept in the shared `shared_counts`
    table, one row per username: {"failures": [times], "checking": [times]} (wall-clock
    seconds, the same in every worker).

    Attempts still being checked count too (`attempt` reserves one, `finish` settles it): a
    burst of simultaneous guesses would otherwise all pass the check before the first one
    failed. An attempt still being checked counts for at most `checking` seconds, so a worker
    that died mid-check does not hold the account's slot for ever."""

    store: DatabaseStore
    limit: int
    window: float
    checking: float = 120.0

    def _live(self, raw: bytes | None, now: float) -> tuple[list[float], list[float]]:
        record = json.loads(raw) if raw else {}
        failures = [t for t in record.get("failures", []) if t > now - self.window]
        return failures[-self.limit :], [t for t in record.get("checking", []) if t > now - self.checking]

    async def attempt(self, username: str) -> int | None:
        """Reserve an attempt: None if it may try now, else the seconds until it may."""
        wait = [1]

        def reserve(raw: bytes | None) -> bytes | None:
            now = time.time()
            failures, checking = self._live(raw, now)
            if len(failures) + len(checking) < self.limit:
                return json.dumps({"failures": failures, "checking": [*checking, now]}).encode()
            if len(failures) >= self.limit:
                wait[0] = max(1, int(failures[0] + self.window - now) + 1)
            return None

        reserved = await self.store.update(_username_key(username), reserve, self._keep())
        return None if reserved else wait[0]

    async def finish(self, username: str, succeeded: bool | None) -> None:
        """Settle a reserved attempt: True clears the failures, False records one, None records nothing."""

        def settle(raw: bytes | None) -> bytes:
            now = time.time()
            failures, checking = self._live(raw, now)
            if succeeded:
                failures = []
            elif succeeded is False:
                failures = [*failures, now][-self.limit :]
            return json.dumps({"failures": failures, "checking": checking[1:]}).encode()

        await self.store.update(_username_key(username), settle, self._keep())

    def _keep(self) -> int:
        return int(max(self.window, self.checking)) + 1


def too_many(who: str, rule: str, retry_after: int) -> Exception:
    return problems.problem(429, [Problem(who, f"{rule}: try again in {retry_after} s")], headers={"Retry-After": str(retry_after)})


class LoginRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's rate limiter, answering our 429 problem with Retry-After and a log event."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self._limited(scope, receive, send)
        except TooManyRequestsException as exc:
            reset = int((exc.headers or {}).get(self.config.rate_limit_reset_header_key, "60") or 60)
            address = (scope.get("client") or ("", 0))[0]
            event("login.throttled", by="address", client=address, path=scope.get("path"), retry_after=reset)
            raise too_many(
                "client", f"too many login attempts from this address (at most {self.max_requests} a minute)", max(1, reset)
            ) from exc

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Litestar's check, but counted with one atomic update of the shared store: its own
        read-then-write under a per-process lock would let workers overwrite each other's counts."""
        app = scope["litestar_app"]
        store = self.config.get_store_from_app(app)
        if not isinstance(store, DatabaseStore):
            await super().__call__(scope, receive, send)
            return
        request = app.request_class(scope)
        if await self.should_check_request(request=request):
            # the key names the policy: a deployment's workers (one BIWU_LOGIN_PER_ADDRESS) share
            # a count, and an app started with another limit starts its own
            key = f"{self.cache_key_from_request(request)}::{self.max_requests}/{self.unit}"
            cache_object = await self._counted(key, store)
            if self.config.set_rate_limit_headers:
                send = self.create_send_wrapper(send=send, cache_object=cache_object)
        await self.app(scope, receive, send)

    async def _counted(self, key: str, store: DatabaseStore) -> CacheObject:
        """Add this attempt to the key's window (the same JSON as Litestar's), or raise 429."""
        duration = DURATION_VALUES[self.unit]
        seen: list[CacheObject] = []

        def count(raw: bytes | None) -> bytes | None:
            now = int(time.time())
            cache = CacheObject(**decode_json(value=raw)) if raw else None
            if cache is None or cache.reset <= now:
                cache = CacheObject(history=[], reset=now + duration)
            seen[:] = [cache]
            if len(cache.history) >= self.max_requests:
                return None
            cache.history = [now, *cache.history]
            return encode_json(cache)

        if not await store.update(key, count, expires_in=duration):
            headers = self.create_response_headers(cache_object=seen[0]) if self.config.set_rate_limit_headers else None
            raise TooManyRequestsException(headers=headers)
        return seen[0]


async def _is_login(request: Any) -> bool:
    return request.method == "POST" and request.url.path in LOGIN_PATHS


def rate_limit_config(limits: LoginLimits) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", limits.per_address),
        identifier_for_request=get_remote_address,
        check_throttle_handler=_is_login,
        middleware_class=LoginRateLimitMiddleware,
        set_rate_limit_headers=True,  # RateLimit-Limit, -Remaining, -Reset on every login answer
        store="login_rate_limit",
    )


__all__ = [
    "LOGIN_PATHS",
    "LoginLimits",
    "LoginRateLimitMiddleware",
    "SharedFailedLogins",
    "rate_limit_config",
    "too_many",
]
