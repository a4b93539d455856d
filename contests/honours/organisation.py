"""优秀组织奖 (organisation award): units that ran a contest or labour competition well,
scored by a declared formula over biwu's own data (RULES.md, "Honours": participation,
results, on-time work).

Per unit, each part rounded to 2 places half-up, the total is the sum of the shown parts
(so the published arithmetic adds up):

- participation = participation_points × min(rate ÷ full_participation_percent %, 1),
  rate = competitors ÷ headcount (a unit with headcount 0 has rate 0);
- results = min(Σ award_weights[award] × count, results_points) (awards not in the table
  weigh 0 and are listed);
- registration = registration_points if registered on time, else 0;
- reporting = reporting_points if reported on time, else 0.

The figures come in the request (`UnitRecord`), or from biwu's own data of the skills contest
and labour competition the formula names (`contest`, `labour_competition`;
organisation_figures.py and the use-case `organisation_data`).

A unit qualifies with total ≥ threshold. Qualified units are ordered by total, then results,
then participation (higher first); the first `quota` win. Units still equal on all three at
the quota boundary are all excluded (`boundary_tie="exclude"`, the quota is a limit) or all
included (`"include"`). Arithmetic is exact (fractions), never floats.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

import msgspec

from contests.fields import Code, Name, Slug

Points = Annotated[int, msgspec.Meta(ge=0, le=100)]
Count = Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]
HUNDREDTH = Fraction(1, 100)
DEFAULT_AWARD_WEIGHTS = {"一等奖": 10, "二等奖": 6, "三等奖": 3, "优胜奖": 1}


class OrganisationFormula(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    participation_points: Points = 40
    full_participation_percent: Annotated[float, msgspec.Meta(gt=0, le=100)] = 5.0
    results_points: Points = 40
    award_weights: dict[Name, Points] = msgspec.field(default_factory=lambda: dict(DEFAULT_AWARD_WEIGHTS))
    registration_points: Points = 10
    reporting_points: Points = 10
    threshold: Annotated[float, msgspec.Meta(ge=0, le=400)] = 60.0
    boundary_tie: Literal["exclude", "include"] = "exclude"
    # where the figures come from when computed from biwu's own data (organisation_figures.py):
    # a skills contest and/or a labour competition, by slug; neither: figures in the request only
    contest: Slug | None = None
    labour_competition: Slug | None = None

    @property
    def full_points(self) -> int:
        return self.participation_points + self.results_points + self.registration_points + self.reporting_points


class UnitRecord(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """What biwu holds for one unit in the contest or competition."""

    unit: Code
    headcount: Count
    competitors: Count
    awards: dict[Name, Count] = {}
    registered_on_time: bool = False
    reported_on_time: bool = False


class OrganisationLine(msgspec.Struct, kw_only=True, frozen=True):
    """One unit's computation as published. Points are strings with 2 decimals."""

    unit: str
    participation_rate_percent: str
    participation: str
    results_weighted: int
    results: str
    registration: str
    reporting: str
    total: str
    qualified: bool
    place: int | None  # order among the qualified units (1 = best), None if not qualified
    awarded: bool
    unweighted_awards: list[str] = []


def organisation_award(formula: OrganisationFormula, quota: int, records: list[UnitRecord]) -> list[OrganisationLine]:
    """Every unit's computation, in the order of the ranking (qualified first)."""
    parts = [(r, _parts(formula, r)) for r in records]
    threshold = _exact(formula.threshold)
    key = {r.unit: (-sum(p), -p[1], -p[0]) for r, p in parts}
    qualified = sorted((r for r, p in parts if sum(p) >= threshold), key=lambda r: (key[r.unit], r.unit))
    winners = _winners(qualified, key, quota, formula.boundary_tie)
    place = {r.unit: i + 1 for i, r in enumerate(qualified)}
    ordered = qualified + sorted((r for r, _ in parts if r.unit not in place), key=lambda r: (key[r.unit], r.unit))
    by_unit = dict((r.unit, p) for r, p in parts)
    return [_line(formula, r, by_unit[r.unit], place.get(r.unit), r.unit in winners) for r in ordered]


def _parts(formula: OrganisationFormula, r: UnitRecord) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    rate = Fraction(r.competitors, r.headcount) if r.headcount else Fraction(0)
    full = _exact(formula.full_participation_percent) / 100
    participation = formula.participation_points * min(rate / full, Fraction(1))
    weighted = sum(formula.award_weights.get(a, 0) * n for a, n in r.awards.items())
    results = Fraction(min(weighted, formula.results_points))
    registration = Fraction(formula.registration_points if r.registered_on_time else 0)
    reporting = Fraction(formula.reporting_points if r.reported_on_time else 0)
    return (_round(participation), results, registration, reporting)


def _winners(qualified: list[UnitRecord], key: dict, quota: int, boundary_tie: str) -> set[str]:
    if len(qualified) <= quota:
        return {r.unit for r in qualified}
    if quota == 0:
        return set()
    boundary = key[qualified[quota - 1].unit]
    if key[qualified[quota].unit] != boundary:
        return {r.unit for r in qualified[:quota]}
    if boundary_tie == "include":
        return {r.unit for r in qualified if key[r.unit] <= boundary}  # keys are negated: smaller is better
    return {r.unit for r in qualified[:quota] if key[r.unit] != boundary}


def _line(formula: OrganisationFormula, r: UnitRecord, p: tuple, place: int | None, awarded: bool) -> OrganisationLine:
    rate = Fraction(r.competitors * 100, r.headcount) if r.headcount else Fraction(0)
    return OrganisationLine(
        unit=r.unit,
        participation_rate_percent=_text(_round(rate)),
        participation=_text(p[0]),
        results_weighted=sum(formula.award_weights.get(a, 0) * n for a, n in r.awards.items()),
        results=_text(p[1]),
        registration=_text(p[2]),
        reporting=_text(p[3]),
        total=_text(sum(p)),
        qualified=place is not None,
        place=place,
        awarded=awarded,
        unweighted_awards=sorted(a for a in r.awards if a not in formula.award_weights),
    )


def _exact(value: float) -> Fraction:
    return Fraction(str(value))  # the decimal the organiser wrote, not the binary float


def _round(value: Fraction) -> Fraction:
    """Half up to 2 places (values here are never negative)."""
    return Fraction(int(value / HUNDREDTH + Fraction(1, 2)), 100)


def _text(value: Fraction) -> str:
    hundredths = int(value * 100)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


__all__ = ["OrganisationFormula", "OrganisationLine", "UnitRecord", "organisation_award"]
