"""What the judging-day use-cases return: plain msgspec Structs, safe to encode as API responses.

Blindness: every view a judge can read (sheets, batch results, sign-offs) names
competitors by blind code only until the chief judge unblinds the event; the name fields
they have are None until then. Decimal values are exact and encode as JSON strings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

from contests.after_draw import AfterDraw
from contests.results.breakdown import Breakdown
from contests.results.diff import Change
from contests.results.standings import Standings
from contests.usecases.setup.views import View

MarkStatus = Literal["created", "corrected", "unchanged"]


class MarkOutcome(View, kw_only=True, frozen=True):
    """What became of marks[index] of a batch. unchanged: equal to the current mark, so no
    new version was written (a resend without its key is harmless too)."""

    index: int
    event_id: str
    module_id: str
    blind_code: str
    aspect_id: str
    value: Decimal
    version: int  # the cell's current version after the batch
    status: MarkStatus


class MarkBatchResult(View, kw_only=True, frozen=True):
    judge: str  # the judge code the marks were stored under
    created: int
    corrected: int
    unchanged: int
    marks: list[MarkOutcome]


class MarkVersionView(View, kw_only=True, frozen=True):
    """One stored version of a cell (all versions are kept). appeal_id: the upheld appeal
    that wrote it, if any."""

    version: int
    value: Decimal
    reason: str | None
    by: str
    at: dt.datetime
    appeal_id: int | None


class BandView(View, kw_only=True, frozen=True):
    upto: float
    marks: float


class SheetAspect(View, kw_only=True, frozen=True):
    """One column of a marking sheet, with what the judge needs to mark it. owed: a mark is
    expected from every judge (measurement, judgement); deductions (counts) and vetoes
    (1 = happened) are entered only when they happen."""

    id: str
    name: str
    name_en: str
    criterion: str  # the criterion or sub-criterion it belongs to
    kind: Literal["measurement", "judgement", "deduction", "veto"]
    rule: str | None  # measurement: marks | pass_fail | bands | tolerance | grades | time
    max_marks: float | None
    unit: str
    descriptors: list[str]  # judgement levels 0–3
    bands: list[BandView]
    per_occurrence: float | None
    cap: float | None
    disqualify_at: int | None
    effect: str | None  # veto: aspect | criterion | module | disqualify
    owed: bool
    # measured against a drawing (tolerance, grades, time) or by one judge; None otherwise
    drawing: str | None = None  # the drawing's notation: "18 ±0.03", "24 +0.021/0"
    rule_text: str | None = None  # how the mark follows from the value
    panel: str | None = None  # "single" (one measurer) or the module's panel rule (mean, trimmed_mean…)


class SheetCell(View, kw_only=True, frozen=True):
    aspect_id: str
    value: Decimal
    version: int


class SheetRow(View, kw_only=True, frozen=True):
    """One competitor line the judge marks (competitors the judge is recused from are not on
    the sheet). employee_no, name and unit stay None until unblinding."""

    blind_code: str
    station: str
    session: int
    marks: list[SheetCell]  # the judge's current marks
    owed: list[str]  # aspect ids still owed by the judge
    employee_no: str | None
    name: str | None
    unit: str | None


class SheetView(View, kw_only=True, frozen=True):
    """A judge's marking sheet of one module (judge None: the chief judge reading the bare sheet)."""

    event_id: str
    module_id: str
    module_name: str
    module_name_en: str
    judge: str | None
    blind: bool
    locked: bool
    locked_at: dt.datetime | None
    signed: bool
    signed_at: dt.datetime | None
    owed: int
    aspects: list[SheetAspect]
    rows: list[SheetRow]  # by blind code


class OwedCells(View, kw_only=True, frozen=True):
    blind_code: str
    aspects: list[str]


class JudgeProgress(View, kw_only=True, frozen=True):
    judge: str
    marked: int  # cells with a current mark (deductions and vetoes included)
    owed: int
    recused: int  # competitors the judge may not mark
    signed: bool  # a current sign-off (no own mark changed since)
    signed_at: dt.datetime | None
    owed_cells: list[OwedCells]


class ModuleProgress(View, kw_only=True, frozen=True):
    module_id: str
    module_name: str
    locked: bool
    locked_at: dt.datetime | None
    owed: int
    unsigned: int  # panel judges without a current sign-off
    judges: list[JudgeProgress]  # panel order; empty: no panel yet


class ProgressView(View, kw_only=True, frozen=True):
    event_id: str
    competitors: int  # in the current draw
    unblinded: bool
    modules: list[ModuleProgress]
    after_draw: AfterDraw | msgspec.UnsetType = msgspec.UNSET  # competitors registered after the draw, not in it


class SignOffView(View, kw_only=True, frozen=True):
    event_id: str
    module_id: str
    judge: str
    marks: int  # the judge's own mark rows the signature covers
    signed_at: dt.datetime


class LockView(View, kw_only=True, frozen=True):
    """A module's lock state after a lock or unlock. appeal_deadline: until when appeals
    are accepted (locked modules only)."""

    event_id: str
    module_id: str
    state: Literal["locked", "unlocked"]
    seq: int
    forced: bool
    owed: int  # marks owed when it was locked (only a forced lock has any)
    unsigned: int
    reason: str | None
    by: str
    at: dt.datetime
    appeal_deadline: dt.datetime | None


class CorrectionView(View, kw_only=True, frozen=True):
    judge: str
    aspect_id: str
    old: Decimal | None
    new: Decimal
    version: int


class AppealView(View, kw_only=True, frozen=True):
    id: int
    event_id: str
    module_id: str
    blind_code: str
    grounds: str
    appellant: str
    filed_by: str
    filed_at: dt.datetime
    deadline: dt.datetime  # end of the appeal window it was filed in
    status: Literal["open", "upheld", "rejected"]
    reason: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    corrections: list[CorrectionView]


class UnblindView(View, kw_only=True, frozen=True):
    event_id: str
    by: str
    at: dt.datetime


class TimesResult(View, kw_only=True, frozen=True):
    event_id: str
    module_id: str
    created: int
    corrected: int
    unchanged: int


class PublishedStandings(View, kw_only=True, frozen=True):
    """An immutable published snapshot. changes: against snapshot number - 1 (empty for 1)."""

    contest_id: int
    event_id: str
    number: int
    definition_version: int
    created_by: str
    created_at: dt.datetime
    standings: Standings
    changes: list[Change]


class EventResults(View, kw_only=True, frozen=True):
    """An event's latest published snapshot and its breakdowns (blind code → breakdown)."""

    published: PublishedStandings
    breakdowns: dict[str, Breakdown]


class PublishedResults(View, kw_only=True, frozen=True):
    """What the public page and workbook show: the contest's names and, per event with a
    published snapshot, the latest one, in definition order."""

    name: str
    name_en: str
    events: list[EventResults]


class SnapshotSummary(View, kw_only=True, frozen=True):
    event_id: str
    number: int
    definition_version: int
    created_by: str
    created_at: dt.datetime
    changes: int


class JudgeSeverityView(View, kw_only=True, frozen=True):
    """offset: the judge's mean mark minus the panel's trimmed mean (None: nothing comparable)."""

    judge: str
    offset: float | None
    marks_counted: int
    flagged: bool


class SpreadView(View, kw_only=True, frozen=True):
    blind_code: str
    aspect_id: str
    marks: list[float]


class ModuleAnalytics(View, kw_only=True, frozen=True):
    """Judge statistics of one module (scoring.judge_report). icc / kendall_w are None when
    the panel has too few complete rows or judges to compute them."""

    module_id: str
    trim: int
    judges: list[JudgeSeverityView]
    spreads: list[SpreadView]
    spread_count: int
    icc: float | None
    kendall_w: float | None
    rows: int
    raters: int


class AnalyticsView(View, kw_only=True, frozen=True):
    event_id: str
    modules: list[ModuleAnalytics]


__all__ = [
    "AnalyticsView",
    "AppealView",
    "BandView",
    "CorrectionView",
    "EventResults",
    "JudgeProgress",
    "JudgeSeverityView",
    "LockView",
    "MarkBatchResult",
    "MarkOutcome",
    "MarkVersionView",
    "ModuleAnalytics",
    "ModuleProgress",
    "OwedCells",
    "ProgressView",
    "PublishedResults",
    "PublishedStandings",
    "SheetAspect",
    "SheetCell",
    "SheetRow",
    "SheetView",
    "SignOffView",
    "SnapshotSummary",
    "SpreadView",
    "TimesResult",
    "UnblindView",
    "MarkStatus",
]
