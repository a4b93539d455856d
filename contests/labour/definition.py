"""A labour competition (劳动竞赛) definition: who competes, the periods, the indicators,
the vetoes, the awards and annual rules, and the titles. One msgspec Struct tree, as a
contest definition is: the schema of a TOML or JSON file, an API body and the value the
domain and the engine run on. The store keeps each accepted version as an immutable
`encode_labour` JSON document, like contest and campaign definitions.

Indicators, vetoes and award rules *are* the engine's (`scoring.kpi`,
`scoring.kpi_standings`), embedded: the engine validates and scores what the organiser wrote.

`validate_labour` reports every problem with its path and rule, e.g.
`indicators: indicator points sum to 95, full_marks is 100` or
`participants[3].unit: unknown unit 'u9' (known: 'u1', 'u2')`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
import tomli_w

from contests.attachments.rules import AttachmentRules
from contests.definition import decode_file, toml_builtins
from contests.errors import DefinitionError
from contests.fields import Name, NameEn, Slug, validation_problem
from contests.labour.awards import KpiRules, awards_problems
from contests.labour.indicators import MAX_INDICATORS, Indicator, indicators_problems
from contests.labour.participants import MAX_PARTICIPANTS, Participant, ParticipantKind, Unit, participant_problems
from contests.labour.periods import MAX_PERIODS, LatePolicy, Period, period_problems
from contests.labour.titles import LabourTitle, titles_problems
from contests.labour.vetoes import VetoRule, vetoes_problems
from scoring.errors import Problem

Format = Literal["json", "toml"]
FullMarks = Annotated[float, msgspec.Meta(gt=0, le=100_000)]


class LabourCompetition(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """One labour competition. `participant_kind` says what competes (班组, 单位, 项目);
    `full_marks` (optional) is what the indicators' points must add up to."""

    id: Slug
    name: Name
    name_en: NameEn = ""
    year: Annotated[int, msgspec.Meta(ge=1949, le=2100)]
    participant_kind: ParticipantKind = "team"
    units: Annotated[list[Unit], msgspec.Meta(max_length=10_000)] = []
    participants: Annotated[list[Participant], msgspec.Meta(max_length=MAX_PARTICIPANTS)] = []
    periods: Annotated[list[Period], msgspec.Meta(max_length=MAX_PERIODS)]
    late: LatePolicy = LatePolicy()
    full_marks: FullMarks | None = None
    indicators: Annotated[list[Indicator], msgspec.Meta(max_length=MAX_INDICATORS)]
    vetoes: Annotated[list[VetoRule], msgspec.Meta(max_length=50)] = []
    rules: KpiRules = KpiRules()
    titles: Annotated[list[LabourTitle], msgspec.Meta(max_length=50)] = []
    attachments: AttachmentRules = AttachmentRules()  # evidence files on reports: size limit, types, files per report

    @property
    def indicator_ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def period_index(self, period_id: str) -> int | None:
        return next((k for k, p in enumerate(self.periods) if p.id == period_id), None)


def validate_labour(competition: LabourCompetition) -> None:
    """Raise DefinitionError listing every problem; return None if the definition is valid."""
    problems = labour_problems(competition)
    if problems:
        raise DefinitionError(problems)


def labour_problems(c: LabourCompetition) -> list[Problem]:
    typed = _type_problems(c)
    if typed:
        return typed  # wrong field types: the rules below would read untrustworthy values
    problems = participant_problems(c.units, c.participants)
    problems += period_problems(c.periods, c.late)
    problems += indicators_problems(c.indicators, c.full_marks)
    problems += vetoes_problems(c.vetoes)
    problems += awards_problems(c.rules, c.indicator_ids, len(c.periods))
    problems += titles_problems(c.titles)
    return list(dict.fromkeys(problems))


def _type_problems(c: LabourCompetition) -> list[Problem]:
    # Structs built in Python skip msgspec's Meta bounds; a round trip applies them
    try:
        msgspec.convert(msgspec.to_builtins(c), LabourCompetition)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc))]
    except (TypeError, ValueError) as exc:
        return [Problem("", f"not a labour competition definition: {exc}")]
    return []


def decode_labour(data: bytes | str, fmt: Format = "toml", *, validate: bool = True) -> LabourCompetition:
    """Decode a definition file or body; type and rule errors both raise DefinitionError."""
    competition = decode_file(data, fmt, LabourCompetition)
    if validate:
        validate_labour(competition)
    return competition


def encode_labour(competition: LabourCompetition, fmt: Format = "json") -> bytes:
    """JSON (2-space indent) or TOML, both without the fields that hold their default;
    `decode_labour(encode_labour(c, f), f) == c`."""
    if fmt == "json":
        return msgspec.json.format(msgspec.json.encode(competition), indent=2) + b"\n"
    if fmt == "toml":
        data = toml_builtins(competition)
        # toml_builtins writes dates as ISO text; TOML has dates of its own, which decode back
        data["periods"] = [{**row, **_dates(p)} for row, p in zip(data["periods"], competition.periods)]
        return tomli_w.dumps(data).encode("utf-8")
    raise DefinitionError.at("format", f"must be 'json' or 'toml', got {fmt!r}")


def _dates(period: Period) -> dict:
    return {"start": period.start, "end": period.end, "report_deadline": period.report_deadline}


__all__ = ["LabourCompetition", "decode_labour", "encode_labour", "labour_problems", "validate_labour"]
