"""Field stamps (issue 15; revision 0020): one row per contest that changes whenever its
drawn field could read differently, so each app worker may hold the field (competitors, units,
teams, draw lines) between rankings and re-read it only when the stamp moved.

The stamp is moved by database triggers on `competitors`, `units`, `teams`, `draws` and
`draw_assignments` (every insert, update and delete, ORM or Core, executemany or COPY), in
the writing statement's own transaction, so no use-case can forget it: a use-case that
writes one of those tables bumps the stamp by writing. `version` counts the changes;
`token` is drawn at random at each, so a database replaced under a running worker (a
restore, a test's fresh copy) or a change rolled back after a worker read it never shares
a stamp with the one held.

Imported by `contests.store` so `Base.metadata` always has this table.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import Base

STAMPED = ("competitors", "units", "teams", "draws", "draw_assignments")  # the tables the drawn field is read from


class FieldStampRow(Base):
    """A contest's field stamp: changes counted and the random token of the last one."""

    __tablename__ = "field_stamps"

    contest_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)
    token: Mapped[str] = mapped_column(String(40))


__all__ = ["STAMPED", "FieldStampRow"]
