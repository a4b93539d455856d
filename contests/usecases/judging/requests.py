"""The request bodies of the judging-day use-cases (what a tablet or the chief judge sends).

Bounds are declared here so msgspec enforces them when the API decodes a body and OpenAPI
publishes them; Structs built in Python are checked the same way by `typed` (JudgingError).
Values are `Decimal`: JSON numbers and numeric strings both decode to the exact digits the
judge typed, and marks are stored as exact decimals.

One Struct per body, declared once: the API decodes these very Structs. Where the event is
in the URL the body is `EventMarks` / `EventAppeal` (no event field: one in the body is
refused, 400); `in_event` names the URL's event in each, giving the `MarkBatch` /
`AppealFiling` the use-cases take, which extend the body's Structs with `event_id`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

import msgspec
import msgspec.inspect

from contests.fields import FREE_TEXT_PATTERN, VISIBLE_TEXT_PATTERN, Code, validation_problem
from contests.judging.errors import JudgingError
from contests.judging.field import BlindCode
from scoring.scheme import Ident

MAX_BATCH = 10_000  # a whole sheet: 300 competitors × 30 aspects fits in one request
MAX_CORRECTIONS = 1_000
MAX_TEXT = 2_000

# a reason is read by people: it needs visible characters (a zero-width space is none); a
# text (grounds, a decision's reason) holds no control characters, and its use-case refuses
# one without visible characters (409, as a blank one always was)
Reason = Annotated[str, msgspec.Meta(max_length=MAX_TEXT, pattern=VISIBLE_TEXT_PATTERN)]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT, pattern=FREE_TEXT_PATTERN)]
Appellant = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class _Body(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class MarkEntry(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One judge's mark for one competitor (by blind code) on one aspect of a module of the
    event the marks are sent to. `value`: a JSON number or a decimal string ("2.5"), stored
    exactly. `reason` is required when the cell already has another mark (a correction)."""

    module_id: Ident
    blind_code: BlindCode
    aspect_id: Ident
    value: Decimal
    reason: Reason | None = None


class MarkInput(MarkEntry, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A mark that names its event (a batch may span events when built in Python)."""

    event_id: Code


class EventMarks(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Marks sent together to one event: stored all together or not at all; each refused
    mark is named at `marks[i]…` in the 409 answer."""

    marks: Annotated[list[MarkEntry], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]

    def in_event(self, event_id: str) -> MarkBatch:
        return MarkBatch(marks=[MarkInput(event_id=event_id, **msgspec.structs.asdict(m)) for m in self.marks])


class MarkBatch(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Marks sent together, each naming its event: stored all together or not at all."""

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


class EventAppeal(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A written appeal about one competitor in one module of the event it is sent to,
    named by blind code or by employee number (exactly one). `appellant`: who appealed
    (e.g. the team lead)."""

    module_id: Ident
    blind_code: BlindCode | None = None
    employee_no: Code | None = None
    grounds: Text
    appellant: Appellant

    def in_event(self, event_id: str) -> AppealFiling:
        return AppealFiling(event_id=event_id, **msgspec.structs.asdict(self))


class AppealFiling(EventAppeal, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """An appeal that names its event."""

    event_id: Code


class AppealDecision(_Body, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """upheld: at least one correction; rejected: none. A reason is always required."""

    decision: Literal["upheld", "rejected"]
    reason: Text
    corrections: Annotated[list[AppealCorrection], msgspec.Meta(max_length=MAX_CORRECTIONS)] = []


def typed(record: msgspec.Struct) -> None:
    """Apply the Struct's declared bounds: Structs built in Python skip msgspec's Meta
    checks, which only run on decoding (a body from the API has passed them already)."""
    if isinstance(record, MarkBatch) and _marks_hold(record):
        return
    try:
        msgspec.convert(msgspec.to_builtins(record), type(record))
    except msgspec.ValidationError as exc:
        raise JudgingError.at(*validation_problem(exc)) from exc


def _marks_hold(batch: MarkBatch) -> bool:
    """Whether a batch holds to its declared bounds, checked column by column on each field's
    distinct values: a batch of 500 marks has a few modules, aspects and values and some
    dozens of blind codes, so this checks about 50 values instead of converting 500 marks
    again (4 ms of a batch). False when anything is off: `typed` then converts the whole batch
    to name the first mark at fault."""
    marks = batch.marks
    declared, columns = _mark_columns()
    if type(batch) is not MarkBatch or not declared.min_length <= len(marks) <= declared.max_length:
        return False
    if any(type(m) is not MarkInput for m in marks):
        return False
    rows = msgspec.to_builtins(marks)
    try:
        for name, column in columns:
            msgspec.convert(list({row[name] for row in rows}), column)
    except (msgspec.ValidationError, TypeError):  # TypeError: a value without a hash cannot be in a set
        return False
    return True


@cache
def _mark_columns() -> tuple[Any, list[tuple[str, Any]]]:
    """The declared list type of a batch's marks (its length bounds), and per field of a mark
    its name and the type of a list of its values: read from the Structs, not restated."""
    columns = [(f.encode_name, list[f.type]) for f in msgspec.structs.fields(MarkInput)]  # type: ignore[name-defined]
    return msgspec.inspect.type_info(MarkBatch).fields[0].type, columns


__all__ = [
    "AppealCorrection",
    "AppealDecision",
    "AppealFiling",
    "EventAppeal",
    "EventMarks",
    "MarkEntry",
    "BlindCode",
    "MAX_BATCH",
    "MarkBatch",
    "MarkInput",
    "TimeBatch",
    "TimeInput",
    "typed",
]
