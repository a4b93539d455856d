"""Uploaded attachments of honours nominations (推荐附件: a scanned certificate, a 申报表),
revision 0014: one row per version of a file, like `labour_report_files`. The bytes live in
the shared attachment store (`contests.attachments`) under their SHA-256; a replacement is
version n+1 and nothing is overwritten.

Imported by `contests.store` so `Base.metadata` always has this table.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from contests.store.models import Base, FileVersionColumns, file_version_constraints


class HonoursNominationFileRow(FileVersionColumns, Base):
    """One version of file `number` of a nomination: digest, size, sniffed type, NFC name (FileVersionColumns)."""

    __tablename__ = "honours_nomination_files"
    __table_args__ = file_version_constraints("nomination_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("honours_nominations.id"))


__all__ = ["HonoursNominationFileRow"]
