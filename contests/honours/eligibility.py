"""Eligibility of nominees for a title, checked from data biwu holds (not declared by the
unit): the award history and accidents (`contests.titles`), the people's records
(`Candidate`: hire date, disciplinary action, results such as 流动红旗 counts).

Rules, each refused with its name and the boundary in words:

- `cooldown`: the same title within `cooldown_years` (awarded Y bars Y … Y+N−1);
- `accident_bar`: a safety accident within `accident_bar_years` (Y bars Y … Y+N−1);
- `recorded_accident`: an accident of severity ≥ X within N months before the reference
  date in the labour competitions' accident records (accident_records.py);
- `min_tenure`: fewer than N full years of service on the round's reference date
  (hired 2021-12-31 has 5 years on 2026-12-31, not on 2026-12-30);
- `disciplinary_action`: under disciplinary action on the reference date (an action in
  force until D, inclusive, bars a reference date ≤ D);
- `required_result`: fewer than the required count of a result (3 × 流动红旗);
- `kind`: an individual title for a collective nominee or the reverse.

`ineligible` answers for many candidates at once: code → the reasons (empty if eligible).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

import msgspec

from contests.fields import Code, Name
from contests.honours.accident_records import bar_reason, barring_accident
from contests.honours.definition import Kind, Round, Title
from contests.labour.accidents import AccidentRecord
from contests.titles import Accident, AccidentBar, Cooldown, TitleHistory, check_bars

IneligibleRule = Literal["cooldown", "accident_bar", "recorded_accident", "min_tenure", "disciplinary_action", "required_result", "kind"]


class Candidate(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A person or a collective as biwu holds it. `hired` for people; `disciplinary_until`
    the last day a disciplinary action (处分) is in force; `results` counts per result name."""

    code: Code
    name: Name
    unit: Code
    kind: Kind
    hired: date | None = None
    disciplinary_until: date | None = None
    results: dict[Name, Annotated[int, msgspec.Meta(ge=0, le=100_000)]] = {}


class Ineligible(msgspec.Struct, kw_only=True, frozen=True):
    rule: IneligibleRule
    reason: str


def ineligible(
    honours_round: Round,
    title: Title,
    candidates: Iterable[Candidate],
    *,
    history: TitleHistory = TitleHistory(),
    accidents: Iterable[Accident] = (),
    recorded: Iterable[AccidentRecord] = (),
) -> dict[str, list[Ineligible]]:
    """code → why the candidate may not have `title` in this round (empty list: eligible).
    `accidents`: the year-based history; `recorded`: the labour competitions' accident records."""
    candidates, recorded = list(candidates), list(recorded)
    rules = title.eligibility
    bars = check_bars(
        [c.code for c in candidates],
        honours_round.year,
        title=title.name,
        history=history,
        accidents=accidents,
        cooldown=Cooldown(years=rules.cooldown_years) if rules.cooldown_years else None,
        accident_bar=AccidentBar(years=rules.accident_bar_years, kinds=rules.accident_kinds) if rules.accident_bar_years else None,
    )
    found: dict[str, list[Ineligible]] = {}
    for c in candidates:
        reasons = _fact_reasons(title, c, honours_round.reference_date)
        if (rule := title.eligibility.recorded_accident) is not None:
            on = honours_round.reference_date
            if (a := barring_accident(rule, code=c.code, kind=c.kind, unit=c.unit, on=on, records=recorded)) is not None:
                reasons.insert(0, Ineligible(rule="recorded_accident", reason=bar_reason(rule, a, on)))
        if (bar := bars[c.code]) is not None:
            reasons.insert(0, Ineligible(rule=bar.rule, reason=bar.reason))
        found[c.code] = reasons
    return found


def _fact_reasons(title: Title, c: Candidate, on: date) -> list[Ineligible]:
    rules = title.eligibility
    reasons = []
    if c.kind != title.kind:
        reasons.append(Ineligible(rule="kind", reason=f"{title.name}为{_KIND[title.kind]}称号，{c.name}为{_KIND[c.kind]}"))
    if rules.min_tenure_years is not None:
        if c.hired is None or full_years(c.hired, on) < rules.min_tenure_years:
            served = "无入职日期" if c.hired is None else f"截至{on.isoformat()}工龄{full_years(c.hired, on)}年"
            reasons.append(Ineligible(rule="min_tenure", reason=f"需工龄满{rules.min_tenure_years}年，{served}"))
    if rules.no_disciplinary_action and c.disciplinary_until is not None and on <= c.disciplinary_until:
        until = c.disciplinary_until.isoformat()
        reasons.append(Ineligible(rule="disciplinary_action", reason=f"处分期至{until}，{on.isoformat()}仍在处分期内"))
    for need in rules.required_results:
        have = c.results.get(need.result, 0)
        if have < need.at_least:
            reasons.append(Ineligible(rule="required_result", reason=f"需{need.result}至少{need.at_least}次，实有{have}次"))
    return reasons


def full_years(start: date, on: date) -> int:
    """Whole years from `start` to `on` (an anniversary on 29 February falls on 1 March)."""
    years = on.year - start.year
    return years - 1 if (on.month, on.day) < (start.month, start.day) else years


_KIND = {"individual": "个人", "collective": "集体"}

__all__ = ["Candidate", "Ineligible", "IneligibleRule", "full_years", "ineligible"]
