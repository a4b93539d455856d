"""Printing from the console (打印): the published results as the PDF the API prints.

The API's paper routes (api/routes/paper.py) take a bearer token, which a page's link cannot
send, so the console has its own thin route: the session cookie says who is signed in, then
the same use-case and the same drawing as `GET /contests/{id}/paper/results.pdf`, in a worker
thread. Organiser only, as there. Before the first publication the use-case refuses and the
page says why. (Marking sheets are the chief judge's and the judges' to print: the chief
console links them.)
"""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from api.routes.paper import PDF, pdf, render
from api.routes.params import ContestId
from api.screens.organiser.console import CONTEST, organiser
from contests.paper.results_list import results_pdf
from contests.usecases.judging import publishing as publishing_uc


@get(f"{CONTEST}/paper/results.pdf", media_type=PDF)
async def results_paper(request: Request, session: NamedDependency[AsyncSession], contest_id: ContestId) -> Response[bytes]:
    """The published results to print (成绩公示), every event's latest snapshot."""
    await organiser(request, session)
    results = await publishing_uc.latest_published(session, contest_id)
    events = [(e.published.standings, e.published.created_at) for e in results.events]
    return pdf(await render(results_pdf, events, organiser=""), f"{contest_id}-results.pdf")


ROUTES = [results_paper]

__all__ = ["ROUTES"]
