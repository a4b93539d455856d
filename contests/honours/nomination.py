"""A nomination (推荐 / 申报): a unit proposes a person or a collective for a title, with a
written record (事迹) and references to attachments (stored elsewhere; the domain keeps
their ids, names and digests).

`check_nomination` refuses, naming the rule, a nomination:

- `title`: of an unknown title, or of an organisation award (awarded by formula, not nominated);
- `unit`: from a unit not in the round, or of a nominee from another unit;
- `duplicate`: of a nominee already nominated (and not withdrawn) for the same title;
- `over_quota`: beyond the unit's places for the title, times the title's `nominations_per_place`
  (差额推荐; withdrawn nominations free theirs);
- `unknown_nominee`: of a nominee biwu does not hold;
- any eligibility rule (eligibility.py): `cooldown`, `accident_bar`, `min_tenure`,
  `disciplinary_action`, `required_result`, `kind`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated

import msgspec

from contests.fields import VISIBLE_TEXT_PATTERN, Code, Name, Slug, validation_problem
from contests.honours.definition import Round
from contests.honours.eligibility import Candidate, ineligible
from contests.honours.errors import NominationRefused, Problem
from contests.honours.quota import Allocation
from contests.labour.accidents import AccidentRecord
from contests.titles import Accident, TitleHistory

Record = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000, pattern=VISIBLE_TEXT_PATTERN)]


class AttachmentRef(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """An attachment (申报表, 事迹材料, 证明) by reference: its stored id, file name and digest."""

    id: Code
    name: Name
    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}(?![\s\S])")] | None = None


class Nomination(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    id: Code
    title: Slug
    unit: Code
    nominee: Code
    record: Record
    attachments: Annotated[list[AttachmentRef], msgspec.Meta(max_length=50)] = []


def check_nomination(
    honours_round: Round,
    allocation: Allocation,
    nomination: Nomination,
    *,
    active: Iterable[Nomination],
    candidates: Mapping[str, Candidate],
    history: TitleHistory = TitleHistory(),
    accidents: Iterable[Accident] = (),
    recorded: Iterable[AccidentRecord] = (),
) -> None:
    """Raise NominationRefused naming every rule broken; `active` are the title's
    nominations that still hold a place (not withdrawn)."""
    try:  # Structs built in Python skip msgspec's bounds; a round trip applies them
        msgspec.convert(msgspec.to_builtins(nomination), Nomination)
    except msgspec.ValidationError as exc:
        raise NominationRefused(Problem(*validation_problem(exc, "nomination"))) from exc
    title = honours_round.title(nomination.title)
    if title is None or title.organisation is not None:
        why = "is an organisation award, given by its formula, not nominated" if title else "is not a title of this round"
        raise NominationRefused(Problem("title", f"title: {nomination.title!r} {why}"))
    if honours_round.unit(nomination.unit) is None:
        raise NominationRefused(Problem("unit", f"unit: {nomination.unit!r} is not a unit of this round"))
    others = [n for n in active if n.title == nomination.title and n.id != nomination.id]
    problems = _place_problems(allocation, nomination, others, title.nominations_per_place)
    candidate = candidates.get(nomination.nominee)
    if candidate is None:
        problems.append(Problem("nominee", f"unknown_nominee: {nomination.nominee!r} is not held by biwu"))
    else:
        if candidate.unit != nomination.unit:
            problems.append(Problem("nominee", f"unit: {candidate.name} belongs to unit {candidate.unit!r}, not {nomination.unit!r}"))
        reasons = ineligible(honours_round, title, [candidate], history=history, accidents=accidents, recorded=recorded)
        reasons = reasons[candidate.code]
        problems += [Problem("nominee", f"{r.rule}: {r.reason}") for r in reasons]
    if problems:
        raise NominationRefused(problems)


def _place_problems(allocation: Allocation, nomination: Nomination, others: list[Nomination], per_place: int = 1) -> list[Problem]:
    problems = []
    if any(n.nominee == nomination.nominee for n in others):
        problems.append(Problem("nominee", f"duplicate: {nomination.nominee!r} is already nominated for this title"))
    places = allocation.places().get(nomination.unit, 0)
    used = sum(1 for n in others if n.unit == nomination.unit)
    if used >= places * per_place:
        may = f"{places} place(s)" if per_place == 1 else f"{places} place(s), {places * per_place} nominations"
        problems.append(Problem("title", f"over_quota: unit {nomination.unit!r} has {may} for this title, {used} already nominated"))
    return problems


__all__ = ["AttachmentRef", "Nomination", "Record", "check_nomination"]
