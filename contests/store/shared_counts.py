"""Shared counts (issue 15, point 7; revision 0019): counters every app worker reads and writes.

The login limits (per client address, per account) used to live in one process's memory, so
N workers allowed N × the limit. One row per counted key, its value (opaque bytes: the
counter's own JSON) and its expiry as seconds since the epoch (wall clock, the same in every
worker; NULL never expires). Expired rows are ignored when read and purged a few at a time
on write (api.shared_counts).

Imported by `contests.store` so `Base.metadata` always has this table.
"""

from __future__ import annotations

from sqlalchemy import Float, Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import Base


class SharedCountRow(Base):
    """One counted key: its value and when it expires (epoch seconds, None = never)."""

    __tablename__ = "shared_counts"
    __table_args__ = (Index("ix_shared_counts_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[float | None] = mapped_column(Float)


__all__ = ["SharedCountRow"]
