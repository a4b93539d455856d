"""The computed mark of one measured value, before it is sent (the tablet's preview).

An inspector types 18.045 for "Φ18 ±0.03, −1 per started 0.01 beyond"; the sheet shows at
once what that value earns and why: "超差 0.015，2 步 × 1 = −2 → 13". The working comes from
`scoring.measure_arithmetic.arithmetic`, which runs the engine's own step functions on the
one value, so the preview and the score computed later cannot disagree, and no page copies
the arithmetic. The value is checked first as a mark would be (`value_problems`): a grade
off the declared series, or a time past a refusing hard stop, is refused with the same rule.

Read-only: nothing is stored, and nothing about a competitor is read (the preview takes no
blind code), so it is the same for every judge of the contest and for the chief judge.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from contests.accounts import Actor
from contests.judging.errors import JudgingError
from contests.usecases.core import access, lookup
from contests.usecases.core.errors import Conflict, NotFound
from contests.usecases.judging.mark_values import value_problems
from contests.usecases.setup.views import View
from scoring.compiled import compile_scheme
from scoring.measure_arithmetic import arithmetic
from scoring.scheme import Measurement

READERS = (access.CHIEF_JUDGE, "judge")
PREVIEWED = ("tolerance", "grades", "time")  # the rules measured against a drawing, a grade series or a time limit


class MarkPreview(View, kw_only=True, frozen=True):
    """What one value earns on one measured aspect, with the working. `excess`: beyond the
    window (tolerance), grades worse (grades), minutes over the limit (time); `steps`: the
    steps, grades or minutes counted, each costing `per_step`; `awarded` = max_marks −
    deduction, never below 0. `note`: the engine's working in words (as `explain` shows it)."""

    aspect_id: str
    rule: str
    value: Decimal
    unit: str
    window: str
    low: float | None
    high: float | None
    excess: float
    steps: float
    per_step: float
    deduction: float
    awarded: float
    max_marks: float
    note: str


async def preview_mark(
    session, actor: Actor, contest_id: int, event_id: str, module_id: str, aspect_id: str, value: Decimal
) -> MarkPreview:
    """The computed mark of `value` on a measured aspect. NotFound (404) for an unknown event,
    module or aspect; Conflict (409) for an aspect that is not measured by tolerance, grades or
    time; JudgingError naming `value` for a value the aspect's rule refuses."""
    access.require_role(actor, READERS, "preview a computed mark")
    _, definition = await lookup.current_contest(session, contest_id)
    module = lookup.module_of(lookup.event_of(definition, event_id), module_id)
    aspect = next((a for _, _, s in module.scheme.sections() for a in s.aspects if a.id == aspect_id), None)
    if aspect is None:
        raise NotFound.at("aspect_id", f"module {event_id}/{module_id} has no aspect {aspect_id!r}")
    if not isinstance(aspect, Measurement) or aspect.rule not in PREVIEWED:
        rule = aspect.rule if isinstance(aspect, Measurement) else type(aspect).__struct_config__.tag
        raise Conflict.at("aspect_id", f"aspect {aspect_id!r} ({rule}) is not measured by tolerance, grades or time: nothing to compute")
    compiled = compile_scheme(module.scheme)
    refused = value_problems(module, compiled, [(0, compiled.aspect_ids.index(aspect_id), value)])
    if refused:
        raise JudgingError.at("value", refused[0])
    working = arithmetic(aspect, float(value))
    fields = msgspec.structs.asdict(working)
    del fields["measured"]
    return MarkPreview(aspect_id=aspect_id, value=value, max_marks=aspect.max_marks, **fields)


__all__ = ["MarkPreview", "preview_mark"]
