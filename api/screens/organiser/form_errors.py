"""A refused form, shown again: the use-case's problems placed next to the fields they name.

Every use-case refuses with a `RuleError` whose `Problem(path, rule)`s name a field of the
request (`code`, `unit`, `username`, `judges[1]`, `events[0].modules`, `line 7.工号`…). A
page renders a form's problems beside its fields: the first segment of a problem's path is
the field; a path naming none of the form's fields is shown above the form. The status is
the API's for the same refusal (api/problems.py), so a screen and the API agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from contests.spreadsheets import TooLarge
from contests.usecases.accounts.hashing import HashingBusy
from contests.usecases.core.access import Forbidden
from contests.usecases.core.errors import NotFound
from contests.usecases.core.idempotency import BadKey
from scoring.errors import Problem, RuleError

_FIRST = re.compile(r"^[^.\[]*")


@dataclass
class FormErrors:
    """The problems of one submitted form (`form` names it on a page with several) and the
    values typed, to fill the form in again."""

    form: str
    status: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    values: Mapping[str, object] = field(default_factory=dict)

    def at(self, form: str, name: str) -> list[str]:
        """The messages for field `name` of form `form` (none when another form was sent)."""
        return self.fields.get(name, []) if form == self.form else []

    def above(self, form: str) -> list[str]:
        return self.general if form == self.form else []

    def value(self, form: str, name: str, default: object = "") -> object:
        return self.values.get(name, default) if form == self.form else default


def status_of(exc: Exception) -> int:
    """The status the API answers this refusal with (api/problems.py)."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, HashingBusy):
        return 503
    if isinstance(exc, BadKey) or type(exc).__name__ == "BadRequest":  # api.problems.BadRequest: a body that cannot be read
        return 400
    return 409


def field_of(path: str) -> str:
    """`judges[1]` → `judges`; `events[0].modules` → `events`; `line 7.工号` → `line 7`."""
    found = _FIRST.match(path)
    return found.group(0) if found else path


def form_errors(form: str, exc: RuleError | HashingBusy, names: Iterable[str], values: Mapping[str, object] | None = None) -> FormErrors:
    """`exc`'s problems on the fields `names` of `form`; the rest go above the form."""
    known = set(names)
    problems = exc.problems if isinstance(exc, RuleError) else [Problem("", str(exc))]
    out = FormErrors(form=form, status=status_of(exc), values=dict(values or {}))
    for problem in problems:
        name = field_of(problem.path)
        if name in known:
            out.fields.setdefault(name, []).append(problem.rule)
        else:
            out.general.append(str(problem))
    return out


NO_ERRORS = FormErrors(form="", status=200)

__all__ = ["NO_ERRORS", "FormErrors", "field_of", "form_errors", "status_of"]
