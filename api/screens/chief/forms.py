"""The chief judge console's forms: read into the API's own request bodies (so a form is checked
exactly as the JSON body is), and refusals keyed by the field they name, for the page to show
next to that field.

`FormRefused.errors` maps a field name ("reason", "force", "corrections[0].value"…) to its
messages; "" is the form as a whole. The use-cases' own refusals (`RuleError`) are mapped the
same way by `problems_by_field`.
"""

from __future__ import annotations

import re
from typing import TypeVar

import msgspec

from api.screens.i18n import N_
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import Conflict, NotFound
from scoring.errors import RuleError

T = TypeVar("T")
REQUIRED = N_("必填项。")
_AT = re.compile(r"at `\$\.?([^`]*)`")
_MISSING = re.compile(r"missing required field `([^`]+)`")


class FormRefused(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 400) -> None:
        super().__init__(errors)
        self.errors = errors
        self.status = status


def decode_form(values: dict[str, object], kind: type[T]) -> T:
    """`values` as the request body `kind`; blank fields count as left out."""
    cleaned = {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
    try:
        return msgspec.convert(cleaned, kind)
    except msgspec.ValidationError as exc:
        raise FormRefused(_validation_errors(str(exc))) from exc


def _validation_errors(message: str) -> dict[str, list[str]]:
    if missing := _MISSING.search(message):
        return {missing.group(1): [REQUIRED]}
    at = _AT.search(message)
    return {at.group(1) if at else "": [message]}


def problems_by_field(exc: RuleError) -> dict[str, list[str]]:
    """The use-case's problems by the field their path names (the API's own messages)."""
    out: dict[str, list[str]] = {}
    for problem in exc.problems:
        out.setdefault(problem.path, []).append(problem.rule)
    return out


def status_of(exc: RuleError) -> int:
    """The status the API answers the same refusal with."""
    return 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden) else 409 if isinstance(exc, Conflict) else 400


__all__ = ["REQUIRED", "FormRefused", "decode_form", "problems_by_field", "status_of"]
