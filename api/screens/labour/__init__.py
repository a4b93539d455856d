"""Labour competitions on screen (劳动竞赛, issue 12 item 4): the unit reporter's form
(`reporting`), the organiser's plans (`plans`) and verification queue (`verification`), period and annual
standings (`standings`), the public leaderboard with its trend chart (`leaderboard`), and
the list of competitions (`competitions`). Every page calls the labour use-cases the API
calls; nothing here scores or decides."""

from api.screens.labour.competitions import ROUTES as COMPETITION_ROUTES
from api.screens.labour.leaderboard import ROUTES as LEADERBOARD_ROUTES
from api.screens.labour.plans import ROUTES as PLAN_ROUTES
from api.screens.labour.reporting import ROUTES as REPORTING_ROUTES
from api.screens.labour.standings import ROUTES as STANDINGS_ROUTES
from api.screens.labour.verification import ROUTES as VERIFICATION_ROUTES

ROUTES = [*COMPETITION_ROUTES, *PLAN_ROUTES, *REPORTING_ROUTES, *VERIFICATION_ROUTES, *STANDINGS_ROUTES, *LEADERBOARD_ROUTES]

__all__ = ["ROUTES"]
