"""The unit nominator's screens (推荐申报, issue 13), registered in api/screens/__init__.py:
the round pages (nomination.py) and one nomination's page with its 事迹 versions,
amendment, withdrawal and attachments (nomination_detail.py)."""

from api.screens.honours.nomination import ROUTES as ROUND_ROUTES
from api.screens.honours.nomination_detail import ROUTES as DETAIL_ROUTES

NOMINATION_ROUTES = [*ROUND_ROUTES, *DETAIL_ROUTES]

__all__ = ["NOMINATION_ROUTES"]
