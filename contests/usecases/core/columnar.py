"""Numeric query results straight into numpy: a Core `select()` of numbers, run on the
session's connection through the DBAPI cursor, fetched as plain tuples into one float64
array. No ORM object and no SQLAlchemy `Row` per result row: for the hundreds of thousands
of marks of a large event, `Row` processing and numpy's probing of `Row` objects cost many
times the query itself (issue 15).
"""

from __future__ import annotations

import itertools

import numpy as np
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession


async def fetch_array(session: AsyncSession, query: Select, columns: int) -> np.ndarray:
    """The query's rows as a float64 array [rows, columns]. Every selected expression must
    be numeric and never NULL; integers stay exact below 2**53."""
    connection = await session.connection()
    rows = await connection.run_sync(_fetch_all, query)
    # one flat pass over the values (tuples, or asyncpg's Records alike): a third faster than
    # np.array over the rows, which first probes each row for its shape
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=len(rows) * columns)
    return flat.reshape(-1, columns)


def _fetch_all(connection, query: Select) -> list:
    """The query run through SQLAlchemy's compiled cache (compiling a select of a few dozen
    CASE arms costs milliseconds, more than a small query itself), its rows fetched from
    the DBAPI cursor with no `Row` per result row (SQLAlchemy's async adapters expose the
    DB-API interface, so this serves aiosqlite and asyncpg alike)."""
    result = connection.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


__all__ = ["fetch_array"]
