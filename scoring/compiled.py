"""A scheme compiled once into index arrays, so evaluation is array arithmetic only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.grades import GradeTable
from scoring.scheme import Deduction, Judgement, Measurement, Scheme, Veto, validate_scheme
from scoring.time_limit import TimeTable
from scoring.tolerance import ToleranceTable

# every scoring kind (measurement rules, judgement) sorts below KIND_DEDUCTION: callers read
# `kind < KIND_DEDUCTION` as "a mark is owed by every judge"
(KIND_MARKS, KIND_PASS_FAIL, KIND_BANDS, KIND_TOLERANCE, KIND_GRADES, KIND_TIME,
 KIND_JUDGEMENT, KIND_DEDUCTION, KIND_VETO) = range(9)  # fmt: skip
KIND_NAMES = ("marks", "pass_fail", "bands", "tolerance", "grades", "time", "judgement", "deduction", "veto")
MEASURED_RULES = {"marks": KIND_MARKS, "pass_fail": KIND_PASS_FAIL, "bands": KIND_BANDS,
                  "tolerance": KIND_TOLERANCE, "grades": KIND_GRADES, "time": KIND_TIME}  # fmt: skip
VETO_EFFECTS = ("aspect", "criterion", "module", "disqualify")


@dataclass(frozen=True, eq=False)
class CompiledScheme:
    aspect_ids: list[str]
    kind: np.ndarray  # int8 [A]
    max_marks: np.ndarray  # float [A]; 0 for deductions and vetoes
    section_of: np.ndarray  # int [A]
    section_max: np.ndarray  # float [S]
    section_credit: np.ndarray  # float [S]: allocation not covered by scoring aspects
    criterion_of_section: np.ndarray  # int [S]
    n_criteria: int
    scoring: np.ndarray  # int [As]: aspect indices of measurement and judgement aspects
    bands: np.ndarray  # int [B]: positions in `scoring` that use band tables
    band_upto: np.ndarray  # float [B, nb], padded with +inf
    band_marks: np.ndarray  # float [B, nb + 1], last column is "beyond every band" = 0
    deductions: np.ndarray  # int [D]: aspect indices
    per_occurrence: np.ndarray  # float [D]
    cap: np.ndarray  # float [D], inf when uncapped
    disqualify_at: np.ndarray  # float [D], inf when never
    vetoes: np.ndarray  # int [V]: aspect indices
    veto_effect: np.ndarray  # int8 [V] index into VETO_EFFECTS
    veto_zeroes_aspect: np.ndarray  # bool [V, As]
    veto_zeroes_section: np.ndarray  # bool [V, S]
    section_onehot: np.ndarray  # float [As, S]
    deduction_onehot: np.ndarray  # float [D, S]
    criterion_onehot: np.ndarray  # float [S, K]
    total: float
    tolerance: ToleranceTable
    grades: GradeTable
    time_limits: TimeTable
    single: np.ndarray  # bool [As]: one-measurer aspects (panel "single")
    module_deduction: np.ndarray  # float [D]: 1 for deductions from the module total, else 0

    @property
    def n_aspects(self) -> int:
        return len(self.aspect_ids)


def _kind(a) -> int:
    if isinstance(a, Judgement):
        return KIND_JUDGEMENT
    if isinstance(a, Deduction):
        return KIND_DEDUCTION
    if isinstance(a, Veto):
        return KIND_VETO
    return MEASURED_RULES[a.rule]


def compile_scheme(scheme: Scheme) -> CompiledScheme:
    validate_scheme(scheme)
    sections = scheme.sections()
    aspects = [a for _, _, s in sections for a in s.aspects]
    ids = [a.id for a in aspects]
    kind = np.array([_kind(a) for a in aspects], dtype=np.int8)
    section_of = np.array([si for si, (_, _, s) in enumerate(sections) for _ in s.aspects])
    crit_index = {c.id: ci for ci, c in enumerate(scheme.criteria)}
    criterion_of_section = np.array([crit_index[c.id] for _, c, _ in sections])
    max_marks = np.array([getattr(a, "max_marks", 0.0) if k < KIND_DEDUCTION else 0.0 for a, k in zip(aspects, kind)])
    section_max = np.array([s.max_marks for _, _, s in sections], dtype=np.float64)
    scoring = np.flatnonzero(kind < KIND_DEDUCTION)
    covered = np.bincount(section_of[scoring], weights=max_marks[scoring], minlength=len(sections))
    band_upto, band_marks, bands = _band_tables([aspects[i] for i in scoring])
    ded = np.flatnonzero(kind == KIND_DEDUCTION)
    veto = np.flatnonzero(kind == KIND_VETO)
    z_aspect, z_section, effect = _veto_targets(scheme, aspects, veto, scoring, section_of, sections)
    to_module = np.array([aspects[i].scope == "module" for i in ded], dtype=bool)
    inf = float("inf")
    return CompiledScheme(
        aspect_ids=ids,
        kind=kind,
        max_marks=max_marks,
        section_of=section_of,
        section_max=section_max,
        section_credit=np.maximum(section_max - covered, 0.0),
        criterion_of_section=criterion_of_section,
        n_criteria=len(scheme.criteria),
        scoring=scoring,
        bands=bands,
        band_upto=band_upto,
        band_marks=band_marks,
        deductions=ded,
        per_occurrence=np.array([aspects[i].per_occurrence for i in ded], dtype=np.float64),
        cap=np.array([aspects[i].cap if aspects[i].cap is not None else inf for i in ded], dtype=np.float64),
        disqualify_at=np.array(
            [aspects[i].disqualify_at if aspects[i].disqualify_at is not None else inf for i in ded],
            dtype=np.float64,
        ),
        vetoes=veto,
        veto_effect=effect,
        veto_zeroes_aspect=z_aspect,
        veto_zeroes_section=z_section,
        section_onehot=_onehot(section_of[scoring], len(sections)),
        deduction_onehot=_onehot(section_of[ded], len(sections), ~to_module),  # module-scope rows hit no section
        criterion_onehot=_onehot(criterion_of_section, len(scheme.criteria)),
        total=scheme.total_marks,
        **_rule_tables([aspects[i] for i in scoring]),
        module_deduction=to_module.astype(np.float64),
    )


def _onehot(column: np.ndarray, width: int, keep: np.ndarray | None = None) -> np.ndarray:
    """float [len(column), width]: 1 at each row's column (0 for rows not kept)."""
    out = np.zeros((len(column), width))
    out[np.arange(len(column)), column] = 1.0 if keep is None else keep.astype(np.float64)
    return out


def _rule_tables(scoring_aspects: list) -> dict:
    """Per-rule tables of the tolerance, grade and time aspects, and the one-measurer mask."""

    def specs(rule: str, field: str) -> list:
        return [(p, getattr(a, field)) for p, a in enumerate(scoring_aspects) if isinstance(a, Measurement) and a.rule == rule]

    return {
        "tolerance": ToleranceTable.build(specs("tolerance", "tolerance")),
        "grades": GradeTable.build(specs("grades", "grades")),
        "time_limits": TimeTable.build(specs("time", "time_limit")),
        "single": np.array([isinstance(a, Measurement) and a.panel == "single" for a in scoring_aspects], dtype=bool),
    }


def _band_tables(scoring_aspects: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    banded = [i for i, a in enumerate(scoring_aspects) if isinstance(a, Measurement) and a.rule == "bands"]
    width = max((len(scoring_aspects[i].bands) for i in banded), default=0)
    upto = np.full((len(banded), width), np.inf)
    marks = np.zeros((len(banded), width + 1))
    for row, i in enumerate(banded):
        for col, band in enumerate(scoring_aspects[i].bands):
            upto[row, col] = band.upto
            marks[row, col] = band.marks
        # padding bands repeat "beyond the table" so a value past the last real band scores 0
        marks[row, len(scoring_aspects[i].bands) :] = 0.0
    return upto, marks, np.array(banded, dtype=np.int64)


def _veto_targets(scheme, aspects, veto, scoring, section_of, sections):
    pos_in_scoring = {aspects[i].id: p for p, i in enumerate(scoring)}
    section_ids = [s.id for _, _, s in sections]
    criterion_sections = {c.id: [si for si, (_, cc, _) in enumerate(sections) if cc.id == c.id] for c in scheme.criteria}
    z_aspect = np.zeros((len(veto), len(scoring)), dtype=bool)
    z_section = np.zeros((len(veto), len(sections)), dtype=bool)
    effect = np.zeros(len(veto), dtype=np.int8)
    for v, i in enumerate(veto):
        a = aspects[i]
        effect[v] = VETO_EFFECTS.index(a.effect)
        if a.effect == "aspect":
            z_aspect[v, pos_in_scoring[a.target]] = True
        elif a.effect == "criterion":
            if a.target is None:
                z_section[v, section_of[i]] = True
            elif a.target in criterion_sections:
                z_section[v, criterion_sections[a.target]] = True
            else:
                z_section[v, section_ids.index(a.target)] = True
    return z_aspect, z_section, effect
