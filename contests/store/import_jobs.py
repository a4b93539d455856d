"""Import jobs (issue 15, point 2; revision 0017): a large import sent over HTTP runs as a job.

The job row is the only place its progress lives, so any app worker can answer the progress
GET (several workers serve one database). The import itself is one transaction that also
writes the job's final state and report: a job shown `done` has every row committed, and a
job whose transaction was rolled back is written `refused` or `failed` afterwards, with
nothing of the file kept.

Imported by `contests.store` so `Base.metadata` always has this table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import USERNAME, Base, _in
from contests.store.types import utcnow

JOB_STATES = ("queued", "running", "done", "refused", "failed")


class ImportJobRow(Base):
    """One import job: its public token (the job's URL), its kind, state, phase and counts,
    and the final report as JSON (the synchronous import's answer, or its refusal)."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint(_in("state", JOB_STATES), name="state"),
        CheckConstraint("rows_read >= 0 AND rows_written >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id"))
    kind: Mapped[str] = mapped_column(String(32))  # "units" | "teams" | "competitors" | "theory_marks"
    state: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16))  # "queued" → "read" → "write" → "finished"
    rows_read: Mapped[int] = mapped_column(Integer)
    rows_written: Mapped[int] = mapped_column(Integer)
    report: Mapped[str | None] = mapped_column(Text)  # JSON: the final report, or the refusal's problems
    created_by: Mapped[str] = mapped_column(String(USERNAME))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column()


__all__ = ["JOB_STATES", "ImportJobRow"]
