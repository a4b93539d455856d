"""The five-smalls campaign screens (五小 / 合理化建议), on the same sign-in, frame and
languages as the contest screens:

- employee.py: the employee's phone pages ("我的提案", the proposal form, files);
- reviewer.py: the expert reviewer's queue and rubric form (blind: no proposer anywhere);
- board.py: the organiser's board (filters, bulk transitions, panels, award preview,
  publication, statistics with charts);
- finance.py: verifying the benefit with its evidence.

A campaign role's home (/home) is its page here (`landing`).
"""

from __future__ import annotations

from litestar import Request
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE, FINANCE, REVIEWER
from api.screens.campaigns import board, employee, finance, reviewer
from contests.accounts import Actor

ROUTES = [*employee.ROUTES, *reviewer.ROUTES, *board.ROUTES, *finance.ROUTES]
LANDINGS = {EMPLOYEE: employee.landing, REVIEWER: reviewer.landing, FINANCE: finance.landing}


async def landing(request: Request, session: AsyncSession, actor: Actor) -> Template:
    """The home page of a campaign role (employee, reviewer, finance)."""
    return await LANDINGS[actor.role](request, session, actor)


__all__ = ["LANDINGS", "ROUTES", "landing"]
