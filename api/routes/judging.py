"""The judging day at the venue: marking sheets, batch marks, mark histories, progress,
sign-off, locks and completion times of one event.

Judges work on blind codes only: nothing here answers a judge with a competitor's name,
unit or employee number before the chief judge unblinds the event (the use-cases leave
those fields empty). The tablet's batch carries an `Idempotency-Key`: a retry after a lost
answer has no second effect and gets the first answer back, with the same status.

Who may call what is the role guard; what only the data can tell (is this login a judge of
the contest, on this panel, the contest's own chief judge?) the use-case decides (403).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIType
from litestar.params import HeaderParameter, PathParameter, QueryParameter, RequestBody
from sqlalchemy.ext.asyncio import AsyncSession

from api import problems
from api.auth import CHIEF, JUDGE, ORGANISER, STAFF, allow
from api.routes.params import ContestId, EventId, ModuleId
from contests.fields import CODE_PATTERN
from contests.judging.errors import JudgingError
from contests.judging.field import BLIND_CODE_MAX, BLIND_CODE_PATTERN
from contests.usecases.core.idempotency import HEADER, KEY_PATTERN, MAX_KEY
from contests.usecases.judging import locks as locks_uc
from contests.usecases.judging import marking as marking_uc
from contests.usecases.judging import preview as preview_uc
from contests.usecases.judging import progress as progress_uc
from contests.usecases.judging import sheets as sheets_uc
from contests.usecases.judging import times as times_uc
from contests.usecases.judging.preview import MarkPreview
from contests.usecases.judging.requests import EventMarks, Reason, Text, TimeBatch
from contests.usecases.judging.views import LockView, MarkBatchResult, MarkVersionView, ProgressView, SheetView, SignOffView, TimesResult

SHEET_READERS = (CHIEF, JUDGE)
HISTORY_READERS = (ORGANISER, CHIEF, JUDGE)
TIMEKEEPERS = (CHIEF, JUDGE)

IDENT_PATTERN = r"^[A-Za-z0-9_.\-]+(?![\s\S])"

JudgeQuery = Annotated[
    str | None,
    QueryParameter(
        min_length=1, max_length=64, pattern=CODE_PATTERN, description="A judge code (chief judge, organiser: whose sheet or marks to read)"
    ),
]
AspectId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=IDENT_PATTERN, description="Aspect id, e.g. d18")]
# a decimal number as a judge types it (the tablet's own check): no exponent, no NaN or infinity
MeasuredValue = Annotated[
    str,
    QueryParameter(
        min_length=1, max_length=32, pattern=r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(?![\s\S])", description="The measured value, e.g. 18.045"
    ),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name=HEADER,
        description="Any unique string per batch (a UUID): a retried batch with the same key is stored once and answered "
        "with the first answer. Visible ASCII, 1 to 200 characters.",
        # published here, checked by the use-case (contests.usecases.core.idempotency), whose 400 names
        # the header; a header is absent or a string, never null
        schema_extra={
            "oneOf": None,
            "type": OpenAPIType.STRING,
            "minLength": 1,
            "maxLength": MAX_KEY,
            "pattern": f"^{KEY_PATTERN.pattern}(?![\\s\\S])",
        },
    ),
]


# ---------------------------------------------------------------- bodies (marks, times: contests.usecases.judging.requests)


class LockRequest(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """`force` locks although marks are owed or sheets unsigned; it needs a `reason`."""

    force: bool = False
    reason: Reason | None = None


class UnlockRequest(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Why the module is reopened (audited)."""

    reason: Text


# ---------------------------------------------------------------- routes


class JudgingController(Controller):
    path = "/contests/{contest_id:int}/events/{event_id:str}"
    tags = ["judging"]

    @get("/modules/{module_id:str}/sheet", guards=[allow(*SHEET_READERS)], responses=problems.READ)
    async def get_sheet(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        session: NamedDependency[AsyncSession],
        request: Request,
        judge: JudgeQuery = None,
    ) -> SheetView:
        """A judge's marking sheet (评分表) of one module: blind codes × aspects with max marks,
        descriptors and bands, the judge's current marks and what they still owe. No name or
        unit before unblinding. A judge reads their own; the chief judge any panel judge's
        (`judge`) or the bare sheet. 409 before the draw. Roles: judge, chief judge."""
        return await sheets_uc.get_sheet(session, request.user, contest_id, event_id, module_id, judge=judge)

    @get(
        "/modules/{module_id:str}/aspects/{aspect_id:str}/preview",
        guards=[allow(*SHEET_READERS)],
        responses=problems.responses(400, 401, 403, 404, 409, 503),
    )
    async def preview_mark(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        aspect_id: AspectId,
        value: MeasuredValue,
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> MarkPreview:
        """The computed mark of a measured value before it is sent, with the working (the
        tablet shows it beside the field): tolerance, grades or time rules only (409 for
        other aspects); a value the rule refuses is a 400 naming `value`. Stores nothing.
        Roles: judge, chief judge."""
        try:
            return await preview_uc.preview_mark(session, request.user, contest_id, event_id, module_id, aspect_id, Decimal(value))
        except JudgingError as exc:  # a refused value is a bad query parameter here, not a refused mark
            raise problems.BadRequest(exc.problems) from exc

    @post("/marks", guards=[allow(JUDGE)], responses=problems.WRITE)
    async def submit_marks(
        self,
        contest_id: ContestId,
        event_id: EventId,
        data: RequestBody[EventMarks],
        session: NamedDependency[AsyncSession],
        request: Request,
        idempotency_key: IdempotencyKey = None,
    ) -> MarkBatchResult:
        """Store a batch of the judge's marks (all or nothing). Each mark is checked against the
        aspect (range, step, 0–3 judgements, band measurements), the panel, conflicts of
        interest and the lock; a changed mark needs a `reason` and becomes the next version
        (every version is kept); the same value again is `unchanged`. 409 names every refused
        mark at `marks[i]…`. Send an `Idempotency-Key`: a retry returns the first answer.
        Roles: judge (of the module's panel)."""
        batch = data.in_event(event_id)
        return await marking_uc.submit_marks(session, request.user, contest_id, batch, idempotency_key=idempotency_key)

    @get("/marks/history", guards=[allow(*HISTORY_READERS)], responses=problems.READ)
    async def mark_history(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: Annotated[str, QueryParameter(min_length=1, max_length=64, pattern=IDENT_PATTERN, description="Module id")],
        blind_code: Annotated[
            str, QueryParameter(min_length=1, max_length=BLIND_CODE_MAX, pattern=BLIND_CODE_PATTERN, description="Blind code")
        ],
        aspect_id: Annotated[str, QueryParameter(min_length=1, max_length=64, pattern=IDENT_PATTERN, description="Aspect id")],
        session: NamedDependency[AsyncSession],
        request: Request,
        judge: JudgeQuery = None,
    ) -> list[MarkVersionView]:
        """Every version of one mark, oldest first, with reasons and the appeal that wrote it.
        A judge reads their own marks; the organiser and chief judge name the `judge`.
        Roles: judge, organiser, chief judge."""
        return await marking_uc.mark_history(session, request.user, contest_id, event_id, module_id, blind_code, aspect_id, judge=judge)

    @get("/progress", guards=[allow(*STAFF)], responses=problems.READ)
    async def get_progress(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> ProgressView:
        """Marking progress (评分进度): per module and panel judge, what is marked, which
        (blind code, aspect) cells are still owed, and who has signed. Roles: organiser, chief judge."""
        return await progress_uc.marking_progress(session, request.user, contest_id, event_id)

    @post("/modules/{module_id:str}/sign-off", guards=[allow(JUDGE)], responses=problems.WRITE)
    async def sign_off(
        self, contest_id: ContestId, event_id: EventId, module_id: ModuleId, session: NamedDependency[AsyncSession], request: Request
    ) -> SignOffView:
        """The judge signs their sheet (签字) once they owe no mark; a later correction of their
        own needs a new signature. 409 while marks are owed or the module is locked.
        Roles: judge (of the module's panel)."""
        return await locks_uc.sign_sheet(session, request.user, contest_id, event_id, module_id)

    @post("/modules/{module_id:str}/lock", guards=[allow(CHIEF)], responses=problems.WRITE)
    async def lock_module(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        session: NamedDependency[AsyncSession],
        request: Request,
        data: RequestBody[LockRequest | None] = None,
    ) -> LockView:
        """Lock the module (锁定): afterwards marks change only through an audited unlock or an
        upheld appeal, and the appeal window opens. 409 while marks are owed or sheets
        unsigned (each named), unless `force` with a `reason`. Roles: chief judge."""
        body = data or LockRequest()
        return await locks_uc.lock_module(session, request.user, contest_id, event_id, module_id, force=body.force, reason=body.reason)

    @post("/modules/{module_id:str}/unlock", guards=[allow(CHIEF)], responses=problems.WRITE)
    async def unlock_module(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        data: RequestBody[UnlockRequest],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> LockView:
        """Reopen a locked module so its judges can correct marks (audited with the reason).
        409 when it is not locked or the event is unblinded. Roles: chief judge."""
        return await locks_uc.unlock_module(session, request.user, contest_id, event_id, module_id, data.reason)

    @get("/locks", guards=[allow(*STAFF)], responses=problems.READ)
    async def list_locks(
        self, contest_id: ContestId, event_id: EventId, session: NamedDependency[AsyncSession], request: Request
    ) -> list[LockView]:
        """The lock state of every module ever locked, with its appeal deadline. Roles: organiser, chief judge."""
        return await locks_uc.list_locks(session, request.user, contest_id, event_id)

    @post("/modules/{module_id:str}/times", guards=[allow(*TIMEKEEPERS)], responses=problems.WRITE)
    async def record_times(
        self,
        contest_id: ContestId,
        event_id: EventId,
        module_id: ModuleId,
        data: RequestBody[TimeBatch],
        session: NamedDependency[AsyncSession],
        request: Request,
    ) -> TimesResult:
        """Completion times (用时) in seconds, by blind code, for tie-breaks; append-only like
        marks (a changed time needs a reason). Roles: chief judge, judge (of the module's panel)."""
        return await times_uc.record_times(session, request.user, contest_id, event_id, module_id, data)
