"""What the labour-competition pages share: the readers of each page, the labour home of a
unit reporter, the period a page opens on, and a definition's names in the page's language.

Every figure comes from the labour use-cases (`contests.usecases.labour`); nothing here
scores, checks or decides.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, ORGANISER, VIEWER
from contests.accounts import Actor
from contests.labour.definition import LabourCompetition
from contests.labour.periods import Period
from contests.usecases.labour.listing import reporting_for

REPORTING = "/reporting"
VERIFICATION = "/verification"
STANDINGS = "/labour-standings"
LEADERBOARD = "/leaderboard"
COMPETITIONS = "/labour-competitions"
READERS = (ORGANISER, EMPLOYEE, VIEWER)  # as the API's standings: organiser, employee, viewer


async def labour_home(session: AsyncSession, actor: Actor) -> str | None:
    """A unit reporter's home is the report form; None for a login that reports for nothing."""
    return REPORTING if actor.role == EMPLOYEE and await reporting_for(session, actor) else None


def open_period(c: LabourCompetition, today: dt.date, asked: str | None = None) -> Period:
    """The period asked for, else the first whose report deadline has not passed, else the last."""
    if asked is not None and (index := c.period_index(asked)) is not None:
        return c.periods[index]
    return next((p for p in c.periods if p.report_deadline >= today), c.periods[-1])


def pick(lang: str, zh: str, en: str = "") -> str:
    """A definition's name in the page's language (English only where the definition has it)."""
    return en if lang == "en" and en else zh


def unit_names(c: LabourCompetition, lang: str) -> dict[str, str]:
    return {u.code: pick(lang, u.name, u.name_en) for u in c.units}


__all__ = [
    "COMPETITIONS",
    "LEADERBOARD",
    "READERS",
    "REPORTING",
    "STANDINGS",
    "VERIFICATION",
    "labour_home",
    "open_period",
    "pick",
    "unit_names",
]
