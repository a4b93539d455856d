"""Registered after the draw (抽签后报名): competitors of an event that has been drawn who are
not in its current draw. They have no blind code, so no judge can mark them and the
standings leave them out; biwu says so wherever the organiser or chief judge looks
(the registration answer, the import report, progress, provisional standings, the publish
preview) instead of leaving them out silently.

Registering after the draw is warned, not refused: a late entry (a substitute, a competitor
whose unit sent the form late) is normal, and the organiser decides. The way to include them
is to draw the event again (`POST …/draw`), which the draw allows until the first mark of the
event; after that the draw is fixed (marks are stored against its blind codes), so a late
competitor cannot enter this event's results and the warning says so. The lot draw has no
supplementary round for newcomers (`contests.draw` draws a whole field from one seed).
"""

from __future__ import annotations

import msgspec


class NotDrawn(msgspec.Struct, kw_only=True, frozen=True):
    """A competitor registered in the event but not in its current draw."""

    employee_no: str
    name: str
    unit: str


class AfterDraw(msgspec.Struct, kw_only=True, frozen=True):
    """The warning: who is left out of an event's draw, why, and what can be done.
    `redraw`: True while the event may still be drawn again (no mark yet)."""

    event_id: str
    message: str
    redraw: bool
    competitors: list[NotDrawn]


def after_draw(event_id: str, competitors: list[NotDrawn], *, marking_started: bool) -> AfterDraw | None:
    """The warning for an event's undrawn competitors (None when there are none)."""
    if not competitors:
        return None
    who = ", ".join(f"{c.employee_no} {c.name}" for c in competitors)
    left_out = f"{len(competitors)} competitor(s) registered after the draw of event {event_id!r} are not in its draw ({who})"
    if marking_started:
        what = "marking has started, so the draw is fixed: they are left out of this event's marking sheets and standings"
    else:
        what = "they are left out of its marking sheets and standings until the event is drawn again (possible until the first mark)"
    return AfterDraw(event_id=event_id, message=f"{left_out}: {what}", redraw=not marking_started, competitors=competitors)


__all__ = ["AfterDraw", "NotDrawn", "after_draw"]
