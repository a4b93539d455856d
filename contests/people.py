"""People of a contest: units (单位), teams (班组 / 代表队), competitors (选手), judges (裁判)
and panels (裁判组), plus the rules that tie them together and the conflict-of-interest check.

Records refer to each other by code (a competitor names its unit's code), so each Struct is
the body of its own API call and a row of its own import sheet. Gender and ID-card numbers
are deliberately not kept: scoring needs neither, and not holding them is the safest way to
protect them.

`registration_problems` checks a whole registration set against itself and, when given, the
contest definition; every problem carries a path such as `competitors[3].team`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import msgspec
import numpy as np

from contests.definition import ConflictPolicy, Contest
from contests.errors import RegistrationError
from contests.fields import CODE_PATTERN, INT32_MAX, NAME_PATTERN, Code, Name, text_problem
from scoring.errors import Problem

JudgeRole = Literal["judge", "chief_judge"]

_CODE_MAX = 64
_NAME_MAX = 200


class _Rec(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class Unit(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A participating unit (单位). headcount: its number of employees, if the organiser
    reports participation rates; not a quota."""

    code: Code
    name: Name
    headcount: Annotated[int, msgspec.Meta(ge=0, le=INT32_MAX)] | None = None


class Team(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A team (班组 / 代表队) of one unit."""

    code: Code
    name: Name
    unit: Code


class Competitor(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A competitor (选手) in one event. employee_no is unique within a contest."""

    employee_no: Code
    name: Name
    unit: Code
    team: Code | None = None
    event: Code


class Judge(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A judge (裁判) and the unit they come from, which decides their conflicts."""

    code: Code
    name: Name
    unit: Code
    role: JudgeRole = "judge"


class Panel(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The judges (裁判组) who mark one module of one event; `chief` leads it and is a member."""

    event: Code
    module: Code
    judges: Annotated[list[Code], msgspec.Meta(min_length=1, max_length=100)]
    chief: Code | None = None


class Registration(_Rec, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Everything registered for one contest, checked as a whole by `registration_problems`."""

    units: list[Unit] = []
    teams: list[Team] = []
    competitors: list[Competitor] = []
    judges: list[Judge] = []
    panels: list[Panel] = []


# ---------------------------------------------------------------- text fields


def code_problem(value: object) -> str | None:
    return text_problem(value, CODE_PATTERN, _CODE_MAX)


def name_problem(value: object) -> str | None:
    return text_problem(value, NAME_PATTERN, _NAME_MAX)


_CODE_FIELDS = {
    "units": ("code",),
    "teams": ("code", "unit"),
    "competitors": ("employee_no", "unit", "team", "event"),
    "judges": ("code", "unit"),
    "panels": ("event", "module", "chief"),
}


def _text_problems(reg: Registration) -> list[Problem]:
    # Structs built in Python skip msgspec's Meta checks; apply the same rules here.
    problems = []
    for group, code_fields in _CODE_FIELDS.items():
        for i, rec in enumerate(getattr(reg, group)):
            for field in code_fields:
                value = getattr(rec, field)
                if value is not None and (why := code_problem(value)):
                    problems.append(Problem(f"{group}[{i}].{field}", why))
            if hasattr(rec, "name") and (why := name_problem(rec.name)):
                problems.append(Problem(f"{group}[{i}].name", why))
    for i, panel in enumerate(reg.panels):
        problems += [Problem(f"panels[{i}].judges[{k}]", why) for k, c in enumerate(panel.judges) if (why := code_problem(c))]
    return problems


# ---------------------------------------------------------------- registration rules


def validate_registration(reg: Registration, contest: Contest | None = None) -> None:
    problems = registration_problems(reg, contest)
    if problems:
        raise RegistrationError(problems)


def registration_problems(reg: Registration, contest: Contest | None = None) -> list[Problem]:
    """Every inconsistency of a registration set; events and modules are checked against
    `contest` when it is given."""
    problems = _text_problems(reg)
    problems += _duplicates(reg.units, "units", "code", "unit code")
    problems += _duplicates(reg.teams, "teams", "code", "team code")
    problems += _duplicates(reg.competitors, "competitors", "employee_no", "employee number")
    problems += _duplicates(reg.judges, "judges", "code", "judge code")
    units = {u.code for u in reg.units}
    team_unit = {t.code: t.unit for t in reg.teams}
    problems += _unknown_units(reg.teams, "teams", units)
    problems += _unknown_units(reg.judges, "judges", units)
    problems += _competitor_problems(reg.competitors, units, team_unit, contest)
    problems += _panel_problems(reg.panels, reg.judges, contest)
    return problems


def _duplicates(records: Sequence, group: str, field: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, rec in enumerate(records):
        key = getattr(rec, field)
        if key in seen:
            problems.append(Problem(f"{group}[{i}].{field}", f"{what} {key!r} is already used at {group}[{seen[key]}]"))
        seen.setdefault(key, i)
    return problems


def _unknown_units(records: Sequence, group: str, units: set[str]) -> list[Problem]:
    return [Problem(f"{group}[{i}].unit", f"unknown unit {r.unit!r}") for i, r in enumerate(records) if r.unit not in units]


def _competitor_problems(
    competitors: Sequence[Competitor], units: set[str], team_unit: dict[str, str], contest: Contest | None
) -> list[Problem]:
    events = {e.id for e in contest.events} if contest is not None else None
    problems = []
    for i, c in enumerate(competitors):
        at = f"competitors[{i}]"
        if c.unit not in units:
            problems.append(Problem(f"{at}.unit", f"unknown unit {c.unit!r}"))
        if c.team is not None:
            if c.team not in team_unit:
                problems.append(Problem(f"{at}.team", f"unknown team {c.team!r}"))
            elif team_unit[c.team] != c.unit:
                problems.append(Problem(f"{at}.team", f"team {c.team!r} belongs to unit {team_unit[c.team]!r}, not {c.unit!r}"))
        if events is not None and c.event not in events:
            problems.append(Problem(f"{at}.event", f"unknown event {c.event!r}"))
    return problems


def _panel_problems(panels: Sequence[Panel], judges: Sequence[Judge], contest: Contest | None) -> list[Problem]:
    known = {j.code for j in judges}
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, p in enumerate(panels):
        at = f"panels[{i}]"
        key = (p.event, p.module)
        if key in seen:
            problems.append(Problem(at, f"module {p.module!r} of event {p.event!r} already has a panel at panels[{seen[key]}]"))
        seen.setdefault(key, i)
        problems += _panel_member_problems(p, known, at)
        if contest is not None:
            problems += _panel_contest_problems(p, contest, at)
    return problems


def _panel_member_problems(panel: Panel, known: set[str], at: str) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for k, code in enumerate(panel.judges):
        if code not in known:
            problems.append(Problem(f"{at}.judges[{k}]", f"unknown judge {code!r}"))
        elif code in first:
            problems.append(Problem(f"{at}.judges[{k}]", f"judge {code!r} is already on this panel at judges[{first[code]}]"))
        first.setdefault(code, k)
    if panel.chief is not None and panel.chief not in first:
        problems.append(Problem(f"{at}.chief", f"the chief {panel.chief!r} is not one of the panel's judges"))
    return problems


def _panel_contest_problems(panel: Panel, contest: Contest, at: str) -> list[Problem]:
    event = contest.event(panel.event)
    if event is None:
        return [Problem(f"{at}.event", f"unknown event {panel.event!r}")]
    module = event.module(panel.module)
    if module is None:
        return [Problem(f"{at}.module", f"unknown module {panel.module!r} of event {panel.event!r}")]
    size = event.panel_size.get(panel.module)
    if size is not None and len(set(panel.judges)) != size:
        return [
            Problem(f"{at}.judges", f"the event declares {size} judges for module {panel.module!r}, the panel has {len(set(panel.judges))}")
        ]
    agg = module.aggregation
    if agg.method == "trimmed_mean" and len(set(panel.judges)) <= 2 * agg.trim:
        return [Problem(f"{at}.judges", f"a trimmed mean dropping {agg.trim} + {agg.trim} marks needs more than {2 * agg.trim} judges")]
    return []


# ---------------------------------------------------------------- conflicts of interest


def conflicts(judge: Judge, competitors: Sequence[Competitor], policy: ConflictPolicy = "unit") -> np.ndarray:
    """bool [C]: True where `judge` may not mark that competitor under `policy`.

    "unit": a judge never marks a competitor of the judge's own unit (RULES.md, Recusal;
    WorldSkills experts do not mark their own country). "none": no unit conflicts.
    """
    return conflict_matrix([judge], competitors, policy)[0]


def conflict_matrix(judges: Sequence[Judge], competitors: Sequence[Competitor], policy: ConflictPolicy = "unit") -> np.ndarray:
    """bool [J, C]: conflicts of every judge with every competitor (a panel's marking mask)."""
    if policy == "none" or not judges or not competitors:
        _check_policy(policy)
        return np.zeros((len(judges), len(competitors)), dtype=bool)
    _check_policy(policy)
    judge_units = np.array([j.unit for j in judges], dtype=object)
    units = np.array([c.unit for c in competitors], dtype=object)
    return judge_units[:, None] == units[None, :]


def _check_policy(policy: str) -> None:
    if policy not in ("unit", "none"):
        raise RegistrationError.at("conflict_policy", f"must be 'unit' or 'none', got {policy!r}")


__all__ = [
    "Competitor",
    "Judge",
    "Panel",
    "Registration",
    "Team",
    "Unit",
    "code_problem",
    "conflict_matrix",
    "conflicts",
    "name_problem",
    "registration_problems",
    "validate_registration",
]
