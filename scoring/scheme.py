"""The marking scheme (评分细则): criteria → sub-criteria → aspects, with max marks.

One set of Structs is the schema of a definition file, an API body and the engine's input.
`validate_scheme` refuses a scheme that cannot be scored and names the path of every
problem, e.g. `criteria[0].aspects[2].bands[1].upto: bands must ascend by upto`.

Aspect kinds (评分项):
- Measurement (测量): the judge records marks directly, pass/fail (full or zero), or a
  measured value looked up in a band table (value ≤ upto earns that band's marks), checked
  against a drawing's tolerance window (scoring/tolerance.py), placed in an ordered grade
  series (scoring/grades.py) or a time checked against a limit (scoring/time_limit.py).
  `panel` "single" makes it a one-measurer aspect: any one panel judge (the inspector,
  检测员) records the value, overriding the module's aggregation; a second value is refused.
- Judgement (评价): each judge gives an integer 0–3 against descriptors; the awarded mark
  is (panel value / 3) × max_marks. A spread above `spread_limit` between judges is flagged.
- Deduction (扣分): occurrences × per_occurrence, capped at `cap`; the section it sits in
  never falls below 0. `disqualify_at` occurrences disqualify (two damaged devices).
  `scope` "module" takes it from the module total instead (文明生产: 3 per breach from the
  total, at most 10), the total never below 0; it then covers no section allocation.
- Veto (否决项): when recorded, zeroes an aspect, a criterion or the module, or disqualifies.

A section (a criterion with aspects, or a sub-criterion) earns the sum of its scoring aspects
plus the part of its allocation that no scoring aspect covers (the deduction allocation),
less its deductions, floored at 0. The electrician safety module (10 points of deductions
only) is a section of max 10 with no scoring aspect.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

import msgspec

from scoring.errors import Problem, SchemeError
from scoring.grades import Grades, grades_problems
from scoring.time_limit import TimeLimit, time_limit_problems
from scoring.tolerance import Tolerance, tolerance_problems

Marks = Annotated[float, msgspec.Meta(ge=0, le=1_000_000)]
PositiveMarks = Annotated[float, msgspec.Meta(gt=0, le=1_000_000)]
Ident = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=2000)]

_IDENT = re.compile(r"^[A-Za-z0-9_\-.]+$")
_EPS = 1e-9


class _Def(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class Band(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A row of a band table: a measured value ≤ `upto` earns `marks`."""

    upto: Annotated[float, msgspec.Meta(ge=-1_000_000, le=1_000_000)]
    marks: Marks


class Measurement(_Def, tag_field="kind", tag="measurement", kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    max_marks: PositiveMarks
    rule: Literal["marks", "pass_fail", "bands", "tolerance", "grades", "time"] = "marks"
    bands: list[Band] = []
    unit: Annotated[str, msgspec.Meta(max_length=20)] = ""
    tolerance: Tolerance | None = None
    grades: Grades | None = None
    time_limit: TimeLimit | None = None
    panel: Literal["module", "single"] = "module"


class Judgement(_Def, tag_field="kind", tag="judgement", kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    max_marks: PositiveMarks
    descriptors: list[Text] = []
    spread_limit: Annotated[int, msgspec.Meta(ge=0, le=3)] = 1


class Deduction(_Def, tag_field="kind", tag="deduction", kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    per_occurrence: PositiveMarks
    cap: PositiveMarks | None = None
    disqualify_at: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
    consensus: Literal["max", "median"] = "max"
    scope: Literal["section", "module"] = "section"


class Veto(_Def, tag_field="kind", tag="veto", kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """Recorded as 1 (happened) or 0. `target` names the aspect or criterion that an
    "aspect" or "criterion" veto zeroes; by default the section the veto sits in."""

    id: Ident
    name: Name
    name_en: Text = ""
    effect: Literal["aspect", "criterion", "module", "disqualify"]
    target: Ident | None = None
    consensus: Literal["max", "median"] = "max"


Aspect = Measurement | Judgement | Deduction | Veto
SCORING_KINDS = (Measurement, Judgement)


class SubCriterion(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    max_marks: Marks
    aspects: list[Aspect]


class Criterion(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Ident
    name: Name
    name_en: Text = ""
    max_marks: Marks
    sub_criteria: list[SubCriterion] = []
    aspects: list[Aspect] = []


class Scheme(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    criteria: list[Criterion]
    max_marks: PositiveMarks | None = None

    @property
    def total_marks(self) -> float:
        return sum(c.max_marks for c in self.criteria)

    def sections(self) -> list[tuple[str, Criterion, SubCriterion | Criterion]]:
        """(path, criterion, section) in scheme order; a section holds aspects directly."""
        out: list[tuple[str, Criterion, SubCriterion | Criterion]] = []
        for ci, c in enumerate(self.criteria):
            if c.sub_criteria:
                out += [(f"criteria[{ci}].sub_criteria[{si}]", c, s) for si, s in enumerate(c.sub_criteria)]
            else:
                out.append((f"criteria[{ci}]", c, c))
        return out

    def aspects(self) -> list[Aspect]:
        return [a for _, _, s in self.sections() for a in s.aspects]

    def aspect_ids(self) -> list[str]:
        return [a.id for a in self.aspects()]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=_EPS * max(1.0, abs(a), abs(b)))


def _fmt(x: float) -> str:
    return f"{x:g}"


def validate_scheme(scheme: Scheme, path: str = "") -> None:
    """Raise SchemeError listing every rule the scheme breaks; return None if it can be scored."""
    problems = list(scheme_problems(scheme, path))
    if problems:
        raise SchemeError(problems)


def scheme_problems(scheme: Scheme, path: str = ""):
    p = f"{path}." if path else ""
    if not scheme.criteria:
        yield Problem(f"{p}criteria", "a scheme needs at least one criterion")
        return
    yield from _id_problems(scheme, p)
    for ci, c in enumerate(scheme.criteria):
        yield from _criterion_problems(c, f"{p}criteria[{ci}]")
    for sp, _, section in scheme.sections():
        yield from _section_problems(section, f"{p}{sp}")
    yield from _veto_target_problems(scheme, p)
    total = scheme.total_marks
    if scheme.max_marks is not None and not _close(total, scheme.max_marks):
        yield Problem(f"{p}criteria", f"criteria max marks sum to {_fmt(total)}, the scheme declares {_fmt(scheme.max_marks)}")
    if total <= 0:
        yield Problem(f"{p}criteria", "the scheme's max marks must be above 0")


def _named_items(scheme: Scheme, p: str):
    for ci, c in enumerate(scheme.criteria):
        yield f"{p}criteria[{ci}]", c
        for ai, a in enumerate(c.aspects):
            yield f"{p}criteria[{ci}].aspects[{ai}]", a
        for si, s in enumerate(c.sub_criteria):
            yield f"{p}criteria[{ci}].sub_criteria[{si}]", s
            for ai, a in enumerate(s.aspects):
                yield f"{p}criteria[{ci}].sub_criteria[{si}].aspects[{ai}]", a


def _id_problems(scheme: Scheme, p: str):
    seen: dict[str, str] = {}
    for where, item in _named_items(scheme, p):
        if not _IDENT.match(item.id):
            yield Problem(f"{where}.id", f"id {item.id!r} may use only letters, digits, '_', '-' and '.'")
        elif item.id in seen:
            yield Problem(f"{where}.id", f"id {item.id!r} is already used at {seen[item.id]}")
        seen.setdefault(item.id, where)


def _criterion_problems(c: Criterion, path: str):
    if c.sub_criteria and c.aspects:
        yield Problem(path, "a criterion holds either sub_criteria or aspects, not both")
    elif not c.sub_criteria and not c.aspects:
        yield Problem(path, "a criterion needs sub_criteria or aspects")
    if c.sub_criteria:
        total = sum(s.max_marks for s in c.sub_criteria)
        if not _close(total, c.max_marks):
            yield Problem(
                f"{path}.sub_criteria",
                f"sub-criteria max marks sum to {_fmt(total)}, the criterion allows {_fmt(c.max_marks)}",
            )


def _section_problems(section: SubCriterion | Criterion, path: str):
    if not section.aspects:
        yield Problem(f"{path}.aspects", "a section needs at least one aspect")
        return
    scoring = sum(a.max_marks for a in section.aspects if isinstance(a, SCORING_KINDS))
    # a deduction from the module total holds no part of the section's allocation
    has_deduction = any(isinstance(a, Deduction) and a.scope == "section" for a in section.aspects)
    if scoring > section.max_marks + _EPS:
        yield Problem(
            f"{path}.aspects",
            f"aspects' max marks sum to {_fmt(scoring)}, more than the section's {_fmt(section.max_marks)}",
        )
    elif not has_deduction and not _close(scoring, section.max_marks):
        yield Problem(
            f"{path}.aspects",
            f"aspects' max marks sum to {_fmt(scoring)}, the section allows {_fmt(section.max_marks)}"
            " (only a section with deductions may hold an uncovered allocation)",
        )
    for ai, a in enumerate(section.aspects):
        yield from _aspect_problems(a, section, f"{path}.aspects[{ai}]")


def _aspect_problems(a: Aspect, section: SubCriterion | Criterion, path: str):
    if isinstance(a, Measurement):
        yield from _measurement_problems(a, path)
    elif isinstance(a, Judgement):
        if a.descriptors and len(a.descriptors) != 4:
            yield Problem(f"{path}.descriptors", f"a judgement needs 4 descriptors (levels 0–3), got {len(a.descriptors)}")
    elif isinstance(a, Deduction):
        if a.cap is not None and a.cap < a.per_occurrence - _EPS:
            yield Problem(f"{path}.cap", f"cap {_fmt(a.cap)} is below one occurrence's {_fmt(a.per_occurrence)}")
        if a.scope == "section" and a.per_occurrence > section.max_marks + _EPS and a.disqualify_at is None:
            yield Problem(
                f"{path}.per_occurrence",
                f"one occurrence takes {_fmt(a.per_occurrence)}, more than the section's {_fmt(section.max_marks)}",
            )


_RULE_SPECS = (
    ("tolerance", "tolerance", "a tolerance (nominal, lower, upper)", tolerance_problems),
    ("grades", "grades", "grades (series, required, per_grade)", grades_problems),
    ("time", "time_limit", "a time_limit (limit, per_minute, stop)", time_limit_problems),
)


def _measurement_problems(a: Measurement, path: str):
    for rule, field, what, problems in _RULE_SPECS:
        spec = getattr(a, field)
        if a.rule == rule and spec is None:
            yield Problem(f"{path}.{field}", f"rule {rule!r} needs {what}")
        elif a.rule != rule and spec is not None:
            yield Problem(f"{path}.{field}", f"{field} is only read when rule is {rule!r}, rule is {a.rule!r}")
        elif spec is not None:
            yield from problems(spec, f"{path}.{field}")
    if a.rule != "bands":
        if a.bands:
            yield Problem(f"{path}.bands", f"bands are only read when rule is 'bands', rule is {a.rule!r}")
        return
    if not a.bands:
        yield Problem(f"{path}.bands", "rule 'bands' needs at least one band")
        return
    for bi in range(1, len(a.bands)):
        if a.bands[bi].upto <= a.bands[bi - 1].upto:
            yield Problem(f"{path}.bands[{bi}].upto", "bands must ascend strictly by upto")
    for bi, b in enumerate(a.bands):
        if b.marks > a.max_marks + _EPS:
            yield Problem(f"{path}.bands[{bi}].marks", f"band marks {_fmt(b.marks)} exceed the aspect's {_fmt(a.max_marks)}")
    if not _close(max(b.marks for b in a.bands), a.max_marks):
        yield Problem(f"{path}.bands", f"no band awards the aspect's full {_fmt(a.max_marks)} marks")


def _veto_target_problems(scheme: Scheme, p: str):
    scoring_aspects = {a.id for a in scheme.aspects() if isinstance(a, SCORING_KINDS)}
    sections = {c.id for c in scheme.criteria} | {s.id for _, _, s in scheme.sections()}
    for sp, _, section in scheme.sections():
        for ai, a in enumerate(section.aspects):
            if not isinstance(a, Veto):
                continue
            where = f"{p}{sp}.aspects[{ai}].target"
            if a.effect == "aspect":
                if a.target is None:
                    yield Problem(where, "an 'aspect' veto must name the aspect it zeroes")
                elif a.target not in scoring_aspects:
                    yield Problem(where, f"{a.target!r} is not a measurement or judgement aspect of this scheme")
            elif a.effect == "criterion":
                if a.target is not None and a.target not in sections:
                    yield Problem(where, f"{a.target!r} is not a criterion or sub-criterion of this scheme")
            elif a.target is not None:
                yield Problem(where, f"a {a.effect!r} veto takes no target")


def decode_scheme(data: bytes | str, fmt: Literal["json", "toml"] = "json") -> Scheme:
    """Decode and validate a scheme file; type errors and rule errors both become SchemeError."""
    decoder = msgspec.json.decode if fmt == "json" else msgspec.toml.decode
    try:
        scheme = decoder(data, type=Scheme)
    except msgspec.ValidationError as exc:
        raise SchemeError.at(_msgspec_path(str(exc)), str(exc).split(" - at ")[0]) from exc
    except msgspec.DecodeError as exc:
        raise SchemeError.at("", f"not valid {fmt.upper()}: {exc}") from exc
    validate_scheme(scheme)
    return scheme


def _msgspec_path(message: str) -> str:
    # msgspec says "... - at `$.criteria[0].max_marks`"; keep our path style
    if " - at `$" in message:
        return message.rsplit(" - at `$", 1)[1].rstrip("`").lstrip(".")
    return ""
