"""A judge's signature on their sheet of one module (签字).

A sheet is signed complete: the judge owes no mark on it. The signature covers the marks as
they are: it records how many mark rows of their own the judge had entered, and it is
current while that count is unchanged. A later correction of their own adds a row and makes
it stale, so they sign again. Appeal corrections are the chief judge's, signed by the
decision, and do not count. Signing a sheet that is signed and unchanged changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SignOff:
    """One stored signature; `seq` numbers a judge's signatures of one module from 1."""

    judge_id: int
    seq: int
    marks_seen: int
    at: dt.datetime
    by: str


@dataclass(frozen=True)
class SignOffState:
    sign_off: SignOff | None  # the judge's newest signature
    current: bool  # signed, and no mark of the judge's own was added since

    @property
    def at(self) -> dt.datetime | None:
        return self.sign_off.at if self.current and self.sign_off is not None else None


def is_current(sign_off: SignOff | None, own_marks: int) -> bool:
    return sign_off is not None and sign_off.marks_seen == own_marks


def sign_off_states(newest: Mapping[int, SignOff], own_marks: Mapping[int, int]) -> dict[int, SignOffState]:
    """judge id → state, for every judge with a signature or a mark of their own in the module."""
    return {j: SignOffState(newest.get(j), is_current(newest.get(j), own_marks.get(j, 0))) for j in set(newest) | set(own_marks)}


def next_seq(sign_off: SignOff | None) -> int:
    return sign_off.seq + 1 if sign_off is not None else 1


__all__ = ["SignOff", "SignOffState", "is_current", "next_seq", "sign_off_states"]
