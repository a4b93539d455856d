"""A module (模块): one marking scheme with a weight, an optional scale and its panel rule.

The weight is a percentage of the event total. `scale_to` rescales the scheme's total
before weighting (Guangxi 2014: a practical out of 300 counted out of 100). `pass_mark`
is on the scaled score and decides titles that require this module to pass.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from scoring.aggregation import Aggregation
from scoring.errors import Problem, SchemeError
from scoring.scheme import Ident, Name, PositiveMarks, Scheme, Text, scheme_problems

Weight = Annotated[float, msgspec.Meta(gt=0, le=100)]


class Module(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    weight: Weight
    scheme: Scheme
    scale_to: PositiveMarks | None = None
    aggregation: Aggregation = Aggregation()
    pass_mark: Annotated[float, msgspec.Meta(ge=0, le=1_000_000)] | None = None

    @property
    def max_scaled(self) -> float:
        return self.scale_to if self.scale_to is not None else self.scheme.total_marks

    @property
    def scale_factor(self) -> float:
        return self.max_scaled / self.scheme.total_marks


def module_problems(modules: list[Module], path: str = "modules"):
    if not modules:
        yield Problem(path, "an event needs at least one module")
        return
    seen: dict[str, int] = {}
    for mi, m in enumerate(modules):
        where = f"{path}[{mi}]"
        if m.id in seen:
            yield Problem(f"{where}.id", f"module id {m.id!r} is already used at {path}[{seen[m.id]}]")
        seen.setdefault(m.id, mi)
        yield from scheme_problems(m.scheme, f"{where}.scheme")
        if m.pass_mark is not None and m.scheme.criteria and m.pass_mark > m.max_scaled:
            yield Problem(f"{where}.pass_mark", f"pass mark {m.pass_mark:g} is above the module's {m.max_scaled:g}")
    total = sum(m.weight for m in modules)
    if abs(total - 100) > 1e-9:
        yield Problem(path, f"module weights sum to {total:g}, need 100")


def validate_modules(modules: list[Module], path: str = "modules") -> None:
    problems = list(module_problems(modules, path))
    if problems:
        raise SchemeError(problems)
