"""Who competes in a labour competition: teams (班组), units (单位) or projects (项目), each
belonging to a unit (the unit whose reporter enters its figures).

A participant's `id` is its code: it is the holder code in the award history
(`contests.titles`), so a team keeps its 安康杯 record from year to year under one code.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from contests.fields import Code, Name, NameEn
from scoring.errors import Problem

ParticipantKind = Literal["team", "unit", "project"]
KIND_LABELS = {"team": "班组", "unit": "单位", "project": "项目"}
MAX_PARTICIPANTS = 100_000
Employees = Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]


class Unit(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A unit (单位) taking part: its code and name."""

    code: Code
    name: Name
    name_en: NameEn = ""


class Participant(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """One team, unit or project; `unit` is the code of the unit it belongs to; `employees`
    counts its members for the union's participation statistics."""

    id: Code
    name: Name
    name_en: NameEn = ""
    unit: Code
    employees: Employees | None = None


def participant_problems(units: list[Unit], participants: list[Participant]) -> list[Problem]:
    problems = _duplicates([u.code for u in units], "units", "code", "unit code")
    problems += _duplicates([p.id for p in participants], "participants", "id", "participant id")
    if not participants:
        problems.append(Problem("participants", "a labour competition needs at least one participant"))
    codes = {u.code for u in units}
    for i, p in enumerate(participants):
        if p.unit not in codes:
            known = ", ".join(repr(c) for c in sorted(codes)) or "none"
            problems.append(Problem(f"participants[{i}].unit", f"unknown unit {p.unit!r} (known: {known})"))
    return problems


def _duplicates(values: list[str], path: str, field: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, value in enumerate(values):
        if value in seen:
            out.append(Problem(f"{path}[{i}].{field}", f"{what} {value!r} is already used at {path}[{seen[value]}]"))
        seen.setdefault(value, i)
    return out


__all__ = ["KIND_LABELS", "Participant", "ParticipantKind", "Unit", "participant_problems"]
