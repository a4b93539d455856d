"""Is a value a valid mark for its aspect? The scoring engine decides
(`scoring.refused_marks`, the very checks `score_module` applies when it scores); the
rules are not restated here. What is checked here is only what the store adds: a mark is a
Numeric(12, 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from contests.usecases.core.decimals import storage_problem
from scoring.compiled import CompiledScheme
from scoring.mark_check import refused_marks
from scoring.module import Module

MARK_PLACES = 4


def value_problems(module: Module, compiled: CompiledScheme, marks: Sequence[tuple[int, int, Decimal]]) -> dict[int, str]:
    """{key: rule broken} for marks given as (key, aspect index, value); {} if all are valid."""
    checked: dict[Decimal, str | None] = {}  # a batch repeats a few values many times: each is checked once

    def storage(value: Decimal) -> str | None:
        if not isinstance(value, Decimal) or not value.is_finite():  # not a key (a signalling NaN has no hash)
            return storage_problem(value, MARK_PLACES)
        if value not in checked:  # equal decimals ("2", "2.00") break the same rules
            checked[value] = storage_problem(value, MARK_PLACES)
        return checked[value]

    out = {key: why for key, _, value in marks if (why := storage(value))}
    rest = [m for m in marks if m[0] not in out]
    if rest:
        aspects = np.array([a for _, a, _ in rest], dtype=np.int64)
        values = np.array([float(v) for _, _, v in rest], dtype=np.float64)
        out.update((rest[k][0], why) for k, why in refused_marks(module, aspects, values, compiled).items())
    return out


__all__ = ["MARK_PLACES", "value_problems"]
