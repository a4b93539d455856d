"""Labour-competition benchmark (issue 12): 10,000 teams × 12 monthly periods × 20 indicators
scored and ranked (every period and the year, with vetoes, red flags and thresholds), timed
against one `np.sum` pass over the same actuals array in the same run.

The 20 indicators cycle through every rule kind: completion against plan (higher and lower
is better, with bonus caps, penalties and a zero-below threshold), band tables, per-incident
deductions and judged items marked by a 5-person panel (mean and trimmed mean). Before
anything is timed, the first teams' period totals are checked against a plain-Python oracle
in exact decimals (RULES.md arithmetic), and the ranks against a sort of those totals.
Nothing here asserts a time: it reports.

    .venv/bin/python -m tests.benchmarks.labour --teams 1000   # a quick run
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from scoring.aggregation import Aggregation
from scoring.kpi import Band, Bands, Completion, Indicator, Judged, PerIncident, VetoRule
from scoring.kpi_score import KpiScorer
from scoring.kpi_standings import AnnualRules, Awards, KpiRules, Threshold, kpi_standings

N_INDICATORS = 20
JUDGES = 5
VETOES = [
    VetoRule(id="injury", name="损失工时事故", bars_annual=True),
    VetoRule(id="fighting", name="打架斗殴"),
    VetoRule(id="attendance", name="出勤率低于95%", test="below", threshold=95),
]
RULES = KpiRules(
    tie_break=["i03", "i02"],
    awards=Awards(best_count=3, thresholds=[Threshold(name="优胜班组", min_score=90), Threshold(name="达标班组", min_score=80)]),
    annual=AnnualRules(awards=Awards(best_name="年度先进班组", best_count=10)),
)


def _indicator(k: int) -> Indicator:
    """The k-th indicator: kinds cycle completion ↑, completion ↓, bands, per incident, judged."""
    ident, name, points = f"i{k:02d}", f"指标{k}", 5.0
    rules = [
        Completion(bonus_per_point=0.5, bonus_cap=2, penalty_per_point=0.25, zero_below=80),
        Completion(direction="lower", bonus_per_point=0.25, bonus_cap=1, penalty_per_point=0.5),
        Bands(bands=[Band(bound=99, points=5), Band(bound=98, points=4), Band(bound=96, points=2.5)]),
        PerIncident(per_incident=1.5),
        Judged(max_mark=10, aggregation=Aggregation(method="trimmed_mean", trim=1) if k % 2 else Aggregation()),
    ]
    return Indicator(id=ident, name=name, points=points, rule=rules[k % 5])


INDICATORS = [_indicator(k) for k in range(N_INDICATORS)]


def figures(teams: int, periods: int, seed: int = 12):
    """plan, actual [T, I, P], marks {judged id: [T, P, J]}, facts [T, V, P]: integers and one
    decimal place, as reports are typed; drawn column by column (20 draws, no loop over teams)."""
    rng = np.random.default_rng(seed)
    shape = (teams, periods)
    plan = np.full((teams, N_INDICATORS, periods), np.nan)
    actual = np.full((teams, N_INDICATORS, periods), np.nan)
    marks = {}
    for k, ind in enumerate(INDICATORS):
        kind = k % 5
        if kind in (0, 1):
            plan[:, k] = rng.integers(100, 10_000, shape)
            actual[:, k] = np.round(plan[:, k] * rng.uniform(0.7, 1.3, shape))
        elif kind == 2:
            actual[:, k] = np.round(rng.uniform(94, 100, shape), 1)
        elif kind == 3:
            actual[:, k] = rng.poisson(0.7, shape)
        else:
            marks[ind.id] = rng.integers(4, 11, (teams, periods, JUDGES)).astype(np.float64)
    facts = np.stack([rng.random(shape) < 0.002, rng.random(shape) < 0.005, np.round(rng.uniform(93, 100, shape), 1)], axis=1)
    return plan, actual, marks, facts.astype(np.float64)


def score_and_rank(scorer: KpiScorer, plan, actual, marks, facts):
    pts = scorer.score(plan, actual, marks)
    return pts, kpi_standings(pts, RULES, VETOES, facts, indicator_ids=scorer.ids)


# ---- the oracle: one team and one period at a time, in exact decimals


def _d(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def _oracle_points(ind: Indicator, plan: float, actual: float, marks) -> Decimal:
    rule, top = ind.rule, _d(ind.points)
    if isinstance(rule, Completion):
        dev = (_d(actual) - _d(plan)) / _d(plan) * 100 * (1 if rule.direction == "higher" else -1)
        if rule.zero_below is not None and 100 + dev < _d(rule.zero_below):
            return Decimal(0)
        bonus = min(max(dev, Decimal(0)) * _d(rule.bonus_per_point), _d(rule.bonus_cap))
        return max(top + bonus - max(-dev, Decimal(0)) * _d(rule.penalty_per_point), Decimal(0))
    if isinstance(rule, Bands):
        return next((_d(b.points) for b in rule.bands if _d(actual) >= _d(b.bound)), Decimal(0))
    if isinstance(rule, PerIncident):
        return top - min(_d(actual) * _d(rule.per_incident), top)
    kept = sorted(_d(m) for m in marks)
    if rule.aggregation.method == "trimmed_mean":
        kept = kept[rule.aggregation.trim : len(kept) - rule.aggregation.trim]
    return sum(kept) / len(kept) / _d(rule.max_mark) * top


def check(plan, actual, marks, facts, teams: int) -> None:
    """Period totals of the first `teams` teams against the oracle; ranks against a sort."""
    scorer = KpiScorer.compile(INDICATORS)
    head = {k: v[:teams] for k, v in marks.items()}
    pts, s = score_and_rank(scorer, plan[:teams], actual[:teams], head, facts[:teams])
    periods = plan.shape[2]
    for t in range(teams):
        for p in range(periods):
            total = sum(
                _oracle_points(ind, plan[t, k, p], actual[t, k, p], head.get(ind.id, np.zeros((teams, periods, 0)))[t, p])
                for k, ind in enumerate(INDICATORS)
            )
            units = int((total * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            if units != s.period.total_units[t, p]:
                raise SystemExit(f"labour: team {t} period {p}: engine {s.period.total_units[t, p]} vs oracle {units} (hundredths)")
    for p in range(periods):
        by_total = 1 + (s.period.total_units[:, p][None, :] > s.period.total_units[:, p][:, None]).sum(axis=1)
        if (s.period.rank[:, p] < by_total).any():
            raise SystemExit(f"labour: period {p}: a rank above what its total allows")


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(teams: int = 10_000, periods: int = 12, repeat: int = 3, checked: int = 200) -> None:
    plan, actual, marks, facts = figures(teams, periods)
    check(plan, actual, marks, facts, min(checked, teams))
    scorer = KpiScorer.compile(INDICATORS)
    wall = best_of(lambda: score_and_rank(scorer, plan, actual, marks, facts), repeat)
    floor = best_of(lambda: np.sum(actual), repeat)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"labour  {teams:>9,} teams × {periods} periods × {N_INDICATORS} indicators (+ {len(marks)} judged × {JUDGES} judges, "
        f"{len(VETOES)} vetoes) scored, ranked, awarded per period and for the year: {wall:.3f} s; "
        f"totals agree with the decimal oracle on {min(checked, teams):,} teams"
    )
    print(
        f"        np.sum over the same [team, indicator, period] actuals: {floor:.5f} s → engine = {wall / floor:,.0f}× floor (load average {load})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.benchmarks.labour")
    ap.add_argument("--teams", type=int, default=10_000)
    ap.add_argument("--periods", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    run(args.teams, args.periods, args.repeat)


if __name__ == "__main__":
    main()
