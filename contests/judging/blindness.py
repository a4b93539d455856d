"""Blind judging (加密评分): who reads the names behind the blind codes, decided here from the
actor and the event's state, never asked for by the caller.

The event's state, for blindness, is one of three (`seal_state`):
- "sealed": some module of the event is not locked (RULES.md: the number → name table is
  sealed until the scores are locked);
- "locked": every module is locked, the event not unblinded yet;
- "unblinded": the chief judge has unblinded the event (which needs every module locked).

| view       | sealed | locked                 | unblinded              |
|------------|--------|------------------------|------------------------|
| draw       | nobody | organiser, chief judge | organiser, chief judge |
| sheet      | nobody | nobody                 | every reader           |
| standings  | nobody | nobody                 | every reader           |

The draw is the code → name table itself (with the seed that recreates it): nobody reads it
while a module is open, not even the organiser who ran it. Before that, the only way to it
is breaking the seal (`SEAL_BREAKERS`, with a visible reason, audited), for an emergency
such as a competitor taken ill whose code must be found; each break is a record of its own.
Judges never read the draw at all: the codes a judge is recused from are left off the
judge's sheet, and a list of every code would show which ones they are.
"""

from __future__ import annotations

from typing import Literal

from contests.accounts import Actor
from contests.judging.versions import has_text
from scoring.errors import Problem

View = Literal["draw", "sheet", "standings"]
SealState = Literal["sealed", "locked", "unblinded"]
STAFF = ("organiser", "chief_judge")
EVERY_READER = ("organiser", "chief_judge", "judge", "viewer")

# view → state → roles reading names in it
NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "draw": {"sealed": (), "locked": STAFF, "unblinded": STAFF},
    "sheet": {"sealed": (), "locked": (), "unblinded": EVERY_READER},
    "standings": {"sealed": (), "locked": (), "unblinded": EVERY_READER},
}
# who may break the seal: the chief judge answers for the judging (RULES.md: decrypted
# under supervision); the organiser ran the draw and registered the field, so an organiser
# who could also open the table alone would defeat the two-person separation of the seal
SEAL_BREAKERS = ("chief_judge",)


def seal_state(*, all_locked: bool, unblinded: bool) -> SealState:
    """The event's state for blindness, from its locks and its unblinding."""
    if unblinded:
        return "unblinded"
    return "locked" if all_locked else "sealed"


def names_visible(actor: Actor, view: View, *, state: SealState) -> bool:
    """Whether this actor reads names (employee number, name, unit) in this view now."""
    return actor.role in NAMES[view][state]


def seal_break_problems(reason: str | None) -> list[Problem]:
    """A break of the seal needs a reason a person can read (it is audited)."""
    return [] if has_text(reason) else [Problem("reason", "breaking the seal needs a reason (it is audited)")]


__all__ = ["NAMES", "SEAL_BREAKERS", "SealState", "View", "names_visible", "seal_break_problems", "seal_state"]
