"""Period and annual standings of a labour competition (成绩排名), for the organiser, unit
reporters and viewers (the API's readers): each period's table with vetoes and their
reasons, late deductions and awards; the year with red flags and annual vetoes; and the
流动红旗 of every period. The figures are the use-cases' (`period_standings`,
`annual_standings`), the same the API answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.labour import CompetitionId
from api.screens.i18n import choose_language
from api.screens.labour.common import READERS, STANDINGS, open_period, pick, unit_names
from api.screens.labour.reporting import PeriodChoice
from api.screens.layout import page
from api.screens.session import require_actor
from contests.labour.definition import LabourCompetition
from contests.usecases.labour import competition as competition_uc
from contests.usecases.labour import reports as reports_uc
from contests.usecases.labour import standings as standings_uc
from contests.usecases.labour.views import AnnualStandingsView, PeriodStandingsView


@dataclass(frozen=True)
class FlagLine:
    """One period's 流动红旗: who won it (none while nothing is verified)."""

    period: str
    name: str
    verified: int
    winners: list[str]


async def period_tables(session: AsyncSession, competition_id: int, c: LabourCompetition) -> list[PeriodStandingsView]:
    """Every period's standings, in the definition's order."""
    return await standings_uc.every_period_standings(session, competition_id)


def red_flags(c: LabourCompetition, tables: list[PeriodStandingsView], names: dict[str, str]) -> list[FlagLine]:
    flag = c.rules.awards.best_name
    return [FlagLine(t.period, t.name, t.verified, [names.get(r.participant, r.name) for r in t.rows if flag in r.awards]) for t in tables]


@get(f"{STANDINGS}/{{competition_id:int}}")
async def standings_page(
    request: Request, session: NamedDependency[AsyncSession], competition_id: CompetitionId, period: PeriodChoice = None
) -> Template:
    actor = await require_actor(request, session, *READERS)
    lang = choose_language(request)
    view = await competition_uc.get_competition(session, competition_id)
    c = view.definition
    chosen = open_period(c, reports_uc.china_today(), period)
    tables = await period_tables(session, view.id, c)
    annual: AnnualStandingsView = await standings_uc.annual_standings(session, view.id)
    names = {p.id: pick(lang, p.name, p.name_en) for p in c.participants}
    context = {
        "competition_id": view.id, "competition_name": pick(lang, c.name, c.name_en), "periods": c.periods, "period": chosen,
        "table": tables[c.period_index(chosen.id)], "annual": annual, "flags": red_flags(c, tables, names), "names": names,
        "units": unit_names(c, lang), "flag_name": c.rules.awards.best_name,
    }  # fmt: skip
    return page(request, "labour/standings", actor=actor, **context)


ROUTES = [standings_page]
