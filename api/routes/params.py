"""Path and query parameter types, bounded once so OpenAPI states the limits and a value past
them is a 400 naming the parameter (an unbounded int reached SQLite as OverflowError → 500)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from contests.fields import CODE_PATTERN, INT32_MAX, SLUG_PATTERN

ContestId = Annotated[int, PathParameter(ge=1, le=INT32_MAX, description="Contest id (from POST /contests)")]
EventId = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="Event id, e.g. welder")]
# module ids follow scoring.scheme's identifier rule
ModuleId = Annotated[
    str, PathParameter(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+(?![\s\S])", description="Module id, e.g. practical")
]
Code = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Unit / team / judge code")]
EmployeeNo = Annotated[str, PathParameter(min_length=1, max_length=64, pattern=CODE_PATTERN, description="Employee number (工号)")]

Version = Annotated[int | None, QueryParameter(ge=1, le=INT32_MAX, description="A definition version; the latest if left out")]
Limit = Annotated[int, QueryParameter(ge=1, le=1000, description="At most this many entries")]
Offset = Annotated[int, QueryParameter(ge=0, le=INT32_MAX, description="Skip this many entries")]
