"""The one rule of every versioned cell on the judging day: a mark (judge × competitor ×
aspect), a completion time (competitor × module) and an appeal's correction of a mark.

Nothing is overwritten. Against the cell's current version a new value is
- "created" when the cell has none: version 1;
- "unchanged" when it equals the current value: no new version (a resend is harmless);
- "corrected" otherwise: the next version, and a correction needs a reason.

`plan` decides one cell, `plan_batch` a batch of cells against the current versions, and
`applied` gives the current versions after a batch is stored, so planning the same batch
again finds every cell "unchanged".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from contests.fields import is_visible_text

CellStatus = Literal["created", "corrected", "unchanged"]


@dataclass(frozen=True, slots=True)
class Version:
    """A cell's current (newest) stored version."""

    value: Decimal
    version: int


@dataclass(frozen=True, slots=True)  # slots: a 100,000-mark import holds one per cell (no dict each)
class CellPlan:
    """What storing `value` in a cell does."""

    status: CellStatus
    value: Decimal
    previous: Version | None
    reason: str | None = None

    @property
    def version(self) -> int:
        """The cell's current version once the plan is stored."""
        if self.previous is None:
            return 1
        return self.previous.version + (self.status == "corrected")

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    @property
    def needs_reason(self) -> bool:
        """A correction without a reason: refused."""
        return self.status == "corrected" and not has_text(self.reason)


def has_text(reason: str | None) -> bool:
    # a reason is read by people: spaces or zero-width characters alone are no reason
    return bool(reason) and is_visible_text(reason)


def plan(previous: Version | None, value: Decimal, reason: str | None = None) -> CellPlan:
    if previous is None:
        return CellPlan("created", value, None, reason)
    status: CellStatus = "unchanged" if previous.value == value else "corrected"
    return CellPlan(status, value, previous, reason)


def plan_batch(cells: Sequence[tuple[Hashable, Decimal, str | None]], current: Mapping[Hashable, Version]) -> list[CellPlan]:
    """One plan per (cell key, value, reason), each against the cell's current version."""
    return [plan(current.get(key), value, reason) for key, value, reason in cells]


def applied(current: Mapping[Hashable, Version], keys: Sequence[Hashable], plans: Sequence[CellPlan]) -> dict[Hashable, Version]:
    """The current versions after the changed plans are stored."""
    out = dict(current)
    out.update((key, Version(p.value, p.version)) for key, p in zip(keys, plans, strict=True) if p.changed)
    return out


def counts(plans: Sequence[CellPlan]) -> dict[str, int]:
    """{"created": n, "corrected": n, "unchanged": n}."""
    return {s: sum(p.status == s for p in plans) for s in ("created", "corrected", "unchanged")}


__all__ = ["CellPlan", "CellStatus", "Version", "applied", "counts", "has_text", "plan", "plan_batch"]
