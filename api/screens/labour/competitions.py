"""The labour competitions a signed-in login may open (劳动竞赛), with links to what its role
does there: the organiser verifies and reads the standings; a unit reporter reports; a
viewer reads the standings; everyone may open the public leaderboard."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth import EMPLOYEE
from api.screens.labour.common import COMPETITIONS, READERS
from api.screens.layout import page
from api.screens.session import require_actor
from contests.usecases.labour.listing import list_competitions, reporting_for


@get(COMPETITIONS)
async def competitions_page(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    actor = await require_actor(request, session, *READERS)
    entries = await (reporting_for(session, actor) if actor.role == EMPLOYEE else list_competitions(session))
    return page(request, "labour/competitions", actor=actor, entries=entries)


ROUTES = [competitions_page]
