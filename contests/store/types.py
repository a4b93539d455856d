"""Column types shared by the models: timezone-aware UTC timestamps.

SQLite has no timestamp-with-time-zone: SQLAlchemy writes the wall-clock digits and reads
back a naive datetime. `UTCDateTime` converts every value to UTC on the way in (refusing a
naive one, whose zone is unknown) and marks values read back as UTC, so callers see aware
UTC datetimes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware values (UTC)")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite: we only ever wrote UTC
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
