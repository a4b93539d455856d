"""Is a value a valid mark for its aspect? The engine's own answer, with the very checks
`score_module` applies before it scores (range, 0–3 integers for judgements, whole counts
for deductions, 0/1 for vetoes and pass/fail, finite measured values, a grade on its
series, a time within its hard stop): the rules are not restated here.

Marks come as (aspect index, value) pairs, one judge's marks on any competitors; the answer
names each refused pair by its position in the input, with the rule it breaks.
"""

from __future__ import annotations

import numpy as np

from scoring.compiled import CompiledScheme, compile_scheme
from scoring.errors import MarksError
from scoring.module import Module
from scoring.module_score import _check_values


def refused_marks(module: Module, aspects: np.ndarray, values: np.ndarray, compiled: CompiledScheme | None = None) -> dict[int, str]:
    """{position: rule} of the marks the engine refuses; {} when every mark is valid.

    Valid input (the usual case) costs one vectorised check; only a refused batch is checked
    again mark by mark, so that every refused mark is named with its own rule."""
    cs = compiled or compile_scheme(module.scheme)
    aspects = np.asarray(aspects, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    if _refusal(module, cs, aspects, values) is None:
        return {}
    out = {}
    for k in range(len(values)):
        why = _refusal(module, cs, aspects[k : k + 1], values[k : k + 1])
        if why is not None:
            out[k] = why
    return out


def _refusal(module: Module, cs: CompiledScheme, aspects: np.ndarray, values: np.ndarray) -> str | None:
    n = len(values)
    if not n:
        return None
    tensor = np.full((n, cs.n_aspects, 1), np.nan)
    tensor[np.arange(n), aspects, 0] = values
    try:
        _check_values(tensor, cs, module.id, None)
    except MarksError as exc:
        # the engine's rule, without its tensor coordinates (meaningless to a judge)
        return exc.problems[0].rule
    return None


__all__ = ["refused_marks"]
