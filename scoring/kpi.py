"""Labour-competition indicators (考核指标) and vetoes (一票否决): the rules the KPI engine runs.

RULES.md, "Labour competitions": every indicator has points and exactly one rule.

- `Completion` — against the participant's own plan. Deviation in percentage points
  d = (actual − plan) / plan × 100, its sign reversed when lower is better (cost,
  consumption), so d > 0 is always "better than plan". Score = points + min(d × bonus_per_point,
  bonus_cap) for d > 0, points − |d| × penalty_per_point for d < 0, never below 0. With
  `zero_below` = z, a completion 100 + d under z (percent of plan) scores 0 ("低于计划80%不得分");
  exactly at z is not under it. For lower-is-better, completion 100 + d is 75 when the cost
  is 25% over plan.
- `Bands` — a measured rate against a band table: higher-is-better bands award their points
  from `bound` up (value ≥ bound), lower-is-better ones up to `bound` (value ≤ bound); the first
  band reached, best first, counts; below every band scores 0.
- `PerIncident` — points − incidents × per_incident, the deduction capped at `cap` (default
  the indicator's points, "扣完为止").
- `Judged` — an inspection panel marks 0…max_mark; the panel's marks are combined by the
  engine's own `Aggregation` (mean, median, trimmed mean) and scaled to the points.

A veto (一票否决) is a fact per participant and period: "occurs" fires on one occurrence or
more (a lost-time injury), "below"/"above" when a measured value passes its threshold
(attendance below 95%). It bars that period's awards and, with `bars_annual`, the annual
award; it never changes a score.

These are msgspec Structs like `Module`: a labour-competition definition embeds them, so the
engine validates and scores exactly what the organiser wrote.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from scoring.aggregation import Aggregation
from scoring.errors import Problem
from scoring.scheme import Ident, Name, Text

Direction = Literal["higher", "lower"]
VetoTest = Literal["occurs", "below", "above"]
Points = Annotated[float, msgspec.Meta(gt=0, le=10_000)]
Amount = Annotated[float, msgspec.Meta(ge=0, le=10_000)]
Value = Annotated[float, msgspec.Meta(ge=-1e12, le=1e12)]
Percent = Annotated[float, msgspec.Meta(gt=0, le=100)]

MAX_BANDS = 20

DIRECTION_LABELS = {"higher": "越高越好", "lower": "越低越好"}


class _Rule(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True, tag_field="kind"):
    pass


class Completion(_Rule, kw_only=True, tag="completion"):
    """完成率: against the participant's own plan (see the module docstring)."""

    direction: Direction = "higher"
    bonus_per_point: Amount = 0.0
    bonus_cap: Amount = 0.0
    penalty_per_point: Amount = 0.0
    zero_below: Percent | None = None


class Band(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One row of a band table: reaching `bound` earns `points`."""

    bound: Value
    points: Amount


class Bands(_Rule, kw_only=True, tag="bands"):
    """分档: best band first (highest bound for "higher", lowest for "lower")."""

    direction: Direction = "higher"
    bands: Annotated[list[Band], msgspec.Meta(max_length=MAX_BANDS)]


class PerIncident(_Rule, kw_only=True, tag="per_incident"):
    """按次扣分: per incident, capped (default: the indicator's points)."""

    per_incident: Points
    cap: Points | None = None


class Judged(_Rule, kw_only=True, tag="judged"):
    """检查评分: an inspection panel marks 0…max_mark, combined by `aggregation`."""

    max_mark: Points
    aggregation: Aggregation = Aggregation()


KpiRule = Completion | Bands | PerIncident | Judged
KIND_COMPLETION, KIND_BANDS, KIND_INCIDENT, KIND_JUDGED = range(4)
KIND_OF = {Completion: KIND_COMPLETION, Bands: KIND_BANDS, PerIncident: KIND_INCIDENT, Judged: KIND_JUDGED}
KIND_NAMES = ("completion", "bands", "per_incident", "judged")


class Indicator(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """One KPI (考核指标): id, name, the points it is worth and its one rule. `unit` is what
    the actual is measured in (t, 元, %, 次), shown next to plan and actual."""

    id: Ident
    name: Name
    name_en: Text = ""
    unit: Annotated[str, msgspec.Meta(max_length=20)] = ""
    points: Points
    rule: KpiRule

    @property
    def kind(self) -> int:
        return KIND_OF[type(self.rule)]


class VetoRule(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """一票否决: `test` "occurs" fires on a count ≥ 1; "below"/"above" compare a measured value
    with `threshold` (attendance below 95). `bars_annual`: a veto in any period also bars the
    annual award."""

    id: Ident
    name: Name
    name_en: Text = ""
    test: VetoTest = "occurs"
    threshold: Value | None = None
    bars_annual: bool = False


# ---------------------------------------------------------------- validation


def indicator_problems(ind: Indicator, path: str):
    rule, where = ind.rule, f"{path}.rule"
    if isinstance(rule, Completion):
        yield from _completion_problems(rule, where)
    elif isinstance(rule, Bands):
        yield from _band_problems(rule, ind.points, where)
    elif isinstance(rule, PerIncident):
        if rule.cap is not None and rule.cap > ind.points:
            yield Problem(f"{where}.cap", f"cap {rule.cap:g} is above the indicator's {ind.points:g} points")
    elif isinstance(rule, Judged) and rule.aggregation.method == "median" and rule.aggregation.trim:
        yield Problem(f"{where}.aggregation.trim", "trim is only read by a trimmed mean")


def _completion_problems(rule: Completion, where: str):
    if rule.bonus_per_point > 0 and rule.bonus_cap == 0:
        yield Problem(f"{where}.bonus_cap", "a bonus per point above plan needs a cap (最高加分); declare bonus_cap above 0")
    if rule.bonus_cap > 0 and rule.bonus_per_point == 0:
        yield Problem(f"{where}.bonus_per_point", f"bonus_cap {rule.bonus_cap:g} is declared but no bonus per point above plan")


def _band_problems(rule: Bands, points: float, where: str):
    if not rule.bands:
        yield Problem(f"{where}.bands", "a band table needs at least one band")
    sign = 1 if rule.direction == "higher" else -1
    for i, band in enumerate(rule.bands):
        if band.points > points:
            yield Problem(f"{where}.bands[{i}].points", f"{band.points:g} is above the indicator's {points:g} points")
        if i and sign * band.bound >= sign * rule.bands[i - 1].bound:
            order = "descending (best, highest bound first)" if sign > 0 else "ascending (best, lowest bound first)"
            yield Problem(f"{where}.bands[{i}].bound", f"bounds must be strictly {order}: {band.bound:g} after {rule.bands[i - 1].bound:g}")
        if i and band.points > rule.bands[i - 1].points:
            yield Problem(
                f"{where}.bands[{i}].points", f"a worse band may not earn more: {band.points:g} after {rule.bands[i - 1].points:g}"
            )


def veto_problems(veto: VetoRule, path: str):
    if veto.test == "occurs" and veto.threshold is not None:
        yield Problem(f"{path}.threshold", "a threshold is only read when test is 'below' or 'above'")
    if veto.test != "occurs" and veto.threshold is None:
        yield Problem(f"{path}.threshold", f"test {veto.test!r} needs a threshold (e.g. attendance below 95)")


def rule_text(ind: Indicator) -> str:
    """The rule in the organiser's words, for explanations and printed tables."""
    rule = ind.rule
    if isinstance(rule, Completion):
        parts = [f"{DIRECTION_LABELS[rule.direction]}，完成计划得{ind.points:g}分"]
        if rule.bonus_per_point:
            parts.append(f"每超1个百分点加{rule.bonus_per_point:g}分，最高加{rule.bonus_cap:g}分")
        if rule.penalty_per_point:
            parts.append(f"每差1个百分点扣{rule.penalty_per_point:g}分，扣完为止")
        if rule.zero_below is not None:
            parts.append(f"完成率低于{rule.zero_below:g}%不得分")
        return "；".join(parts)
    if isinstance(rule, Bands):
        op = "≥" if rule.direction == "higher" else "≤"
        return "；".join(f"{op}{b.bound:g}{ind.unit} 得{b.points:g}分" for b in rule.bands) + "；其余0分"
    if isinstance(rule, PerIncident):
        cap = rule.cap if rule.cap is not None else ind.points
        return f"每次扣{rule.per_incident:g}分，最多扣{cap:g}分"
    return f"检查组评分 0–{rule.max_mark:g}，{rule.aggregation.method}，折合{ind.points:g}分"
