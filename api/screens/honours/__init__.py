"""Honours screens (评比表彰, issue 13): the committee member's voting page."""

from api.screens.honours.voting import ROUTES

__all__ = ["ROUTES"]
