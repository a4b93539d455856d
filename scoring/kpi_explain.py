"""Explain one participant's labour-competition result (成绩说明), period by period and for
the year: plan, actual, deviation, the rule applied, bonus or penalty, cap, zero-below,
band, deductions, panel marks, veto, rounding, rank and awards.

An appeal is about a plan figure, a veto or who was eligible, so every figure is read from
the engine's own arrays (`KpiPoints`, `KpiStandings`); the explanation cannot disagree with
the standings. Judged indicators re-run the panel's aggregation for this one cell with the
kept marks, as `scoring.explain` does for a contest aspect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec
import numpy as np

from scoring.kpi import KIND_BANDS, KIND_COMPLETION, KIND_INCIDENT, KIND_NAMES, Indicator, VetoRule, rule_text
from scoring.kpi_score import KpiPoints, KpiScorer, panel_values
from scoring.kpi_standings import RED_FLAGS, Awards, KpiRules, KpiStandings


class IndicatorLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str
    rule: str  # the rule in the organiser's words
    full_points: float
    plan: float | None
    actual: float | None  # for a judged indicator: the panel's value
    unit: str
    points: float
    note: str  # the working, one line
    deviation: float | None = None  # points above plan (+ better)
    bonus: float = 0.0
    bonus_capped: bool = False
    penalty: float = 0.0
    zeroed: bool = False
    floored: bool = False
    band: int | None = None  # 0-based band reached
    deducted: float = 0.0
    capped: bool = False
    marks: list[float | None] | None = None
    kept: list[bool] | None = None
    missing: bool = False


class VetoLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    fact: float | None
    fired: bool
    bars_annual: bool


class PeriodExplanation(msgspec.Struct, frozen=True):
    participant: int
    period: int
    indicators: list[IndicatorLine]
    vetoes: list[VetoLine]
    total_unrounded: float
    late_deduction: float
    total: float
    total_units: int
    rounding: str
    rank: int  # among everyone: a vetoed team keeps its place
    decided_by: str
    eligible: bool
    eligible_rank: int  # among the eligible, 0 = not eligible: the red flag is read here
    not_eligible_because: list[str]
    awards: list[str]


class AnnualExplanation(msgspec.Struct, frozen=True):
    participant: int
    method: str
    period_totals: list[float]
    weights: list[float]
    total_unrounded: float
    total: float
    red_flags: int
    vetoed_by: list[str]  # "veto name (period k)" of the vetoes barring the annual award
    rank: int
    eligible_rank: int
    awards: list[str]


def explain_period(
    scorer: KpiScorer,
    pts: KpiPoints,
    standings: KpiStandings,
    rules: KpiRules,
    vetoes: Sequence[VetoRule],
    t: int,
    p: int,
    *,
    plan=None,
    facts=None,
    marks: Mapping[str, np.ndarray] | None = None,
) -> PeriodExplanation:
    s = standings.period
    plan_arr = None if plan is None else np.asarray(plan, dtype=np.float64)
    lines = [_line(scorer, pts, i, t, p, plan_arr, marks or {}) for i in range(len(scorer.indicators))]
    fact = None if facts is None else np.asarray(facts, dtype=np.float64)[t, :, p]
    veto_lines = [
        VetoLine(v.id, v.name, None if fact is None or np.isnan(fact[k]) else float(fact[k]), bool(s.fired[t, k, p]), v.bars_annual)
        for k, v in enumerate(vetoes)
    ]
    why = [f"一票否决：{line.name}" for line in veto_lines if line.fired]
    why += [f"未报送：{line.name}" for line in lines if line.missing]
    r = rules.rounding
    return PeriodExplanation(
        participant=t,
        period=p,
        indicators=lines,
        vetoes=veto_lines,
        total_unrounded=float(s.total_unrounded[t, p]),
        late_deduction=float(s.late_deduction[t, p]),
        total=float(s.total[t, p]),
        total_units=int(s.total_units[t, p]),
        rounding=f"{r.places} places, {r.mode}",
        rank=int(s.rank[t, p]),
        decided_by=_decided_by(rules.tie_break, int(s.decided_by[t, p])),
        eligible=bool(s.eligible_rank[t, p] > 0),
        eligible_rank=int(s.eligible_rank[t, p]),
        not_eligible_because=why,
        awards=_award_names(rules.awards, bool(s.best[t, p]), int(s.threshold[t, p])),
    )


def explain_annual(standings: KpiStandings, rules: KpiRules, vetoes: Sequence[VetoRule], t: int) -> AnnualExplanation:
    s, a, annual = standings.period, standings.annual, rules.annual
    periods = s.total.shape[1]
    weights = {"sum": [1.0] * periods, "mean": [1.0 / periods] * periods if periods else [], "weighted": [w / 100 for w in annual.weights]}
    barred = [f"{v.name}（第{p + 1}期）" for k, v in enumerate(vetoes) if v.bars_annual for p in np.flatnonzero(s.fired[t, k]).tolist()]
    return AnnualExplanation(
        participant=t,
        method=annual.method,
        period_totals=[float(x) for x in s.total[t]],
        weights=weights[annual.method],
        total_unrounded=float(a.total_unrounded[t]),
        total=float(a.total[t]),
        red_flags=int(a.red_flags[t]),
        vetoed_by=barred,
        rank=int(a.rank[t]),
        eligible_rank=int(a.eligible_rank[t]),
        awards=_award_names(annual.awards, bool(a.best[t]), int(a.threshold[t])),
    )


def _line(scorer: KpiScorer, pts: KpiPoints, i: int, t: int, p: int, plan, marks) -> IndicatorLine:
    ind = scorer.indicators[i]
    actual = float(pts.actual[t, i, p])
    missing = bool(pts.missing[t, i, p])
    base = {
        "id": ind.id,
        "name": ind.name,
        "kind": KIND_NAMES[ind.kind],
        "rule": rule_text(ind),
        "full_points": ind.points,
        "plan": None,
        "actual": None if missing else actual,
        "unit": ind.unit,
        "points": float(pts.points[t, i, p]),
        "missing": missing,
    }
    if missing:
        return IndicatorLine(**base, note="未报送 / not reported: 0")
    kind = ind.kind
    if kind == KIND_COMPLETION:
        return _completion_line(ind, pts, i, t, p, plan, base)
    if kind == KIND_BANDS:
        k = _position(pts.bands.cols, i)
        band = int(pts.bands.band[t, k, p])
        rule = ind.rule
        note = (
            f"{actual:g}{ind.unit}: 未达任何档次 → 0"
            if band < 0
            else f"{actual:g}{ind.unit} 达到第{band + 1}档（{rule.bands[band].bound:g}）→ {rule.bands[band].points:g}"
        )
        return IndicatorLine(**base, note=note, band=None if band < 0 else band)
    if kind == KIND_INCIDENT:
        k = _position(pts.incidents.cols, i)
        deducted, capped = float(pts.incidents.deducted[t, k, p]), bool(pts.incidents.capped[t, k, p])
        note = f"{actual:g} 次 × {ind.rule.per_incident:g} = {actual * ind.rule.per_incident:g}" + (
            f"，封顶扣{deducted:g}" if capped else ""
        )
        return IndicatorLine(**base, note=f"{ind.points:g} − {deducted:g}（{note}）", deducted=deducted, capped=capped)
    return _judged_line(ind, actual, base, marks, t, p)


def _completion_line(ind: Indicator, pts: KpiPoints, i: int, t: int, p: int, plan, base: dict) -> IndicatorLine:
    c = pts.completion
    k = _position(c.cols, i)
    dev = float(c.deviation[t, k, p])
    bonus, penalty = float(c.bonus[t, k, p]), float(c.penalty[t, k, p])
    zeroed, floored, capped = bool(c.zeroed[t, k, p]), bool(c.floored[t, k, p]), bool(c.bonus_capped[t, k, p])
    if plan is not None:
        base["plan"] = float(plan[t, i, p])
    sign = "" if ind.rule.direction == "higher" else "（越低越好，符号取反）"
    if zeroed:
        note = f"偏差 {dev:+g} 个百分点{sign}，完成率 {100 + dev:g}% 低于 {ind.rule.zero_below:g}% → 0"
    else:
        note = f"偏差 {dev:+g} 个百分点{sign}：{ind.points:g} + {bonus:g} − {penalty:g}"
        note += "（加分封顶）" if capped else ""
        note += "，不低于0 → 0" if floored else ""
    return IndicatorLine(
        **base, note=note, deviation=dev, bonus=bonus, bonus_capped=capped, penalty=penalty, zeroed=zeroed, floored=floored
    )


def _judged_line(ind: Indicator, actual: float, base: dict, marks, t: int, p: int) -> IndicatorLine:
    note = f"检查组 {actual:g} / {ind.rule.max_mark:g} × {ind.points:g}"
    if ind.id not in marks:
        return IndicatorLine(**base, note=note)
    cell = np.asarray(marks[ind.id], dtype=np.float64)[t : t + 1, p : p + 1]
    _, kept = panel_values(ind, cell, 1, 1, want_kept=True)
    row = cell[0, 0]
    return IndicatorLine(
        **base,
        note=note,
        marks=[None if np.isnan(v) else float(v) for v in row],
        kept=[bool(k) for k in kept[0, 0]],
    )


def _position(cols: np.ndarray, i: int) -> int:
    return int(np.flatnonzero(cols == i)[0])


def _decided_by(chain: Sequence[str], code: int) -> str:
    if code < 0:
        return "总分 / total score"
    if code < len(chain):
        return f"同分处理第{code + 1}项 / tie-break {code + 1}: {chain[code]}"
    return "并列 / shared place"


def _award_names(awards: Awards, best: bool, threshold: int) -> list[str]:
    out = [awards.best_name] if best else []
    if threshold >= 0:
        out.append(awards.thresholds[threshold].name)
    return out


__all__ = ["RED_FLAGS", "AnnualExplanation", "IndicatorLine", "PeriodExplanation", "VetoLine", "explain_annual", "explain_period"]
