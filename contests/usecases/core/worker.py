"""Blocking work off the event loop: a pure function run in a worker process, bounded in time.

    records = await in_worker(parse, data, seconds=60)

Reading an uploaded workbook is seconds of pure-Python CPU. On the event loop it froze every
request (a 64 KB XLSX blocked the whole service for 17 s); in a thread it would still hold
the GIL most of the time, and a thread cannot be stopped. A process has its own GIL and can
be killed: `in_worker` starts one (a fresh interpreter running `serve`, nothing forked from
the server's threads), hands it the function and its arguments on its stdin, and waits for
the answer in a thread of its own, so the loop only awaits. Past `seconds` the process is
killed and `WorkerTimeout` raised. At most `MAX_PROCESSES` run at once; more callers wait
their turn (within their own time bound).

The function runs in a fresh interpreter, so it and its arguments must pickle (module-level
functions, builtins, msgspec Structs). Its result should be cheap to move: bytes are copied
once, while unpickling a list of 100,000 objects would hold the GIL, so large results are
best encoded by the function (msgspec) and decoded by the caller. A `RuleError` raised in the
worker is raised again in the caller with the same class and problems; any other exception
is a bug and raised as `WorkerFailed`.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import subprocess
import sys
import time
import traceback
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scoring.errors import Problem, RuleError

MAX_PROCESSES = 2  # the service's machines have two cores; the event loop keeps its own
# the threads that wait for the workers: their own, so the default executor (file reads,
# password hashing) is never taken up by waits of up to Limits.seconds
_waiters = ThreadPoolExecutor(max_workers=MAX_PROCESSES, thread_name_prefix="biwu-worker")
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


class WorkerTimeout(RuntimeError):
    """The worker did not answer within its time bound and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"stopped after {seconds:g} s")


class WorkerFailed(RuntimeError):
    """The worker raised an unexpected exception (a bug) or died; the message has its traceback."""


async def in_worker(fn: Callable[..., Any], *args: Any, seconds: float) -> Any:
    """`fn(*args)` in a worker process, stopped after `seconds` (waiting for a free slot included)."""
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + seconds
    slots = _slots.setdefault(loop, asyncio.Semaphore(MAX_PROCESSES))
    try:
        await asyncio.wait_for(slots.acquire(), timeout=seconds)
    except TimeoutError:
        raise WorkerTimeout(seconds) from None
    try:
        kind, value = await loop.run_in_executor(_waiters, _in_process, fn, args, seconds, deadline)
    finally:
        slots.release()
    if kind == "ok":
        return value
    if kind == "rule":
        error_class, problems = value
        raise error_class([Problem(path, rule) for path, rule in problems])
    raise WorkerFailed(value)


def _in_process(fn: Callable[..., Any], args: tuple, seconds: float, deadline: float) -> tuple[str, Any]:
    # a plain child interpreter, not multiprocessing: spawn would re-run the parent's main
    # script in the child, and a server's main may be anything
    env = os.environ | {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    child = subprocess.Popen(_CHILD, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    task = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        answer, errors = child.communicate(task, timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise WorkerTimeout(seconds) from None
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    if child.returncode != 0 or not answer:
        return "error", f"the worker process died (exit code {child.returncode}): {errors.decode(errors='replace')[-2000:]}"
    return pickle.loads(answer)


_CHILD = [sys.executable, "-c", "from contests.usecases.core.worker import serve; serve()"]


def serve() -> None:
    """The worker process: the task from stdin, its outcome to stdout (nothing else may write there)."""
    task = sys.stdin.buffer.read()
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the answer
    fn, args = pickle.loads(task)
    answer.write(pickle.dumps(_outcome(fn, args), protocol=pickle.HIGHEST_PROTOCOL))
    answer.flush()


def _outcome(fn: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    """Run the function, in the worker: ("ok", result), ("rule", (class, problems)) or ("error", traceback)."""
    try:
        return "ok", fn(*args)
    except RuleError as exc:
        return "rule", (type(exc), [(p.path, p.rule) for p in exc.problems])
    except BaseException:  # noqa: BLE001 - reported to the caller, who raises it as a bug
        return "error", traceback.format_exc()


__all__ = ["MAX_PROCESSES", "WorkerFailed", "WorkerTimeout", "in_worker", "serve"]
