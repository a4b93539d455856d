"""Sign-off and lock (签字 / 锁定) of one module: a declared state table.

```
open ──lock──▶ locked ──unlock──▶ open          (no row yet = open)
```

Every lock and unlock is a stored event with a sequence number per module; the event with
the highest number is the module's state ("the newest lock row is the state"). A lock
needs every owed mark entered and every panel judge's sheet signed, unless it is forced
with a reason; an unlock always needs a reason and is refused once the event is unblinded
(judges who know the names must not change marks: only appeals remain). Appeals are filed
within the contest's window after the newest lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from contests.judging.versions import has_text
from scoring.errors import Problem

State = Literal["open", "locked"]
Action = Literal["lock", "unlock"]

TABLE: dict[tuple[State, Action], State] = {
    ("open", "lock"): "locked",
    ("locked", "unlock"): "open",
}
STORED: dict[State, str] = {"open": "unlocked", "locked": "locked"}  # the state column of a lock event


@dataclass(frozen=True)
class LockEvent:
    """One stored lock or unlock of a module."""

    id: int
    seq: int
    state: str  # "locked" | "unlocked"
    at: dt.datetime
    by: str
    forced: bool = False
    owed: int = 0
    unsigned: int = 0
    reason: str | None = None

    @property
    def locked(self) -> bool:
        return self.state == "locked"


def newest(events: Iterable[LockEvent]) -> LockEvent | None:
    """The module's state: its lock event with the highest sequence number (None: never locked)."""
    return max(events, key=lambda e: e.seq, default=None)


def state_of(lock: LockEvent | None) -> State:
    return "locked" if lock is not None and lock.locked else "open"


def is_locked(lock: LockEvent | None) -> bool:
    return state_of(lock) == "locked"


def next_seq(lock: LockEvent | None) -> int:
    return lock.seq + 1 if lock is not None else 1


def transition(lock: LockEvent | None, action: Action, where: str) -> tuple[State, list[Problem]]:
    """The state `action` leads to from the module's current lock, or why it cannot be taken."""
    current = state_of(lock)
    following = TABLE.get((current, action))
    if following is not None:
        return following, []
    if action == "lock":
        assert lock is not None
        return current, [Problem("module_id", f"module {where} is already locked (since {lock.at:%Y-%m-%d %H:%M} UTC)")]
    return current, [Problem("module_id", f"module {where} is not locked")]


def lock_reason_problems(force: bool, reason: str | None) -> list[Problem]:
    return [Problem("reason", "a forced lock needs a reason")] if force and not has_text(reason) else []


def unlock_reason_problems(reason: str | None) -> list[Problem]:
    return [] if has_text(reason) else [Problem("reason", "an unlock needs a reason (it is audited)")]


def unblinded_problem(event_id: str) -> Problem:
    return Problem("module_id", f"event {event_id!r} is unblinded: its marks now change only through an upheld appeal")


def not_ready(owed: list[Problem], unsigned: list[str]) -> list[Problem]:
    """Why a module cannot be locked without force: owed marks and unsigned sheets."""
    problems = list(owed)
    if unsigned:
        problems.append(Problem("unsigned", f"not signed by judge(s) {', '.join(unsigned)}"))
    head = Problem("force", "the module is not ready to lock: lock with force and a reason to lock it anyway")
    return [head, *problems]


# ---------------------------------------------------------------- writes refused by the lock


def marks_refused(lock: LockEvent, where: str) -> str:
    return (
        f"module {where} was locked at {lock.at:%H:%M} UTC: marks change only after the chief judge unlocks it, or through an upheld appeal"
    )


def locked_meanwhile(where: str, what: str = "marks") -> Problem:
    """A lock committed while a batch was being stored wins: the batch is refused whole."""
    if what == "marks":
        return Problem("marks", f"module {where} was locked while these marks were being stored: nothing was stored")
    return Problem("module_id", f"module {where} was locked while these times were being stored: nothing was stored")


def times_refused(where: str) -> Problem:
    return Problem("module_id", f"module {where} is locked: its times are final")


# ---------------------------------------------------------------- the appeal window


def appeal_deadline(lock: LockEvent | None, window_minutes: int) -> dt.datetime | None:
    """Until when appeals against the module are accepted: the window after its newest lock."""
    if not is_locked(lock):
        return None
    assert lock is not None
    return lock.at + dt.timedelta(minutes=window_minutes)


def appeal_window_problems(lock: LockEvent | None, window_minutes: int, now: dt.datetime, where: str) -> list[Problem]:
    """Appeals open when the chief judge locks the module and close `window_minutes` later."""
    deadline = appeal_deadline(lock, window_minutes)
    if deadline is None:
        return [Problem("module_id", f"module {where} is not locked: appeals open when the chief judge locks it")]
    if now > deadline:
        assert lock is not None
        return [
            Problem(
                "module_id",
                f"the appeal window of {window_minutes} minutes after the lock of {where} at {lock.at:%Y-%m-%d %H:%M} UTC "
                f"closed at {deadline:%Y-%m-%d %H:%M} UTC",
            )
        ]
    return []


__all__ = [
    "Action",
    "LockEvent",
    "STORED",
    "State",
    "TABLE",
    "appeal_deadline",
    "appeal_window_problems",
    "is_locked",
    "lock_reason_problems",
    "locked_meanwhile",
    "marks_refused",
    "newest",
    "next_seq",
    "not_ready",
    "state_of",
    "times_refused",
    "transition",
    "unblinded_problem",
    "unlock_reason_problems",
]
