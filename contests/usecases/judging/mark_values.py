"""Is a value a valid mark for its aspect? The scoring engine decides, with the very checks
`score_module` applies when it scores (range, 0–3 integers for judgements, whole counts
for deductions, 0/1 for vetoes and pass/fail, finite measured values for band tables);
the rules are not restated here. What is checked here is only what the store adds: a mark
is a Numeric(12, 4).

How: the batch's marks of one module become a tensor with one competitor row per mark and
a single judge, scored with the module's own scheme under a plain mean that ignores missing
cells (the panel rule is irrelevant to whether one value is valid). Valid batches, the
usual case, cost one vectorised evaluation; only a refused batch is re-checked mark by
mark, so that every bad mark is named with its own index.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import msgspec
import numpy as np

from contests.usecases.core.decimals import storage_problem
from scoring.aggregation import Aggregation
from scoring.compiled import CompiledScheme
from scoring.errors import MarksError
from scoring.module import Module
from scoring.module_score import score_module
from scoring.rounding import Rounding

MARK_PLACES = 4
_PROBE = Aggregation(method="mean", missing="absent")


def value_problems(module: Module, compiled: CompiledScheme, marks: Sequence[tuple[int, int, Decimal]]) -> dict[int, str]:
    """{key: rule broken} for marks given as (key, aspect index, value); {} if all are valid."""
    out = {key: why for key, _, value in marks if (why := storage_problem(value, MARK_PLACES))}
    rest = [m for m in marks if m[0] not in out]
    if rest and not _engine_accepts(module, compiled, rest):
        out.update((m[0], why) for m in rest if (why := _engine_refusal(module, compiled, m)))
    return out


def _engine_accepts(module: Module, compiled: CompiledScheme, marks: Sequence[tuple[int, int, Decimal]]) -> bool:
    try:
        _probe(module, compiled, marks)
    except MarksError:
        return False
    return True


def _engine_refusal(module: Module, compiled: CompiledScheme, mark: tuple[int, int, Decimal]) -> str | None:
    try:
        _probe(module, compiled, [mark])
    except MarksError as exc:
        # the engine's rule, without its tensor coordinates (meaningless to the judge)
        return exc.problems[0].rule
    return None


def _probe(module: Module, compiled: CompiledScheme, marks: Sequence[tuple[int, int, Decimal]]) -> None:
    n = len(marks)
    tensor = np.full((n, compiled.n_aspects, 1), np.nan)
    aspects = np.array([a for _, a, _ in marks], dtype=np.int64)
    tensor[np.arange(n), aspects, 0] = np.array([float(v) for _, _, v in marks])
    probe = msgspec.structs.replace(module, aggregation=_PROBE)
    score_module(probe, tensor, Rounding(), compiled)


__all__ = ["MARK_PLACES", "value_problems"]
