"""Explain one competitor's result from raw marks to rank (成绩说明).

An appeal is about one competitor, so this re-evaluates that competitor's rows alone with
every intermediate kept (which marks the trim dropped, which band applied, how much each
deduction took and whether its cap or the section floor stopped it, which veto fired) and
reads rank, tie-break, draw and award from the event result. The figures are the engine's
own, so the explanation cannot disagree with the total.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec
import numpy as np

from scoring.compiled import KIND_BANDS, KIND_JUDGEMENT, KIND_NAMES, KIND_PASS_FAIL, VETO_EFFECTS, CompiledScheme
from scoring.event import EventResult, EventScorer
from scoring.measure_arithmetic import Arithmetic, arithmetic
from scoring.module_score import ModuleDetail, detail_module
from scoring.scheme import Measurement

_MEDALS = ("", "金牌 gold", "银牌 silver", "铜牌 bronze", "优胜奖 Medallion for Excellence")


class AspectLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str
    max_marks: float
    marks: list[float | None]  # one per judge, None = missing
    kept: list[bool]  # False = dropped by the trim (or missing)
    panel_value: float  # the panel's combined value before conversion
    awarded: float
    note: str
    arithmetic: Arithmetic | None = None  # tolerance, grades and time rules: the working


class DeductionLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    marks: list[float | None]
    occurrences: float
    per_occurrence: float
    deducted: float
    capped: bool
    disqualifies: bool
    scope: str = "section"  # "module": taken from the module total


class VetoLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    effect: str
    target: str | None
    marks: list[float | None]
    fired: bool


class SectionLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    criterion: str
    max_marks: float
    allocation: float  # deduction allocation: max not covered by scoring aspects
    deductions: float
    before_floor: float
    score: float
    floored: bool  # the 0 floor (or the max) stopped it
    vetoed: bool


class ModuleLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    weight: float
    scheme_max: float
    scale_factor: float
    raw: float
    scaled: float
    weighted: float
    module_vetoed: bool
    disqualified: bool
    passed: bool
    aspects: list[AspectLine]
    deductions: list[DeductionLine]
    vetoes: list[VetoLine]
    sections: list[SectionLine]
    criteria_total: float = 0.0  # criteria summed, before deductions from the module total
    module_deductions: float = 0.0  # taken from the module total (after their caps)


class Explanation(msgspec.Struct, frozen=True):
    competitor: int
    modules: list[ModuleLine]
    total_unrounded: float
    total: float
    total_units: int
    rounding: str
    disqualified: bool
    rank: int
    decided_by: str
    draw: list[int] | None
    award: str | None
    titles: list[str]
    standardised: float | None
    medal: str | None


def explain(
    scorer: EventScorer,
    result: EventResult,
    marks: Mapping[str, np.ndarray],
    competitor: int,
) -> Explanation:
    i = competitor
    rounding = scorer.rules.rounding
    lines = [
        _module_line(m, scorer.compiled[m.id], detail_module(m, marks[m.id][i : i + 1], rounding, scorer.compiled[m.id]), result, i)
        for m in scorer.modules
    ]
    return Explanation(
        competitor=i,
        modules=lines,
        total_unrounded=float(result.total_unrounded[i]),
        total=float(result.total[i]),
        total_units=int(result.total_units[i]),
        rounding=f"{rounding.places} places, {rounding.mode}, from the {rounding.level} level",
        disqualified=bool(result.disqualified[i]),
        rank=int(result.ranking.rank[i]),
        decided_by=_decided_by(scorer, result, i),
        draw=_draw(result, i),
        award=_award(result, i),
        titles=[name for name, mask in (result.awards.titles.items() if result.awards else []) if mask[i]],
        standardised=float(result.standardised.scores[i]) if result.standardised is not None else None,
        medal=_MEDALS[int(result.medals.medal[i])] or None if result.medals is not None else None,
    )


def _module_line(module, cs: CompiledScheme, d: ModuleDetail, result: EventResult, i: int) -> ModuleLine:
    cs_aspects = module.scheme.aspects()
    s = d.score
    return ModuleLine(
        id=module.id,
        name=module.name,
        weight=module.weight,
        scheme_max=module.scheme.total_marks,
        scale_factor=module.scale_factor,
        raw=float(s.raw[0]),
        scaled=float(s.scaled[0]),
        weighted=float(result.weighted[module.id][i]),
        module_vetoed=bool(s.module_vetoed[0]),
        disqualified=bool(s.disqualified[0]),
        passed=bool(s.passed[0]),
        aspects=_aspect_lines(module, cs, d, cs_aspects),
        deductions=_deduction_lines(module, cs, d, cs_aspects),
        vetoes=_veto_lines(module, cs, d, cs_aspects),
        sections=_section_lines(module, cs, d),
        criteria_total=float(d.criteria_total[0]),
        module_deductions=float(d.module_deductions[0]),
    )


def _judge_marks(row: np.ndarray) -> list[float | None]:
    return [None if np.isnan(v) else float(v) for v in row]


def _aspect_lines(module, cs: CompiledScheme, d: ModuleDetail, aspects) -> list[AspectLine]:
    out = []
    for p, ai in enumerate(cs.scoring):
        a = aspects[ai]
        kind = int(cs.kind[ai])
        value = float(d.panel.value[0, p])
        awarded = float(d.awarded[0, p])
        present, vetoed = int(d.panel.present[0, p]), bool(d.aspect_vetoed[0, p])
        # a measured value against its drawing: the working is the note (nothing to show when unmeasured or vetoed)
        working = arithmetic(a, value) if present and not vetoed else None
        out.append(
            AspectLine(
                id=a.id,
                name=a.name,
                kind=KIND_NAMES[kind],
                max_marks=a.max_marks,
                marks=_judge_marks(d.raw_marks[0, ai]),
                kept=[bool(k) for k in d.panel.kept[0, p]],
                panel_value=value,
                awarded=awarded,
                note=working.note if working is not None else _note(a, kind, value, vetoed, present),
                arithmetic=working,
            )
        )
    return out


def _note(a, kind: int, value: float, vetoed: bool, present: int) -> str:
    if present == 0:
        return "no marks recorded: 0"
    if vetoed:
        return "zeroed by a veto"
    if kind == KIND_JUDGEMENT:
        return f"({value:g} / 3) × {a.max_marks:g}"
    if kind == KIND_PASS_FAIL:
        return "pass: full marks" if value >= 0.5 else "fail: 0"
    if kind == KIND_BANDS and isinstance(a, Measurement):
        band = next((b for b in a.bands if value <= b.upto), None)
        return (
            f"measured {value:g}{a.unit} ≤ {band.upto:g} → {band.marks:g}" if band else f"measured {value:g}{a.unit}: beyond every band → 0"
        )
    return "marks as recorded"


def _deduction_lines(module, cs: CompiledScheme, d: ModuleDetail, aspects) -> list[DeductionLine]:
    return [
        DeductionLine(
            id=aspects[ai].id,
            name=aspects[ai].name,
            marks=_judge_marks(d.raw_marks[0, ai]),
            occurrences=float(d.occurrences[0, k]),
            per_occurrence=float(cs.per_occurrence[k]),
            deducted=float(d.deducted[0, k]),
            capped=bool(d.occurrences[0, k] * cs.per_occurrence[k] > cs.cap[k]),
            disqualifies=bool(d.occurrences[0, k] >= cs.disqualify_at[k]),
            scope=aspects[ai].scope,
        )
        for k, ai in enumerate(cs.deductions)
    ]


def _veto_lines(module, cs: CompiledScheme, d: ModuleDetail, aspects) -> list[VetoLine]:
    return [
        VetoLine(
            id=aspects[ai].id,
            name=aspects[ai].name,
            effect=VETO_EFFECTS[int(cs.veto_effect[k])],
            target=aspects[ai].target,
            marks=_judge_marks(d.raw_marks[0, ai]),
            fired=bool(d.score.vetoes_fired[0, k]),
        )
        for k, ai in enumerate(cs.vetoes)
    ]


def _section_lines(module, cs: CompiledScheme, d: ModuleDetail) -> list[SectionLine]:
    out = []
    for si, (_, criterion, section) in enumerate(module.scheme.sections()):
        before = float(d.section_unfloored[0, si])
        score = float(d.score.sections[0, si])
        clipped = float(np.clip(before, 0.0, cs.section_max[si]))
        out.append(
            SectionLine(
                id=section.id,
                name=section.name,
                criterion=criterion.id,
                max_marks=section.max_marks,
                allocation=float(cs.section_credit[si]),
                deductions=float(d.section_deductions[0, si]),
                before_floor=before,
                score=score,
                floored=clipped != before,
                vetoed=score != clipped,
            )
        )
    return out


def _decided_by(scorer: EventScorer, result: EventResult, i: int) -> str:
    chain = scorer.rules.ranking.tie_break
    code = int(result.ranking.decided_by[i])
    if result.ranking.rank[i] == 0:
        return "取消资格，不排名 / disqualified: no place"
    if code < 0:
        return "总分 / total score"
    if code < len(chain):
        tb = chain[code]
        what = f"module {tb.module}" if tb.key == "module" else f"time{' of ' + tb.module if tb.module else ''}"
        return f"同分处理第{code + 1}项 / tie-break {code + 1}: {what}"
    if code == len(chain):
        return "并列 / shared place"
    return "抽签决定 / decided by the recorded draw"


def _draw(result: EventResult, i: int) -> list[int] | None:
    for record in result.ranking.draws:
        if i in record.competitors:
            return list(record.competitors)
    return None


def _award(result: EventResult, i: int) -> str | None:
    if result.awards is None or result.awards.tier[i] < 0:
        return None
    return result.awards.tier_names[int(result.awards.tier[i])]
