"""The console's forms as they arrive (application/x-www-form-urlencoded or multipart).

Each field is plain text with a length bound (what a browser's `maxlength` also enforces):
the rules are the use-cases', applied to the domain Structs built from these fields, so a
refusal comes back as a problem on the field, shown beside it. Litestar's CSRF middleware
reads `_csrf_token` before a handler runs; the Structs ignore it like any unknown field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from scoring.errors import Problem

Short = Annotated[str, msgspec.Meta(max_length=200)]
Key = Annotated[str, msgspec.Meta(max_length=64)]
Secret = Annotated[str, msgspec.Meta(max_length=1024)]
MAX_CODES = 2000  # characters of a panel's judge codes


class UnitForm(msgspec.Struct, kw_only=True):
    code: Key = ""
    name: Short = ""
    headcount: Annotated[str, msgspec.Meta(max_length=12)] = ""


class TeamForm(msgspec.Struct, kw_only=True):
    code: Key = ""
    name: Short = ""
    unit: Key = ""


class CompetitorForm(msgspec.Struct, kw_only=True):
    employee_no: Key = ""
    name: Short = ""
    unit: Key = ""
    team: Key = ""
    event: Key = ""


class RecordForm(msgspec.Struct, kw_only=True):
    """An edited unit, team or competitor: the fields of all three (the kind is in the path)."""

    code: Key = ""
    name: Short = ""
    headcount: Annotated[str, msgspec.Meta(max_length=12)] = ""
    unit: Key = ""
    employee_no: Key = ""
    team: Key = ""
    event: Key = ""


class AccountForm(msgspec.Struct, kw_only=True):
    username: Key = ""
    role: Key = ""
    password: Secret = ""


class PasswordForm(msgspec.Struct, kw_only=True):
    password: Secret = ""


class JudgeForm(msgspec.Struct, kw_only=True):
    code: Key = ""
    name: Short = ""
    unit: Key = ""
    role: Key = "judge"
    username: Key = ""


class LoginLinkForm(msgspec.Struct, kw_only=True):
    username: Key = ""  # empty: the seat has no login


class PanelForm(msgspec.Struct, kw_only=True):
    judges: Annotated[str, msgspec.Meta(max_length=MAX_CODES)] = ""  # codes in seat order, by spaces or commas


class DrawForm(msgspec.Struct, kw_only=True):
    seed: Key = ""  # hex, to reproduce a draw; empty for a fresh secret seed
    stations_per_session: Key = ""  # a whole number: draw into sessions (场次 × 工位); empty: as the event declares


@dataclass
class DefinitionUpload:
    """A definition file, or its text (pasted or from an example) when no file is chosen."""

    file: UploadFile | None = None
    definition: str = ""
    format: str = ""


@dataclass
class SheetUpload:
    """A units, teams or competitors sheet (.xlsx or UTF-8 .csv)."""

    file: UploadFile | None = None
    kind: str = "competitors"
    idempotency_key: str = ""  # made when the form was drawn: a resend gets the first answer


def optional(text: str) -> str | None:
    """An empty field is "not given"."""
    return text.strip() or None


def whole_number(text: str, path: str) -> tuple[int | None, list[Problem]]:
    """A form's whole number (empty: None), or the problem at `path`."""
    text = text.strip()
    if not text:
        return None, []
    if not text.isascii() or not text.isdigit():
        return None, [Problem(path, f"must be a whole number, got {text!r}")]
    return int(text), []


def codes(text: str) -> list[str]:
    """Judge codes typed in seat order, separated by spaces, commas or 、."""
    return [c for c in text.replace(",", " ").replace("，", " ").replace("、", " ").split() if c]


__all__ = [
    "AccountForm",
    "CompetitorForm",
    "DefinitionUpload",
    "DrawForm",
    "JudgeForm",
    "LoginLinkForm",
    "PanelForm",
    "PasswordForm",
    "RecordForm",
    "SheetUpload",
    "TeamForm",
    "UnitForm",
    "codes",
    "optional",
    "whole_number",
]
