"""argon2 password hashing, off the event loop and bounded.

argon2 costs tens of milliseconds of CPU and 64 MiB of memory per hash, on purpose. Run on
the event loop it stalled every request; run on asyncio's default thread pool, an anonymous
login flood took every thread of it (the pool other blocking work shares) and the server
grew from 173 to 560 MB. So hashes run on a pool of their own, `HASH_WORKERS` threads (half
the cores: the other half keeps serving), and at most `MAX_WAITING` hashes may queue behind
them: past that, `HashingBusy` refuses at once (the API answers 503 with Retry-After)
instead of growing a queue that nobody can drain.

argon2 runs `parallelism` (4) threads per hash, so even one hash can fill two cores. The
hashing threads therefore run at a lower CPU priority (nice +10 per thread on Linux; the
threads argon2 starts inherit it): under a flood the event loop and the database still get
the CPU first, and logins take what is left.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASH_WORKERS = max(1, (os.cpu_count() or 2) // 2)
MAX_WAITING = 16  # at ~80 ms a hash on 2 cores: a login waits at most ~1.5 s, then 503
RETRY_AFTER_SECONDS = 1

_hasher = PasswordHasher()
HASH_NICENESS = 10


def _lower_priority() -> None:
    try:  # Linux: the niceness of the calling thread only
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)
    except (AttributeError, OSError):  # not Linux, or not permitted: run at normal priority
        pass


_pool = ThreadPoolExecutor(max_workers=HASH_WORKERS, thread_name_prefix="argon2", initializer=_lower_priority)
_lock = threading.Lock()  # the tests run several event loops, in several threads
_in_flight = 0

T = TypeVar("T")


class HashingBusy(Exception):
    """Too many password hashes are queued already: try again in a moment (→ 503)."""

    retry_after = RETRY_AFTER_SECONDS


async def hash_password(password: str) -> str:
    return await _bounded(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    return await _bounded(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def dummy_hash() -> str:
    """Verified for unknown usernames, so a login costs the same whether the user exists."""
    return _hasher.hash("biwu: not a password of anyone")


async def _bounded(work: Callable[..., T], *args: str) -> T:
    global _in_flight
    with _lock:
        if _in_flight >= HASH_WORKERS + MAX_WAITING:
            raise HashingBusy("too many logins at once: try again in a moment")
        _in_flight += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, work, *args)
    finally:
        with _lock:
            _in_flight -= 1


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


__all__ = ["HASH_WORKERS", "MAX_WAITING", "HashingBusy", "dummy_hash", "hash_password", "needs_rehash", "verify_password"]
