"""Every honours controller (issue 13), registered in api/app.py as one list."""

from api.routes.honours import HonoursController
from api.routes.honours_committee import HonoursCommitteeController
from api.routes.honours_lists import HonoursListController, PublicHonoursController

HONOURS_ROUTES = [HonoursController, HonoursCommitteeController, HonoursListController, PublicHonoursController]

__all__ = ["HONOURS_ROUTES"]
