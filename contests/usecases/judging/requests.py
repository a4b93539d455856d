"""The request bodies of the judging-day use-cases (what a tablet or the chief judge sends).

Bounds are declared here so msgspec enforces them when the API decodes a body and OpenAPI
publishes them; Structs built in Python are checked the same way by `checks.typed`.
Values are `Decimal`: JSON numbers and numeric strings both decode to the exact digits the
judge typed, and marks are stored as exact decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from contests.fields import Code
from scoring.scheme import Ident

MAX_BATCH = 10_000  # a whole sheet: 300 competitors × 30 aspects fits in one request
MAX_CORRECTIONS = 1_000
MAX_TEXT = 2_000

BlindCode = Annotated[str, msgspec.Meta(min_length=1, max_length=12, pattern="^[1-9][0-9]*(?![\\s\\S])")]
Reason = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT)]
Appellant = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class _Body(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class MarkInput(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One judge's mark for one competitor (by blind code) on one aspect. `reason` is
    required when the cell already has a mark (a correction)."""

    event_id: Code
    module_id: Ident
    blind_code: BlindCode
    aspect_id: Ident
    value: Decimal
    reason: Reason | None = None


class MarkBatch(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Marks sent together: stored all together or not at all."""

    marks: Annotated[list[MarkInput], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]


class TimeInput(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A competitor's completion time of a module in seconds (for tie-breaks)."""

    blind_code: BlindCode
    seconds: Decimal
    reason: Reason | None = None


class TimeBatch(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    times: Annotated[list[TimeInput], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]


class AppealCorrection(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A mark an upheld appeal sets: judge `judge`'s mark on `aspect_id` of the appealed
    competitor in the appealed module becomes `value`."""

    judge: Code
    aspect_id: Ident
    value: Decimal


class AppealFiling(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A written appeal about one competitor in one module, named by blind code or employee
    number (exactly one). `appellant`: who appealed (e.g. the team lead)."""

    event_id: Code
    module_id: Ident
    blind_code: BlindCode | None = None
    employee_no: Code | None = None
    grounds: Text
    appellant: Appellant


class AppealDecision(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """upheld: at least one correction; rejected: none. A reason is always required."""

    decision: Literal["upheld", "rejected"]
    reason: Text
    corrections: Annotated[list[AppealCorrection], msgspec.Meta(max_length=MAX_CORRECTIONS)] = []


__all__ = [
    "AppealCorrection",
    "AppealDecision",
    "AppealFiling",
    "BlindCode",
    "MAX_BATCH",
    "MarkBatch",
    "MarkInput",
    "TimeBatch",
    "TimeInput",
]
