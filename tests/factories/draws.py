"""The sealed code table of a seeded draw, recomputed the way anyone who chose the seed can.

A draw's code → name table is sealed until every module is locked (issue 10): the draw's
answer carries no names. A draw made with a chosen seed is a reproduction, and whoever chose
the seed recomputes its table with `contests.draw.draw` (the audit entry records that the
seed was chosen). The fixtures do exactly that instead of reading the table from the server.
"""

from __future__ import annotations

from collections.abc import Iterable

from contests.draw import draw


def seeded_codes(employee_nos: Iterable[str], seed: int | str) -> dict[str, str]:
    """employee number → blind code of the event's draw made with `seed` (int, or the hex the
    API takes), over the event's competitors (one station each, as the service draws)."""
    ids = list(employee_nos)
    return draw(ids, len(ids), int(seed, 16) if isinstance(seed, str) else seed).codes()


__all__ = ["seeded_codes"]
