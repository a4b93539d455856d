"""Blind judging (加密评分): who reads the names behind the blind codes, decided here from the
actor and the event's state, never asked for by the caller.

| view       | names before unblinding | names after unblinding |
|------------|-------------------------|------------------------|
| draw       | organiser, chief judge  | organiser, chief judge |
| sheet      | nobody                  | every reader           |
| standings  | nobody                  | every reader           |

Judges never read the draw with names: they mark blind codes, and once the event is
unblinded their sheets carry the names. Standings and sheets are blind for everyone until
the chief judge unblinds the event (all its modules locked).
"""

from __future__ import annotations

from typing import Literal

from contests.accounts import Actor

View = Literal["draw", "sheet", "standings"]
STAFF = ("organiser", "chief_judge")
EVERY_READER = ("organiser", "chief_judge", "judge", "viewer")

# view → (roles reading names before unblinding, roles reading names after it)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "draw": (STAFF, STAFF),
    "sheet": ((), EVERY_READER),
    "standings": ((), EVERY_READER),
}


def names_visible(actor: Actor, view: View, *, unblinded: bool) -> bool:
    """Whether this actor reads names (employee number, name, unit) in this view now."""
    before, after = NAMES[view]
    return actor.role in (after if unblinded else before)


__all__ = ["NAMES", "View", "names_visible"]
