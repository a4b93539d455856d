"""The board's forms read into the API's own request bodies (`SittingBody`, `NoticeBody`,
`ObjectionBody`, `DecisionBody`, `FinaliseBody`), converted strictly as the API converts
them, so a form is refused exactly where the JSON body would be. A blank field counts as
left out (the body then names it as required); refusals come back keyed by the body's path
("period.start", "reason"…) in Chinese, for the page to show beside that field.
"""

from __future__ import annotations

from typing import TypeVar

import msgspec
from litestar.datastructures import FormMultiDict

from api.screens.honours.refusals import CHOOSE_PRESENT, CHOOSE_UPHELD, Gettext, undecodable
from contests.usecases.honours.views import DecisionBody, FinaliseBody, NoticeBody, ObjectionBody, SittingBody

T = TypeVar("T")


class FormRefused(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _filled(values: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out[key] = _filled(value)
        elif not (isinstance(value, str) and not value.strip()):
            out[key] = value.strip() if isinstance(value, str) else value
    return out


def _decode(values: dict[str, object], kind: type[T], gettext: Gettext) -> T:
    try:
        return msgspec.convert(_filled(values), kind)
    except msgspec.ValidationError as exc:
        raise FormRefused(undecodable(exc, gettext)) from exc


def sitting_body(form: FormMultiDict, gettext: Gettext) -> SittingBody:
    present = form.getall("present", [])
    if not present:
        raise FormRefused({"present": [gettext(CHOOSE_PRESENT)]})
    return _decode({"present": present}, SittingBody, gettext)


def notice_body(form: FormMultiDict, gettext: Gettext) -> NoticeBody:
    period = {k: form.get(k, "") for k in ("start", "end", "contact")}
    return _decode({"period": period}, NoticeBody, gettext)


def objection_body(form: FormMultiDict, gettext: Gettext) -> ObjectionBody:
    return _decode({k: form.get(k, "") for k in ("nomination", "received", "grounds")}, ObjectionBody, gettext)


def decision_body(form: FormMultiDict, gettext: Gettext) -> DecisionBody:
    upheld = {"yes": True, "no": False}.get(form.get("upheld", ""))
    values = {"reason": form.get("reason", ""), "on": form.get("on", "")}
    try:
        body = _decode(values | {"upheld": False}, DecisionBody, gettext)
    except FormRefused as exc:
        if upheld is None:
            exc.errors.setdefault("upheld", []).append(gettext(CHOOSE_UPHELD))
        raise
    if upheld is None:
        raise FormRefused({"upheld": [gettext(CHOOSE_UPHELD)]})
    return msgspec.structs.replace(body, upheld=upheld)


def finalise_body(form: FormMultiDict, gettext: Gettext) -> FinaliseBody:
    return _decode({"on": form.get("on", "")}, FinaliseBody, gettext)


__all__ = ["FormRefused", "decision_body", "finalise_body", "notice_body", "objection_body", "sitting_body"]
