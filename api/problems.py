"""Every error the service sends is RFC 9457 problem+json with the same shape:

    {"type": "/problems/<kind>", "title": "...", "status": 400, "detail": "year: Expected `int`, got `str`",
     "errors": [{"path": "year", "rule": "Expected `int`, got `str`"}]}

`detail` always names the field of the first problem, `errors` lists all of them, so a form
can put each message beside its field and a human can read `detail` alone.

Status policy (schemathesis treats 422 on schema-valid input as a bug, and so do clients):
- 400: the body, query or path does not match the published schema (msgspec/Litestar
  validation, bad JSON or TOML, a malformed multipart body);
- 401/403: no or bad credentials / the role may not do this;
- 404: no such contest, unit, competitor… ;
- 409: well-formed input that breaks a contest rule or the stored state (weights that do not
  sum, an unknown unit, a duplicate employee number, a rejected import file, a redraw after
  marking, a unique constraint);
- 413: body larger than the limit, or an uploaded sheet past one of its limits (rows, columns,
  cells, unpacked bytes, reading time: contests.spreadsheets.Limits), named in the problem;
- 503 with `Retry-After`: a retryable overload, nothing was stored (SQLite "database is locked"
  after its busy timeout, a PostgreSQL deadlock, serialization failure or lock timeout, no
  free pooled connection: contests.store.overload), or the database does not answer (/health);
- 500: a bug. Logged with its traceback; the client gets no internals.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import msgspec
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException, ProblemDetailsPlugin
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from contests.campaigns.errors import TransitionConflict, TransitionForbidden
from contests.fields import friendly
from contests.spreadsheets import TooLarge
from contests.store.overload import RETRY_AFTER_SECONDS, overload
from contests.usecases.accounts.hashing import HashingBusy
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.core.idempotency import BadKey
from scoring.errors import Problem, RuleError

log = logging.getLogger("biwu.api")

MEDIA_TYPE = "application/problem+json"
LOGIN_FAILED = "wrong username or password"


class ProblemItem(msgspec.Struct, frozen=True):
    """One problem: where (`events[0].modules`, `line 7.工号`, `query.limit`) and which rule."""

    path: str
    rule: str


class ProblemBody(msgspec.Struct, frozen=True, kw_only=True):
    """The problem+json body of every error response (documented in OpenAPI)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemItem]


class BadRequest(RuleError):
    """A body that cannot be read as the declared type (used where we decode ourselves, e.g. TOML)."""


_TITLES = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the contest's rules or state",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
_KINDS = {
    400: "invalid-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "rule-conflict",
    413: "body-too-large",
    415: "unsupported-media-type",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


def problem(
    status: int, problems: Iterable[Problem], *, kind: str | None = None, headers: dict[str, str] | None = None
) -> ProblemDetailsException:
    items = [ProblemItem(p.path, p.rule) for p in problems] or [ProblemItem("", _TITLES.get(status, "error"))]
    shown = "; ".join(f"{i.path}: {i.rule}" if i.path else i.rule for i in items[:5])
    if len(items) > 5:
        shown += f"; … and {len(items) - 5} more"
    return ProblemDetailsException(
        status_code=status,
        type_=f"/problems/{kind or _KINDS.get(status, 'error')}",
        title=_TITLES.get(status, "Error"),
        detail=shown,
        headers=headers,
        extra={"errors": msgspec.to_builtins(items)},
    )


# ---------------------------------------------------------------- converters, one per exception family


def from_rule_error(exc: RuleError) -> ProblemDetailsException:
    if isinstance(exc, BadRequest):
        return problem(400, exc.problems)
    kinds = {"ImportRejected": "import-rejected", "DefinitionError": "definition-rejected", "DrawError": "draw-refused"}
    kinds["JudgingError"] = "judging-refused"  # a judging-day body outside its bounds: 409 like a registration refused
    kind = kinds.get(type(exc).__name__, "rule-conflict")
    return problem(409, exc.problems, kind=kind)


def from_forbidden(exc: Forbidden) -> ProblemDetailsException:
    # the role may act, but not here: not a judge of this contest or panel, not its chief judge
    return problem(403, _problems_of(exc))


def from_bad_key(exc: BadKey) -> ProblemDetailsException:
    # a malformed Idempotency-Key header: the request does not fit its declared shape
    return problem(400, _problems_of(exc))


def from_transition_forbidden(exc: TransitionForbidden) -> ProblemDetailsException:
    # the workflow allows the action in this state, but not to this role (campaigns)
    return problem(403, _problems_of(exc))


def from_transition_conflict(exc: TransitionConflict) -> ProblemDetailsException:
    # the workflow does not allow the action in the current state: the problem names both
    return problem(409, _problems_of(exc), kind="transition-refused")


def from_hashing_busy(exc: HashingBusy) -> ProblemDetailsException:
    # too many password hashes queued (a login flood): retryable overload, not an error
    return problem(503, [Problem("", str(exc))], headers={"Retry-After": str(exc.retry_after)})


def from_not_found(exc: NotFound) -> ProblemDetailsException:
    return problem(404, _problems_of(exc))


def from_conflict(exc: Conflict) -> ProblemDetailsException:
    return problem(409, _problems_of(exc), kind="state-conflict")


def from_integrity_error(exc: IntegrityError) -> ProblemDetailsException:
    # A unique or foreign-key constraint caught what the use-case did not (e.g. a race between
    # two organisers). The constraint text names tables and columns, not data: safe to show.
    log.info("integrity error mapped to 409: %s", exc.orig)
    return problem(409, [Problem("", "conflicts with data already stored (a record with this key exists or is still referenced)")])


def from_too_large(exc: TooLarge) -> ProblemDetailsException:
    # an upload past a limit (rows, columns, cells, unpacked bytes, reading time): the problem names it
    return problem(413, exc.problems, kind="upload-too-large")


def from_database_error(exc: DBAPIError | PoolTimeout) -> ProblemDetailsException:
    # an overload is retryable (the transaction was rolled back whole); anything else is a bug
    why = overload(exc)
    if why is None:
        return from_unexpected(exc)
    log.warning("database overload answered 503: %s", why)
    rule = f"{why}: nothing was stored, send the same request again in {RETRY_AFTER_SECONDS} s"
    return problem(503, [Problem("", rule)], kind="overloaded", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


_MSGSPEC_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")


def from_http_exception(exc: HTTPException) -> ProblemDetailsException:
    status = exc.status_code
    if isinstance(exc, ValidationException):
        return problem(400, _validation_problems(exc))
    if isinstance(exc, NotAuthorizedException) or status == 401:
        return problem(401, [Problem("Authorization", _auth_detail(exc))], headers={"WWW-Authenticate": "Bearer"})
    if isinstance(exc, PermissionDeniedException):
        return problem(403, [Problem("", exc.detail or "your role may not do this")])
    detail = exc.detail or _TITLES.get(status, "error")
    if status == 400:
        return problem(400, [Problem("body", detail)])
    if status == 413:
        return problem(413, [Problem("body", "the request body is larger than the limit")])
    return problem(status, [Problem("", detail)], headers=exc.headers)


def from_unexpected(exc: Exception) -> ProblemDetailsException:
    log.exception("unexpected error", exc_info=exc)
    return problem(500, [Problem("", "an unexpected error happened; it has been logged")])


def _problems_of(exc: Exception) -> list[Problem]:
    problems = getattr(exc, "problems", None)
    return list(problems) if problems else [Problem("", str(exc) or type(exc).__name__)]


def _validation_problems(exc: ValidationException) -> list[Problem]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    out = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value"))
        out.append(Problem(_field_path(item, message), friendly(_MSGSPEC_AT.sub("", message))))
    if not out and (missing := _MISSING_PARAMETER.match(exc.detail or "")):
        return [Problem(missing.group("name"), exc.detail.split(" for path ", 1)[0])]
    return out or [Problem("body", exc.detail or "invalid request")]


# "Object contains unknown field `x`" / "Object missing required field `x`": the path is x itself
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]*)`")
# "Missing required query parameter 'blind_code' for path …": the parameter is the path
_MISSING_PARAMETER = re.compile(r"^Missing required \w+ parameter '(?P<name>[^']*)'")


def _field_path(item: dict[str, Any], message: str) -> str:
    """The field a Litestar validation message is about, in our `a[0].b` style. Litestar
    names the handler argument (`data` for the body, `contest_id`, `limit` …); msgspec's
    own "- at `$.a[0].b`" suffix, when present, is deeper and wins."""
    key = str(item.get("key", "") or "")
    deeper = _MSGSPEC_AT.search(message)
    if deeper and deeper.group("path"):
        key = deeper.group("path").lstrip(".")
    elif key == "data" or key.startswith("data."):
        key = key[len("data.") :] if key.startswith("data.") else ""
    named = _NAMED_FIELD.search(message)
    if named:
        key = f"{key}.{named.group('name')}" if key else named.group("name")
    return key or "body"


def _auth_detail(exc: HTTPException) -> str:
    detail = exc.detail or ""
    if detail.startswith(LOGIN_FAILED):
        return detail
    if not detail or detail == "Unauthorized":
        return "log in at /auth/token and send `Authorization: Bearer <token>`"
    if "expired" in detail.lower():
        return "the token has expired: log in again"
    if "no jwt token" in detail.lower():
        return "missing: log in at /auth/token and send `Authorization: Bearer <token>`"
    return "the token is invalid: log in again"


# ---------------------------------------------------------------- wiring


def plugin() -> ProblemDetailsPlugin:
    mapping: dict[type, Callable[[Any], ProblemDetailsException]] = {
        RuleError: from_rule_error,
        TransitionForbidden: from_transition_forbidden,
        TransitionConflict: from_transition_conflict,
        Forbidden: from_forbidden,
        BadKey: from_bad_key,
        HashingBusy: from_hashing_busy,
        NotFound: from_not_found,
        Conflict: from_conflict,
        IntegrityError: from_integrity_error,
        TooLarge: from_too_large,
        DBAPIError: from_database_error,
        PoolTimeout: from_database_error,
        HTTPException: from_http_exception,
        Exception: from_unexpected,
    }
    return ProblemDetailsPlugin(ProblemDetailsConfig(exception_to_problem_detail_map=mapping))


def responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problem responses an operation can send."""
    return {
        s: ResponseSpec(data_container=ProblemBody, media_type=MEDIA_TYPE, description=_TITLES.get(s, "Error"), generate_examples=False)
        for s in statuses
    }


# Shorthands for the usual sets: every authenticated route can say 401/403/400 and, under a
# contest, 404; writes add 409 and 413.
# Any of them may meet a busy database: 503 with Retry-After (contests.store.overload).
READ = responses(400, 401, 403, 404, 503)
WRITE = responses(400, 401, 403, 404, 409, 413, 415, 503)  # 415: a body that is not JSON (api.bodies)
PUBLIC = responses(400, 503)
