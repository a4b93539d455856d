"""Period awards and annual results of a labour competition (the engine's
`scoring.kpi_standings` rules): the 流动红旗 to the best N eligible participants of a period,
score thresholds (≥ 90 → 优胜班组), the tie-break chain of indicators, and the annual
combination (sum, mean or declared weights per period) with its own awards and chain
("red_flags" first by default).
"""

from __future__ import annotations

from scoring.errors import Problem
from scoring.kpi_standings import RED_FLAGS, AnnualRules, Awards, KpiRules, Threshold, rules_problems


def awards_problems(rules: KpiRules, indicator_ids: list[str], periods: int) -> list[Problem]:
    return list(rules_problems(rules, indicator_ids, periods))


__all__ = ["RED_FLAGS", "AnnualRules", "Awards", "KpiRules", "Threshold", "awards_problems"]
