"""The drawn field (参赛名单 after the draw): the competitors of an event's current draw, each
behind the blind code the lot draw gave them.

The order is registration order (competitor id ascending): a stable order, which shared
places and recorded draws in rankings rely on. Positions in this order are the competitor
axis of every marks tensor of the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
import numpy as np

from contests.people import Competitor
from scoring.errors import Problem

# A blind code (加密号) as the lot draw makes it (contests.draw): digits without a leading zero.
BLIND_CODE_PATTERN = "^[1-9][0-9]*(?![\\s\\S])"
BLIND_CODE_MAX = 12
BlindCode = Annotated[str, msgspec.Meta(min_length=1, max_length=BLIND_CODE_MAX, pattern=BLIND_CODE_PATTERN)]


class Drawn(msgspec.Struct, frozen=True):
    """One line of the current draw and the competitor behind its blind code (a Struct: a
    ranking builds one per competitor, at a third of a frozen dataclass's cost)."""

    competitor_id: int
    blind_code: str
    station: str
    session: int
    competitor: Competitor  # the registration record: employee number, name, unit and team codes
    unit_name: str


@dataclass(frozen=True, eq=False)
class DrawnField:
    """The competitors of an event's current draw in registration order (competitor id ascending)."""

    assignments: list[Drawn]
    ids: np.ndarray  # int64 [C], ascending
    by_code: dict[str, int]  # blind code → position

    @classmethod
    def of(cls, assignments: list[Drawn]) -> DrawnField:
        lines = sorted(assignments, key=lambda d: d.competitor_id)
        ids = np.array([d.competitor_id for d in lines], dtype=np.int64)
        return cls(lines, ids, {d.blind_code: k for k, d in enumerate(lines)})

    @property
    def size(self) -> int:
        return len(self.assignments)

    @property
    def codes(self) -> list[str]:
        return [a.blind_code for a in self.assignments]

    def competitors(self) -> list[Competitor]:
        return [a.competitor for a in self.assignments]

    def position_of(self, competitor_id: int) -> int | None:
        k = int(np.searchsorted(self.ids, competitor_id))
        return k if k < self.size and int(self.ids[k]) == competitor_id else None

    def positions(self, competitor_ids: np.ndarray) -> np.ndarray | None:
        """Positions of competitor ids; None if any is not in the field (marks exist only for
        drawn competitors and the draw is fixed once marked, so that is a broken store)."""
        pos = np.searchsorted(self.ids, competitor_ids)
        if len(pos) and (pos.max() >= self.size or (self.ids[np.minimum(pos, self.size - 1)] != competitor_ids).any()):
            return None
        return pos

    def by_blind_code_order(self) -> list[int]:
        """Positions sorted by blind code as a number: the order of every sheet and listing."""
        return sorted(range(self.size), key=lambda k: int(self.assignments[k].blind_code))


def not_drawn(field: DrawnField, event_id: str) -> Problem | None:
    """Judges mark the blind codes of the draw: nothing is marked, signed or locked before it."""
    if field.size:
        return None
    return Problem("event_id", f"event {event_id!r} has not been drawn yet: judges mark the blind codes of the draw")


def unknown_code(code: str, event_id: str, path: str) -> Problem:
    return Problem(path, f"no competitor has blind code {code} in event {event_id!r}")


__all__ = ["BLIND_CODE_MAX", "BLIND_CODE_PATTERN", "BlindCode", "Drawn", "DrawnField", "not_drawn", "unknown_code"]
