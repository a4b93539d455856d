"""The organiser's home: the contests, and where each part of the console is.

`/organiser` and the organiser's `/home` (api/screens/signin) render the same page.
"""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.screens.layout import page
from api.screens.organiser.console import BASE, organiser
from contests.accounts import Actor
from contests.usecases.setup.contests import list_contests


async def home_page(request: Request, session: AsyncSession, actor: Actor) -> Template:
    return page(request, "organiser/home", actor=actor, contests=await list_contests(session))


@get(BASE)
async def organiser_home(request: Request, session: NamedDependency[AsyncSession]) -> Template:
    return await home_page(request, session, await organiser(request, session))


ROUTES = [organiser_home]

__all__ = ["ROUTES", "home_page"]
