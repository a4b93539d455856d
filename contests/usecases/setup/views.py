"""What the setup use-cases return: plain msgspec Structs, safe to encode as API responses.

Inputs are the domain Structs of contests.definition and contests.people; these are the
shapes of what is stored, plus ids, versions and timestamps the store adds. `View` is the
base of every use-case view (the judging day's views derive from it too).
"""

from __future__ import annotations

import datetime as dt

import msgspec

from contests.after_draw import AfterDraw
from contests.definition import Contest


class View(msgspec.Struct, kw_only=True, frozen=True):
    pass


class ContestView(View, kw_only=True, frozen=True):
    """One version of a contest. `id` is the store's number; `slug` the definition's id."""

    id: int
    slug: str
    version: int
    definition: Contest
    created_at: dt.datetime  # when this version was stored


class ContestSummary(View, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    version: int  # the current version


class ImportReport(View, kw_only=True, frozen=True):
    created: int
    kind: str  # "units" | "teams" | "competitors"
    after_draw: list[AfterDraw] | msgspec.UnsetType = msgspec.UNSET  # competitors: events drawn before this import


class Recusal(View, kw_only=True, frozen=True):
    """A judge of a panel and the competitors (employee numbers) they may not mark."""

    judge: str
    competitors: list[str]


class PanelView(View, kw_only=True, frozen=True):
    event_id: str
    module_id: str
    judges: list[str]  # judge codes, in the order given
    recusals: list[Recusal]  # only judges with at least one conflict


class DrawAssignmentView(View, kw_only=True, frozen=True):
    """One line of a draw. Unrevealed: employee_no, name, unit and order are None, so a
    judge learns nothing but the blind code, session and station."""

    blind_code: str
    station: str
    session: int
    order: int | None  # round-1 drawing position (public at the ceremony, so it identifies)
    employee_no: str | None
    name: str | None
    unit: str | None


class DrawSessionView(View, kw_only=True, frozen=True):
    """One session (场次) of a draw in sessions: how many it seats and, if declared, when."""

    session: int
    seated: int
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None


class DrawView(View, kw_only=True, frozen=True):
    """The current draw of an event. `commitment` = SHA-256(seed) is public; the `seed`
    (hex) recreates the code table, so it is only given with names revealed.
    `stations_per_session` is None for a draw without sessions (one station per competitor);
    `sessions` lists the sessions of a draw in sessions (empty otherwise)."""

    event_id: str
    algorithm: str
    commitment: str
    seed: str | None
    stations: list[str]
    created_by: str
    created_at: dt.datetime
    assignments: list[DrawAssignmentView]
    stations_per_session: int | None = None
    sessions: list[DrawSessionView] = []


__all__ = [
    "ContestSummary",
    "ContestView",
    "DrawAssignmentView",
    "DrawSessionView",
    "DrawView",
    "ImportReport",
    "PanelView",
    "Recusal",
    "View",
]
