"""One-measurer aspects (panel "single"): the inspector (检测员) measures, once.

RULES.md, "Lathe and CNC turning marking examples": practical marks in machining trades are
computed from values measured by the inspector. Averaging two judges' micrometer readings
would invent a dimension nobody measured, so such an aspect overrides its module's panel
rule: the value is the one mark recorded by any judge of the panel. A second judge's value
for the same competitor is refused, by the engine when it scores and, before that, by the
marking use-case through `second_measurer_refusals` (a pure decision on what is stored).
Nobody having measured falls under the module's missing-mark policy ("error" refuses it,
"zero" and "absent" score 0).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

import numpy as np

from scoring.aggregation import Aggregate, Aggregation, has_missing, missing_problems
from scoring.errors import MarksError

K = TypeVar("K", bound=Hashable)

TWO_VALUES = "one judge measures this aspect (panel 'single'): 2 or more judges recorded a value"


def single_panel(marks: np.ndarray, agg: Aggregation, aspect_ids: list[str], *, want_kept: bool = False) -> Aggregate:
    """The one recorded value per (competitor, aspect) of a [C, S, J] tensor."""
    if marks.shape[2] == 1 and not want_kept and not has_missing(marks):
        # one judge on the panel and every value in (the usual inspector's sheet): the values as they are
        ones = np.broadcast_to(np.int64(1), marks.shape[:2])
        return Aggregate(marks[:, :, 0], ones, ones)
    valid = ~np.isnan(marks)
    present = valid.sum(axis=2)
    if (present > 1).any():
        raise MarksError(missing_problems(present > 1, aspect_ids, TWO_VALUES))
    if agg.missing == "error" and (present == 0).any():
        raise MarksError(
            missing_problems(present == 0, aspect_ids, "no judge has measured it (panel 'single'; missing-mark policy is 'error')")
        )
    value = np.where(valid, marks, 0.0).sum(axis=2)
    return Aggregate(value, present, present, valid if want_kept else None)


def merge_panels(rest: Aggregate, single: Aggregate, is_single: np.ndarray) -> Aggregate:
    """One Aggregate over all scoring aspects from the module-rule and single-measurer parts."""
    n = rest.value.shape[0]
    value = np.empty((n, len(is_single)))
    counted = np.empty((n, len(is_single)), dtype=np.int64)
    present = np.empty((n, len(is_single)), dtype=np.int64)
    for out, a, b in ((value, rest.value, single.value), (counted, rest.counted, single.counted), (present, rest.present, single.present)):
        out[:, ~is_single] = a
        out[:, is_single] = b
    kept = None
    if rest.kept is not None and single.kept is not None:
        kept = np.empty((n, len(is_single), rest.kept.shape[2]), dtype=bool)
        kept[:, ~is_single] = rest.kept
        kept[:, is_single] = single.kept
    return Aggregate(value, counted, present, kept)


def single_measurer_aspects(aspects: Iterable) -> frozenset[str]:
    """Ids of the aspects a single judge measures (pass `scheme.aspects()`)."""
    return frozenset(a.id for a in aspects if getattr(a, "panel", "module") == "single")


def second_measurer_refusals(
    single: frozenset[str],
    batch: Iterable[tuple[K, Hashable, str, str]],
    measured_by: Mapping[tuple[Hashable, str], str],
) -> dict[K, str]:
    """{key: rule broken} for the marks of a batch that a second judge would give.

    batch: (key, competitor, aspect id, judge) per mark; measured_by: (competitor, aspect id)
    → the judge whose current value is stored, for the single-measurer cells already measured.
    The judge who measured may send a correction; anyone else is refused. Two judges in one
    batch for the same cell: the second is refused."""
    taken = dict(measured_by)
    out: dict[K, str] = {}
    for key, competitor, aspect, judge in batch:
        if aspect not in single:
            continue
        first = taken.setdefault((competitor, aspect), judge)
        if first != judge:
            out[key] = (
                f"aspect {aspect!r} is measured by one judge: judge {first} has recorded its value "
                "(only that judge corrects it, or the chief judge through an appeal)"
            )
    return out
