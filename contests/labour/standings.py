"""Score a labour competition: the definition plus its period figures → period and annual
standings with names, veto reasons and awards, and explanations on demand.

Figures arrive as arrays in the definition's order (participants × indicators × periods;
the store builds them from verified reports): `plan` and `actual` [T, I, P] (NaN actual =
not reported), `marks` for judged indicators {indicator id: [T, P, judges]}, `facts` for
the vetoes [T, V, P] (a count, or the measured value such as attendance), and the late
deduction [T, P] from `periods.late_decision`. The engine (`scoring.kpi_score`,
`scoring.kpi_standings`) does the arithmetic; this module only names what it found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import msgspec
import numpy as np

from contests.labour.definition import LabourCompetition
from scoring.kpi_explain import AnnualExplanation, PeriodExplanation, explain_annual, explain_period
from scoring.kpi_score import KpiPoints, KpiScorer
from scoring.kpi_standings import KpiStandings, kpi_standings


class PeriodRow(msgspec.Struct, frozen=True):
    """One participant's line in a period's standings (成绩排名)."""

    participant: str
    name: str
    unit: str
    total: float
    rank: int
    eligible: bool
    vetoes: list[str]  # names of the vetoes that fired: the reason shown
    not_reported: list[str]  # indicator names without a figure
    late_deduction: float
    awards: list[str]


@dataclass(frozen=True, eq=False)
class LabourResult:
    competition: LabourCompetition
    scorer: KpiScorer
    points: KpiPoints
    standings: KpiStandings
    plan: np.ndarray
    facts: np.ndarray | None
    marks: Mapping[str, np.ndarray]

    def period_rows(self, period: int) -> list[PeriodRow]:
        """The period's standings, best place first (vetoed participants keep their place)."""
        s, c = self.standings.period, self.competition
        order = np.lexsort((np.arange(len(c.participants)), s.rank[:, period]))
        veto_names = [v.name for v in c.vetoes]
        ind_names = [i.name for i in c.indicators]
        awards = c.rules.awards
        return [
            PeriodRow(
                participant=c.participants[t].id,
                name=c.participants[t].name,
                unit=c.participants[t].unit,
                total=float(s.total[t, period]),
                rank=int(s.rank[t, period]),
                eligible=bool(s.eligible_rank[t, period] > 0),
                vetoes=[veto_names[k] for k in np.flatnonzero(s.fired[t, :, period]).tolist()],
                not_reported=[ind_names[i] for i in np.flatnonzero(self.points.missing[t, :, period]).tolist()],
                late_deduction=float(s.late_deduction[t, period]),
                awards=([awards.best_name] if s.best[t, period] else [])
                + ([awards.thresholds[int(s.threshold[t, period])].name] if s.threshold[t, period] >= 0 else []),
            )
            for t in order.tolist()
        ]

    def explain_period(self, participant: int, period: int) -> PeriodExplanation:
        c = self.competition
        return explain_period(
            self.scorer,
            self.points,
            self.standings,
            c.rules,
            c.vetoes,
            participant,
            period,
            plan=self.plan,
            facts=self.facts,
            marks=self.marks,
        )

    def explain_annual(self, participant: int) -> AnnualExplanation:
        return explain_annual(self.standings, self.competition.rules, self.competition.vetoes, participant)


def score_labour(
    competition: LabourCompetition,
    plan,
    actual,
    *,
    marks: Mapping[str, np.ndarray] | None = None,
    facts=None,
    late_deduction=None,
) -> LabourResult:
    """Score every participant in every period and the year (participant ids seed nothing:
    ties share places, so the standings do not depend on the participants' order)."""
    scorer = KpiScorer.compile(competition.indicators)
    points = scorer.score(plan, actual, marks)
    standings = kpi_standings(
        points, competition.rules, competition.vetoes, facts, late_deduction=late_deduction, indicator_ids=competition.indicator_ids
    )
    return LabourResult(competition, scorer, points, standings, np.asarray(plan, dtype=np.float64), facts, dict(marks or {}))


__all__ = ["LabourResult", "PeriodRow", "score_labour"]
