"""Bars on a title from the history: the cooldown since the same title and the accident bar.

Counting years (RULES.md, "Labour competitions": the defaults for "within N years"):

- `Cooldown(years=5)`: a title awarded in year Y bars the same title in Y … Y+N−1.
  5 years: awarded 2022 → barred 2022–2026, eligible again in 2027 (安康杯 "no re-award
  within 5 years").
- `AccidentBar(years=3)`: a safety accident in year Y bars Y … Y+N−1. 3 years: an accident
  in 2024 bars 2024–2026 (工人先锋号: "a safety accident bars applications for 3 years").
  `kinds` limits the bar to some accident kinds; empty means every accident counts.

A revoked title does not bar: revocation (撤销称号) voids the title as if it had not been
awarded, so the holder is not kept out of the title for a title it does not hold. Awards and
accidents recorded for a later year than the one checked do not bar it.

`check_bars` answers for many holders at once: holder → the `Bar` that applies, or None.
When several apply, the one that lasts longest is returned (the latest `through`), the
cooldown before the accident bar on equal years, so `eligible_from` is the first year the
holder is clear of every bar. The work is one pass over the records, whatever the holders.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

import msgspec

from contests.titles.history import TitleHistory
from contests.titles.records import Accident, AccidentKind, Year

BarYears = Annotated[int, msgspec.Meta(ge=1, le=50)]
BarRule = Literal["cooldown", "accident_bar"]


class Cooldown(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """The same title is barred for `years` years counting the year it was awarded."""

    years: BarYears = 5


class AccidentBar(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A safety accident bars the title for `years` years counting the accident's year;
    only accidents of `kinds` count when kinds are given."""

    years: BarYears = 3
    kinds: list[AccidentKind] = []


class Bar(msgspec.Struct, kw_only=True, frozen=True):
    """Why a holder may not have the title in the year checked.

    rule: "cooldown" or "accident_bar"; year: the year of the award or accident that bars;
    through: the last barred year; eligible_from: through + 1; cause: the title or the
    accident kind; reason: the rule in words (Chinese first)."""

    holder: str
    rule: BarRule
    year: Year
    through: int
    eligible_from: int
    cause: str
    reason: str


def check_bars(
    holders: Iterable[str],
    year: int,
    *,
    title: str,
    history: TitleHistory,
    accidents: Iterable[Accident] = (),
    cooldown: Cooldown | None = Cooldown(),
    accident_bar: AccidentBar | None = AccidentBar(),
) -> dict[str, Bar | None]:
    """holder → the Bar on `title` in `year` (None if clear). None for a rule turns it off."""
    wanted = dict.fromkeys(holders)
    bars: dict[str, Bar | None] = dict.fromkeys(wanted)
    if cooldown is not None:
        awards = (r for r in history.awards() if r.title == title)
        for holder, latest in _latest(awards, wanted, year, cooldown.years).items():
            _keep(bars, _cooldown_bar(holder, latest, title, cooldown))
    if accident_bar is not None:
        counted = (a for a in accidents if not accident_bar.kinds or a.kind in accident_bar.kinds)
        latest_accident: dict[str, Accident] = {}
        for a in counted:
            if a.holder in wanted and a.year <= year <= a.year + accident_bar.years - 1:
                if a.holder not in latest_accident or a.year > latest_accident[a.holder].year:
                    latest_accident[a.holder] = a
        for holder, a in latest_accident.items():
            _keep(bars, _accident_bar(holder, a, accident_bar))
    return bars


def barred_through(year: int, years: int) -> int:
    """The last year barred by something that happened in `year`, for an N-year rule."""
    return year + years - 1


def _latest(records, wanted: dict, year: int, years: int) -> dict[str, int]:
    latest: dict[str, int] = {}
    for r in records:
        if r.holder in wanted and r.year <= year <= barred_through(r.year, years):
            latest[r.holder] = max(r.year, latest.get(r.holder, r.year))
    return latest


def _cooldown_bar(holder: str, awarded: int, title: str, rule: Cooldown) -> Bar:
    through = barred_through(awarded, rule.years)
    reason = f"{awarded}年已获{title}，{rule.years}年内（{awarded}–{through}年）不得重复获评，{through + 1}年起可再评"
    return Bar(holder=holder, rule="cooldown", year=awarded, through=through, eligible_from=through + 1, cause=title, reason=reason)


def _accident_bar(holder: str, accident: Accident, rule: AccidentBar) -> Bar:
    through = barred_through(accident.year, rule.years)
    reason = f"{accident.year}年发生安全事故（{accident.kind}），{rule.years}年内（{accident.year}–{through}年）不得申报，{through + 1}年起可申报"
    return Bar(
        holder=holder,
        rule="accident_bar",
        year=accident.year,
        through=through,
        eligible_from=through + 1,
        cause=accident.kind,
        reason=reason,
    )


def _keep(bars: dict[str, Bar | None], bar: Bar) -> None:
    current = bars.get(bar.holder)
    if current is None or bar.through > current.through:
        bars[bar.holder] = bar


__all__ = ["AccidentBar", "Bar", "BarRule", "BarYears", "Cooldown", "barred_through", "check_bars"]
