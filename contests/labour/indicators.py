"""Indicators (考核指标) of a labour competition: the engine's own `scoring.kpi.Indicator`,
embedded (never copied) so the engine scores exactly what the organiser declared.

Domain rules on top of each indicator's own (`scoring.kpi.indicator_problems`): ids are
unique, there is at least one indicator, and when the competition declares `full_marks`
(百分制: 100) the indicators' points add up to it.
"""

from __future__ import annotations

from scoring.errors import Problem
from scoring.kpi import Band, Bands, Completion, Indicator, Judged, KpiRule, PerIncident, indicator_problems, rule_text

MAX_INDICATORS = 200


def indicators_problems(indicators: list[Indicator], full_marks: float | None) -> list[Problem]:
    problems: list[Problem] = []
    if not indicators:
        problems.append(Problem("indicators", "a labour competition needs at least one indicator"))
    seen: dict[str, int] = {}
    for i, ind in enumerate(indicators):
        if ind.id in seen:
            problems.append(Problem(f"indicators[{i}].id", f"indicator id {ind.id!r} is already used at indicators[{seen[ind.id]}]"))
        seen.setdefault(ind.id, i)
        problems += indicator_problems(ind, f"indicators[{i}]")
    total = sum(ind.points for ind in indicators)
    if full_marks is not None and indicators and abs(total - full_marks) > 1e-9:
        problems.append(Problem("indicators", f"indicator points sum to {total:g}, full_marks is {full_marks:g}"))
    return problems


__all__ = ["Band", "Bands", "Completion", "Indicator", "Judged", "KpiRule", "PerIncident", "indicators_problems", "rule_text"]
