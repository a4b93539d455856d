"""A compact per-competitor breakdown (成绩明细) for the public results page.

Made from `scoring.explain.Explanation`, the engine's own re-evaluation, so the page can
never disagree with the total. It keeps what a competitor checks (each module's raw, scaled
and weighted score, section scores, the deductions actually taken, the vetoes that fired)
and leaves out judge-by-judge marks, which stay with the chief judge and appeals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec
import numpy as np

from scoring.event import EventResult, EventScorer
from scoring.explain import Explanation, ModuleLine, explain


class _Frozen(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class SectionPart(_Frozen, kw_only=True, frozen=True):
    id: str
    name: str
    max_marks: float
    score: float
    deductions: float
    vetoed: bool


class DeductionPart(_Frozen, kw_only=True, frozen=True):
    id: str
    name: str
    occurrences: float
    deducted: float
    capped: bool  # the deduction's cap stopped it
    disqualifies: bool


class ModulePart(_Frozen, kw_only=True, frozen=True):
    id: str
    name: str
    weight: float
    scheme_max: float
    raw: float  # on the scheme's own scale
    scaled: float
    weighted: float
    vetoed: bool
    disqualified: bool
    passed: bool
    sections: tuple[SectionPart, ...]
    deductions: tuple[DeductionPart, ...]  # only those that took marks or disqualified
    vetoes: tuple[str, ...]  # names of the vetoes that fired


class Breakdown(_Frozen, kw_only=True, frozen=True):
    total_units: int
    rank: int
    disqualified: bool
    modules: tuple[ModulePart, ...]


def breakdown(explanation: Explanation) -> Breakdown:
    return Breakdown(
        total_units=explanation.total_units,
        rank=explanation.rank,
        disqualified=explanation.disqualified,
        modules=tuple(_module(m) for m in explanation.modules),
    )


def event_breakdowns(
    scorer: EventScorer,
    result: EventResult,
    marks: Mapping[str, np.ndarray],
    blind_codes: Sequence[str],
) -> dict[str, Breakdown]:
    """blind code → breakdown for every competitor; blind_codes[i] is competitor i's code.
    explain works on one competitor at a time by design (it keeps every intermediate)."""
    return {code: breakdown(explain(scorer, result, marks, i)) for i, code in enumerate(blind_codes)}


def _module(m: ModuleLine) -> ModulePart:
    return ModulePart(
        id=m.id,
        name=m.name,
        weight=m.weight,
        scheme_max=m.scheme_max,
        raw=m.raw,
        scaled=m.scaled,
        weighted=m.weighted,
        vetoed=m.module_vetoed,
        disqualified=m.disqualified,
        passed=m.passed,
        sections=tuple(
            SectionPart(id=s.id, name=s.name, max_marks=s.max_marks, score=s.score, deductions=s.deductions, vetoed=s.vetoed)
            for s in m.sections
        ),
        deductions=tuple(
            DeductionPart(
                id=d.id,
                name=d.name,
                occurrences=d.occurrences,
                deducted=d.deducted,
                capped=d.capped,
                disqualifies=d.disqualifies,
            )
            for d in m.deductions
            if d.deducted > 0 or d.disqualifies
        ),  # fmt: skip
        vetoes=tuple(v.name for v in m.vetoes if v.fired),
    )
