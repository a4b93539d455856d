"""What the tablet needs beside the marking sheet: how each aspect is entered and the bounds
of an instant check, with the API's own refusal message.

The sheet itself comes from the use-case behind `GET …/modules/{module}/sheet`
(`contests.usecases.judging.sheets.get_sheet`); this module only decides the input widget
and the bounds the page checks before sending. Those bounds follow the engine's value
rules (scoring.module_score) per aspect kind; tests/screens/test_tablet_bounds.py checks
every aspect of the example contests against the engine, so they cannot drift apart. The
message shown for a refused value is the engine's: it is obtained by asking the marking
use-case's value check (`value_problems`) about a value just outside the bounds, and the
page fills in the typed value in the same format, so a judge reads the same sentence
whether the page or the server refuses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import msgspec

from contests.usecases.judging.mark_values import value_problems
from contests.usecases.judging.views import SheetAspect
from scoring.compiled import CompiledScheme, compile_scheme
from scoring.module import Module

Widget = Literal["levels", "binary", "number"]
VALUE_SLOT = "{value}"


class AspectInput(msgspec.Struct, kw_only=True, frozen=True):
    """How one aspect is entered on the tablet."""

    aspect: SheetAspect
    widget: Widget
    low: float | None  # smallest accepted value (None: any)
    high: float | None  # largest accepted value (None: any)
    whole: bool  # whole numbers only
    refusal: str  # the API's message for a value out of bounds, with {value} for the value
    levels: list[int]  # the buttons of a levels or binary widget


def bounds(aspect: SheetAspect) -> tuple[Widget, float | None, float | None, bool]:
    """(widget, low, high, whole) of an aspect, after the engine's value rules."""
    if aspect.kind == "judgement":
        return "levels", 0.0, 3.0, True
    if aspect.kind == "veto" or aspect.rule == "pass_fail":
        return "binary", 0.0, 1.0, True
    if aspect.kind == "deduction":
        return "number", 0.0, None, True
    if aspect.rule == "marks":
        return "number", 0.0, aspect.max_marks, False
    if aspect.rule == "time":
        return "number", 0.0, None, False
    return "number", None, None, False  # bands, tolerance, grades: any finite value; the rule judges it


def aspect_inputs(module: Module, aspects: list[SheetAspect]) -> list[AspectInput]:
    compiled = compile_scheme(module.scheme)
    index = {a: i for i, a in enumerate(compiled.aspect_ids)}
    out = []
    for aspect in aspects:
        widget, low, high, whole = bounds(aspect)
        refusal = _refusal(module, compiled, index[aspect.id], low, high, whole)
        levels = list(range(int(low), int(high) + 1)) if widget != "number" and low is not None and high is not None else []
        out.append(AspectInput(aspect=aspect, widget=widget, low=low, high=high, whole=whole, refusal=refusal, levels=levels))
    return out


def _refusal(module: Module, compiled: CompiledScheme, index: int, low: float | None, high: float | None, whole: bool) -> str:
    """The value check's message for a value just outside the bounds, the value replaced by {value}."""
    probe = next(
        (
            v
            for v in (high + 1 if high is not None else None, low - 1 if low is not None else None, 0.5 if whole else None)
            if v is not None
        ),
        None,
    )
    if probe is None:
        return ""
    why = value_problems(module, compiled, [(0, index, Decimal(str(probe)))]).get(0, "")
    shown = f"{probe:g}"
    return VALUE_SLOT + why[len(shown) :] if why.startswith(shown) else why


__all__ = ["AspectInput", "aspect_inputs", "bounds"]
