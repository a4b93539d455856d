"""Contest definitions (竞赛 → 赛项 → 模块): one msgspec Struct per concept, used alike as the
schema of a definition file (JSON or TOML), an API body and the domain value.

A module *is* `scoring.module.Module` and an event's rules *are* `scoring.event.EventRules`:
they are embedded, never copied, so the scoring engine validates and scores exactly what the
organiser wrote. Rounding, the tie-break chain, awards, medals, standardisation and team
rules therefore live in each event's `rules` (events of one contest may differ, e.g. awards
by count for welders and by share for electricians); `ContestSettings` holds only what is
contest-wide by nature. There are no contest-wide scoring defaults, so there is exactly one
place to look for any rule.

`validate_contest` reports every problem with its full path, e.g.
`events[0].modules: module weights sum to 95, need 100`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

import msgspec
import tomli_w

from contests.errors import DefinitionError
from contests.fields import Name, NameEn, Slug, validation_problem
from contests.prizes import prize_problems
from scoring.errors import Problem, RuleError
from scoring.event import EventRules, validate_event
from scoring.medals import validate_medals
from scoring.module import Module
from scoring.scheme import Ident
from scoring.teams import validate_team_rule

MAX_DEFINITION_BYTES = 2 * 1024 * 1024  # a real contest is a few kB; refuse before parsing
MAX_EVENTS = 100
MAX_MODULES = 50
MAX_STATIONS = 10_000  # per session; the same bound as contests.draw
MAX_SESSION_TIMES = 1_000

PanelSize = Annotated[int, msgspec.Meta(ge=1, le=100)]
Format = Literal["json", "toml"]
T = TypeVar("T")
ConflictPolicy = Literal["unit", "none"]


class _Def(msgspec.Struct, kw_only=True, frozen=True, forbid_unknown_fields=True):
    pass


class SessionTime(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """When one session (场次) runs: aware date-times, e.g. "2026-05-10T08:30:00+08:00"."""

    starts_at: Annotated[dt.datetime, msgspec.Meta(tz=True)]
    ends_at: Annotated[dt.datetime, msgspec.Meta(tz=True)] | None = None


class Sessions(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """How the event is run: in sessions (场次) of `stations` stations (工位) each. The draw
    seats competitors session by session. `times`, when given, lists every session in order,
    so it also says how many sessions there are: the draw refuses a field they cannot hold."""

    stations: Annotated[int, msgspec.Meta(ge=1, le=MAX_STATIONS)]
    times: Annotated[list[SessionTime], msgspec.Meta(max_length=MAX_SESSION_TIMES)] = []


class Event(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """One trade (赛项 / 工种), ranked on its own.

    panel_size: judges expected on each module's panel (module id → count), e.g. 5 for a
    trimmed mean that drops 1 + 1. Modules not listed have no declared size.
    prizes: prize money in yuan per award tier or title name (contests.prizes); none by default.
    sessions: stations per session and session times; None (default): one station per
    competitor, all in one session.
    """

    id: Slug
    name: Name
    name_en: NameEn = ""
    modules: Annotated[list[Module], msgspec.Meta(max_length=MAX_MODULES)]
    rules: EventRules = EventRules()
    panel_size: dict[Ident, PanelSize] = {}
    prizes: dict[Name, Decimal] = {}
    sessions: Sessions | None = None

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


class ContestSettings(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """Contest-wide settings. Scoring rules are per event: see `Event.rules`.

    conflict_policy: "unit" (default, RULES.md "Recusal") — a judge may not mark a
    competitor of the judge's own unit; "none" — no unit conflict is enforced.
    appeal_window_minutes: how long after an event ends an appeal is accepted (RULES.md:
    in writing within 2 hours).
    """

    conflict_policy: ConflictPolicy = "unit"
    appeal_window_minutes: Annotated[int, msgspec.Meta(ge=1, le=7 * 24 * 60)] = 120


class Contest(_Def, kw_only=True, frozen=True, forbid_unknown_fields=True):
    """A contest (竞赛 / 大赛): its events and settings. `id` is a URL-safe slug."""

    id: Slug
    name: Name
    name_en: NameEn = ""
    year: Annotated[int, msgspec.Meta(ge=1949, le=2100)]
    events: Annotated[list[Event], msgspec.Meta(max_length=MAX_EVENTS)]
    settings: ContestSettings = ContestSettings()

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)


# ---------------------------------------------------------------- validation


def validate_contest(contest: Contest) -> None:
    """Raise DefinitionError listing every problem of the contest; return None if valid."""
    problems = contest_problems(contest)
    if problems:
        raise DefinitionError(problems)


def contest_problems(contest: Contest) -> list[Problem]:
    typed = _type_problems(contest)
    if typed:
        return typed  # field types are wrong: rules that read those fields could not be trusted
    problems: list[Problem] = []
    if not contest.events:
        problems.append(Problem("events", "a contest needs at least one event"))
    seen: dict[str, int] = {}
    for i, event in enumerate(contest.events):
        if event.id in seen:
            problems.append(Problem(f"events[{i}].id", f"event id {event.id!r} is already used at events[{seen[event.id]}]"))
        seen.setdefault(event.id, i)
        problems += event_problems(event, f"events[{i}]")
    return _unique(problems)


def _type_problems(contest: Contest) -> list[Problem]:
    # Structs built in Python skip msgspec's Meta bounds; a round trip through builtins
    # applies exactly the checks a decoded file gets.
    try:
        msgspec.convert(msgspec.to_builtins(contest), Contest)
    except msgspec.ValidationError as exc:
        return [Problem(*validation_problem(exc))]
    except (TypeError, ValueError) as exc:
        return [Problem("", f"not a contest definition: {exc}")]
    return []


def event_problems(event: Event, path: str) -> list[Problem]:
    problems: list[Problem] = []
    try:
        validate_event(event.modules, event.rules, path)
    except RuleError as exc:
        problems += exc.problems
    problems += _policy_problems(event, path)
    problems += _panel_size_problems(event, path)
    problems += prize_problems(event.prizes, event.rules.awards, path)
    problems += _session_problems(event.sessions, f"{path}.sessions")
    return problems


def _session_problems(sessions: Sessions | None, path: str) -> list[Problem]:
    """Each session ends after it starts, and sessions are listed in order without overlap."""
    problems: list[Problem] = []
    previous: dt.datetime | None = None
    for i, t in enumerate(sessions.times if sessions is not None else []):
        where = f"{path}.times[{i}]"
        if t.ends_at is not None and t.ends_at <= t.starts_at:
            problems.append(Problem(f"{where}.ends_at", "a session must end after it starts"))
        if previous is not None and t.starts_at < previous:
            problems.append(Problem(f"{where}.starts_at", "sessions must be listed in order and must not overlap the one before"))
        previous = t.ends_at or t.starts_at
    return problems


def _policy_problems(event: Event, path: str) -> list[Problem]:
    """Policies validate_event does not check itself; problems re-rooted at their path."""
    ids = [m.id for m in event.modules]
    checks = []
    if event.rules.teams is not None:
        checks.append((f"{path}.rules.teams", lambda: validate_team_rule(event.rules.teams, ids)))
    if event.rules.medals is not None:
        checks.append((f"{path}.rules.medals", lambda: validate_medals(event.rules.medals)))
    problems = []
    for where, check in checks:
        try:
            check()
        except RuleError as exc:
            problems += [Problem(f"{where}.{p.path}" if p.path else where, p.rule) for p in exc.problems]
    return problems


def _panel_size_problems(event: Event, path: str) -> list[Problem]:
    problems = []
    for module_id, size in event.panel_size.items():
        where = f"{path}.panel_size.{module_id}"
        module = event.module(module_id)
        if module is None:
            known = ", ".join(repr(m.id) for m in event.modules) or "none"
            problems.append(Problem(where, f"unknown module {module_id!r} (known: {known})"))
            continue
        agg = module.aggregation
        if agg.method == "trimmed_mean" and size <= 2 * agg.trim:
            problems.append(
                Problem(where, f"a trimmed mean dropping {agg.trim} + {agg.trim} marks needs more than {2 * agg.trim} judges, got {size}")
            )
    return problems


def _unique(problems: list[Problem]) -> list[Problem]:
    # the engine may come to check a policy we also check; report each problem once
    return list(dict.fromkeys(problems))


# ---------------------------------------------------------------- files


def decode_file(data: bytes | str, fmt: Format, kind: type[T]) -> T:
    """Decode a definition of any kind (contest, labour competition) from JSON or TOML, within
    the size limit; a type error raises DefinitionError naming its path. Rules are the caller's."""
    if fmt not in ("json", "toml"):
        raise DefinitionError.at("format", f"must be 'json' or 'toml', got {fmt!r}")
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_DEFINITION_BYTES:
        raise DefinitionError.at("", f"the definition is {size} bytes, at most {MAX_DEFINITION_BYTES} allowed")
    decoder = msgspec.json.decode if fmt == "json" else msgspec.toml.decode
    try:
        return decoder(data, type=kind)
    except msgspec.ValidationError as exc:
        raise DefinitionError.at(*validation_problem(exc)) from exc
    except (msgspec.DecodeError, UnicodeError) as exc:
        raise DefinitionError.at("", f"not valid {fmt.upper()}: {exc}") from exc


def decode_contest(data: bytes | str, fmt: Format = "json", *, validate: bool = True) -> Contest:
    """Decode a definition file or body; type and rule errors both raise DefinitionError."""
    contest = decode_file(data, fmt, Contest)
    if validate:
        validate_contest(contest)
    return contest


def encode_contest(contest: Contest, fmt: Format = "json") -> bytes:
    """Encode a definition: JSON with every field (2-space indent), or TOML without the
    fields that hold their default. `decode_contest(encode_contest(c, f), f) == c`."""
    if fmt == "json":
        return msgspec.json.format(msgspec.json.encode(contest), indent=2) + b"\n"
    if fmt == "toml":
        return tomli_w.dumps(toml_builtins(contest)).encode("utf-8")
    raise DefinitionError.at("format", f"must be 'json' or 'toml', got {fmt!r}")


def toml_builtins(value: Any, path: str = "") -> Any:
    """Builtins for TOML: Struct fields equal to their default are left out, which is also
    how None (which TOML cannot write) round-trips when None is the default. A None that is
    not the default cannot be written in TOML and is refused with its path."""
    if isinstance(value, msgspec.Struct):
        return _struct_builtins(value, path)
    if isinstance(value, (list, tuple)):
        return [toml_builtins(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: toml_builtins(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if value is None:
        raise DefinitionError.at(path, "TOML cannot express an empty (null) value here: use JSON")
    if isinstance(value, Decimal):
        return value  # a prize of 3000 yuan reads as the number 3000, not the text "3000"
    if isinstance(value, dt.datetime):
        return value  # a session time is a TOML offset date-time, not a string
    return msgspec.to_builtins(value)


def _struct_builtins(struct: msgspec.Struct, path: str) -> dict:
    config = type(struct).__struct_config__
    out: dict[str, Any] = {}
    if config.tag_field is not None:
        out[config.tag_field] = config.tag
    for field in msgspec.structs.fields(struct):
        value = getattr(struct, field.name)
        if _is_default(value, field):
            continue
        out[field.encode_name] = toml_builtins(value, f"{path}.{field.name}" if path else field.name)
    return out


def _is_default(value: Any, field: msgspec.structs.FieldInfo) -> bool:
    if field.default is not msgspec.NODEFAULT:
        default = field.default
    elif field.default_factory is not msgspec.NODEFAULT:
        default = field.default_factory()
    else:
        return False
    return type(value) is type(default) and value == default


__all__ = [
    "ConflictPolicy",
    "Contest",
    "DefinitionError",
    "ContestSettings",
    "Event",
    "SessionTime",
    "Sessions",
    "MAX_DEFINITION_BYTES",
    "contest_problems",
    "decode_contest",
    "decode_file",
    "encode_contest",
    "event_problems",
    "validate_contest",
]
