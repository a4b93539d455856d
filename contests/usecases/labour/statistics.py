"""Statistics of a labour competition for the union's annual report
(`contests.labour.statistics`): read from the verified reports, scored as the standings
are, and counted in numpy."""

from __future__ import annotations

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from contests.labour.sheets import Table
from contests.labour.statistics import LabourStatistics, labour_statistics, statistics_tables
from contests.usecases.labour import store
from contests.usecases.labour.exports import titles_of
from contests.usecases.labour.standings import verified_result


async def competition_statistics(session: AsyncSession, competition_id: int) -> LabourStatistics:
    c, result, _ = await verified_result(session, competition_id)
    rows = await store.report_rows(session, competition_id, states=["verified"])
    t_of = {p.id: t for t, p in enumerate(c.participants)}
    p_of = {p.id: k for k, p in enumerate(c.periods)}
    # reports of a participant or period a later version dropped are kept but no longer count
    cells = np.array([(t_of[r.participant], p_of[r.period]) for r in rows if r.participant in t_of and r.period in p_of], dtype=np.intp)
    verified = np.zeros((len(c.participants), len(c.periods)), dtype=bool)
    if cells.size:
        verified[cells[:, 0], cells[:, 1]] = True
    titled = np.zeros(len(c.participants), dtype=np.int64)
    for outcome in await titles_of(session, c, result):
        np.add.at(titled, np.array([t_of[g] for g in outcome.granted], dtype=np.intp), 1)
    return labour_statistics(c, result, verified, titled)


async def statistics_sheets(session: AsyncSession, competition_id: int) -> tuple[list[Table], int]:
    """The statistics as tables for CSV / XLSX, and the decimal places to show."""
    stats = await competition_statistics(session, competition_id)
    _, c = await store.current(session, competition_id)
    return statistics_tables(stats, [t.name for t in c.rules.awards.thresholds]), 2


__all__ = ["competition_statistics", "statistics_sheets"]
