"""Judge statistics for one module, for the chief judge (裁判长): severity, judgement
spreads and panel agreement, all computed on the marks the panel actually gave."""

from __future__ import annotations

import msgspec
import numpy as np

from scoring.analytics import Agreement, Severity, module_agreement, severity, spread_flags
from scoring.compiled import KIND_JUDGEMENT, KIND_MARKS, CompiledScheme, compile_scheme
from scoring.module import Module


class SpreadFlag(msgspec.Struct, frozen=True):
    competitor: int
    aspect: str
    marks: list[float]


class JudgeReport(msgspec.Struct, frozen=True):
    module_id: str
    severity: Severity
    spreads: list[SpreadFlag]
    spread_count: int
    agreement: Agreement


def judge_report(
    module: Module,
    marks: np.ndarray,
    judge_ids: list[str],
    *,
    threshold: float = 0.5,
    max_listed: int = 200,
    compiled: CompiledScheme | None = None,
) -> JudgeReport:
    """Severity over judgement and direct-mark aspects (where a judge's own opinion enters),
    spread flags on judgement aspects, and ICC(3,1) / Kendall's W of the judges' totals on
    the awarded scale. Band, pass/fail, deduction and veto inputs are facts, not opinions."""
    cs = compiled or compile_scheme(module.scheme)
    marks = np.asarray(marks, dtype=np.float64)
    opinion = np.flatnonzero(np.isin(cs.kind, (KIND_JUDGEMENT, KIND_MARKS)))
    ids = [cs.aspect_ids[i] for i in opinion]
    sub = marks[:, opinion, :]
    sev = severity(sub, module.aggregation, ids, judge_ids, threshold)
    flags = spread_flags(sub, cs.kind[opinion] == KIND_JUDGEMENT, _spread_limit(module, opinion))
    where = np.argwhere(flags)
    spreads = [SpreadFlag(int(c), ids[a], [float(v) for v in sub[c, a] if not np.isnan(v)]) for c, a in where[:max_listed]]
    scale = np.where(cs.kind[opinion] == KIND_JUDGEMENT, cs.max_marks[opinion] / 3.0, 1.0)
    totals = (sub * scale[None, :, None]).sum(axis=1)
    return JudgeReport(module.id, sev, spreads, int(len(where)), module_agreement(totals))


def _spread_limit(module: Module, opinion: np.ndarray) -> float:
    aspects = module.scheme.aspects()
    limits = [getattr(aspects[i], "spread_limit", 1) for i in opinion]
    return float(min(limits, default=1))
