"""The public leaderboard as data (公开排行榜): only the fields a notice board shows.

Public: the competition's and periods' names; each team's name and unit, its total and place
in each period with verified reports, its year total and place, its red-flag count, and who
won each period's 流动红旗 and threshold awards. Never public: plans, actuals, incidents and
veto facts, veto reasons, late notes, report notes, return reasons, reporters' logins. The
rows are copied field by field into the Structs below (an allow-list), so a field added to a
use-case's view does not reach the board by accident.
"""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from api.screens.labour.common import pick, unit_names
from api.screens.labour.standings import period_tables
from api.screens.labour.trend_chart import TeamTrend
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import standings as standings_uc


class PublicCell(msgspec.Struct, frozen=True):
    total: float | None  # None: no verified report of this team in the period
    rank: int | None
    awards: list[str]


class PublicRow(msgspec.Struct, frozen=True):
    team: str
    unit: str
    cells: list[PublicCell]  # one per shown period
    total: float
    rank: int
    red_flags: int
    awards: list[str]


class PublicPeriod(msgspec.Struct, frozen=True):
    id: str
    name: str
    flag_winners: list[str]


class PublicBoard(msgspec.Struct, frozen=True):
    competition_id: int
    name: str
    year: int
    flag_name: str
    periods: list[PublicPeriod]  # the periods with at least one verified report
    rows: list[PublicRow]  # by the year's place

    def trends(self) -> list[TeamTrend]:
        return [TeamTrend(r.team, [c.total for c in r.cells], [self.flag_name in c.awards for c in r.cells]) for r in self.rows]


async def public_board(session: AsyncSession, competition_id: int, lang: str) -> PublicBoard:
    view = await competition_uc.get_competition(session, competition_id)
    c = view.definition
    names = {p.id: pick(lang, p.name, p.name_en) for p in c.participants}
    units = unit_names(c, lang)
    shown = [t for t in await period_tables(session, view.id, c) if t.verified]
    by_team = [{r.participant: r for r in t.rows} for t in shown]
    flag = c.rules.awards.best_name
    annual = await standings_uc.annual_standings(session, view.id)
    rows = [
        PublicRow(
            team=names.get(a.participant, a.name), unit=units.get(a.unit, a.unit),
            cells=[_cell(table.get(a.participant), len(c.indicators)) for table in by_team],
            total=a.total, rank=a.rank, red_flags=a.red_flags, awards=list(a.awards),
        )
        for a in annual.rows
    ]  # fmt: skip
    periods = [
        PublicPeriod(
            t.period, pick(lang, *_period_names(c, t.period)), [names.get(r.participant, r.name) for r in t.rows if flag in r.awards]
        )
        for t in shown
    ]
    return PublicBoard(view.id, pick(lang, c.name, c.name_en), c.year, flag, periods, rows)


def _cell(row, indicators: int) -> PublicCell:
    """A team's period on the board; nothing while it has no verified figure at all."""
    if row is None or len(row.not_reported) >= indicators:
        return PublicCell(None, None, [])
    return PublicCell(row.total, row.rank, list(row.awards))


def _period_names(c, period_id: str) -> tuple[str, str]:
    p = c.periods[c.period_index(period_id)]
    return p.name, p.name_en


__all__ = ["PublicBoard", "PublicRow", "public_board"]
